package dev.pixelprivacy.examples.cli;

/** Process exit codes of {@code pixel-privacy}, so scripts can tell failures apart. */
public final class ExitCodes {
    /** Everything succeeded. */
    public static final int OK = 0;
    /** An unexpected failure of the tool or a model. */
    public static final int FAILURE = 1;
    /** Bad usage: an unknown option, a missing argument, a value out of range. */
    public static final int USAGE = 2;
    /** Some inputs could not be read or written; the others were processed. */
    public static final int BAD_INPUT = 3;

    private ExitCodes() {}
}
