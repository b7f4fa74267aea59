package dev.pixelprivacy.examples.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/**
 * Runs the tool in-process and captures both streams.
 *
 * @param code the exit code
 * @param out standard output
 * @param err standard error
 */
record CliRun(int code, String out, String err) {

    static CliRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = PixelPrivacy.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
        return new CliRun(code, out.toString(), err.toString());
    }
}
