package dev.pixelprivacy.bench.memory;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs a child process (the tool in its own JVM), samples its peak resident memory (VmHWM, and the
 * current RSS, from {@code /proc/<pid>/status}) every 20 ms and keeps each line it prints with the
 * time it arrived, so that a throughput can be read off the lines. Linux only.
 *
 * @param lines the child's output lines (standard output and error merged), in order
 * @param nanos when each line arrived, {@link System#nanoTime()} units from the start
 * @param peakKiB the highest VmHWM or RSS seen, KiB
 * @param seconds the child's wall time
 * @param exitCode its exit code
 * @param commandLine the command as a shell line, with the environment given to it
 */
record ChildRun(List<String> lines, List<Long> nanos, long peakKiB, double seconds, int exitCode, String commandLine) {
    private static final long SAMPLE_PERIOD_MS = 20;

    /**
     * @param cmd the command
     * @param env extra environment variables (OMP_WAIT_POLICY defaults to this JVM's or PASSIVE)
     * @param timeoutMinutes the child is killed after this long, and the run fails
     * @return what it did
     * @throws IOException if it cannot be started
     * @throws InterruptedException if interrupted while waiting
     * @throws IllegalStateException if it did not finish in time (the message names the command)
     */
    static ChildRun run(List<String> cmd, Map<String, String> env, long timeoutMinutes)
            throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd);
        String omp = System.getenv().getOrDefault("OMP_WAIT_POLICY", "PASSIVE");
        pb.environment().put("OMP_WAIT_POLICY", omp);
        pb.environment().putAll(env);
        pb.redirectErrorStream(true);
        StringBuilder prefix = new StringBuilder("OMP_WAIT_POLICY=" + omp + " ");
        env.forEach((k, v) -> prefix.append(k).append('=').append(v).append(' '));
        String commandLine = prefix + ProtectMemoryRun.shellLine(cmd);
        System.out.println("ChildRun: " + commandLine);
        long t0 = System.nanoTime();
        Process child = pb.start();
        List<String> lines = new ArrayList<>();
        List<Long> nanos = new ArrayList<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    synchronized (lines) {
                        lines.add(line);
                        nanos.add(System.nanoTime() - t0);
                    }
                }
            } catch (IOException e) {
                synchronized (lines) {
                    lines.add("(reading the child's output failed: " + e + ")");
                    nanos.add(System.nanoTime() - t0);
                }
            }
        }, "child-output");
        reader.setDaemon(true);
        reader.start();
        long peakKiB = 0;
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(timeoutMinutes);
        try {
            while (!child.waitFor(SAMPLE_PERIOD_MS, TimeUnit.MILLISECONDS)) {
                java.util.Optional<ProcStatus> st = ProcStatus.read(child.pid());
                if (st.isPresent()) {
                    peakKiB = Math.max(peakKiB, Math.max(st.get().hwmKiB(), st.get().rssKiB()));
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the child did not finish within " + timeoutMinutes
                            + " minutes; command: " + commandLine);
                }
            }
        } finally {
            if (child.isAlive()) {
                child.destroyForcibly();
                child.waitFor();
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        reader.join(TimeUnit.SECONDS.toMillis(10));
        synchronized (lines) {
            return new ChildRun(List.copyOf(lines), List.copyOf(nanos), peakKiB, seconds, child.exitValue(),
                    commandLine);
        }
    }

    /** A run's work, measured and written. */
    interface Work {
        /**
         * @throws IOException if a file cannot be written or read
         * @throws InterruptedException if interrupted
         */
        void run() throws IOException, InterruptedException;
    }

    /**
     * Splits a measuring program's arguments: {@code --name value} pairs and flags, in order, up to
     * {@code --}, after which every argument goes to {@code extra} (the tool's own options).
     *
     * @param args the arguments
     * @param flags the options that take no value
     * @param extra receives the arguments after {@code --}
     * @return name and value of each option (a flag's value is {@code true})
     * @throws IllegalArgumentException for an option without its value
     */
    static List<String[]> options(String[] args, java.util.Set<String> flags, List<String> extra) {
        List<String[]> out = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--")) {
                extra.addAll(List.of(args).subList(i + 1, args.length));
                break;
            }
            if (flags.contains(a)) {
                out.add(new String[] {a, "true"});
                continue;
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("option " + a + " needs a value (or is unknown)");
            }
            out.add(new String[] {a, args[++i]});
        }
        return out;
    }

    /**
     * Parses a measuring program's settings, exiting with 2 and the message on bad ones.
     *
     * @param program the program's name for messages
     * @param parse the parser
     * @param <S> the settings' type
     * @return the settings
     */
    static <S> S parseOrExit(String program, java.util.function.Supplier<S> parse) {
        try {
            return parse.get();
        } catch (IllegalArgumentException e) {
            System.err.println(program + ": " + e.getMessage());
            System.exit(2);
            throw e;
        }
    }

    /**
     * Runs a measuring program's work and exits as the measuring programs do: 1 on a failure (the
     * message printed after the program's name), 0 otherwise.
     *
     * @param program the program's name for messages
     * @param work the work
     */
    static void exitAfter(String program, Work work) {
        try {
            work.run();
        } catch (IllegalArgumentException | IllegalStateException | IOException e) {
            System.err.println(program + ": " + e.getMessage());
            System.exit(1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            System.err.println(program + ": interrupted");
            System.exit(1);
        }
    }

    /**
     * @param jar the tool's jar the children run
     * @param work the work folder asked for, or null for a new temporary one
     * @param prefix the temporary folder's name prefix
     * @return the work folder, created and empty
     * @throws IOException if it cannot be created
     * @throws IllegalStateException off Linux (the runs read {@code /proc/<pid>/status})
     * @throws IllegalArgumentException if the jar is missing or the work folder is not empty
     */
    static Path prepare(Path jar, Path work, String prefix) throws IOException {
        if (!Files.isReadable(Path.of("/proc/self/status"))) {
            throw new IllegalStateException("this run reads /proc/<pid>/status and needs Linux");
        }
        if (!Files.isRegularFile(jar)) {
            throw new IllegalArgumentException("the tool's jar " + jar.toAbsolutePath() + " does not exist; build it "
                    + "with: mvn -B -ntp -q package -DskipTests -pl examples -am");
        }
        Path dir = work == null ? Files.createTempDirectory(prefix) : work;
        if (Files.exists(dir)) {
            try (Stream<Path> entries = Files.list(dir)) {
                if (entries.findAny().isPresent()) {
                    throw new IllegalArgumentException("--work " + dir + " must be empty or not exist");
                }
            }
        }
        Files.createDirectories(dir);
        return dir;
    }

    /** @return the last twenty lines, for a failure's message */
    String tail() {
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    }
}
