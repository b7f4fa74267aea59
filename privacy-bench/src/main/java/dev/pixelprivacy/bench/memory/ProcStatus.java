package dev.pixelprivacy.bench.memory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The memory lines of a Linux process's {@code /proc/<pid>/status}: resident set size now
 * ({@code VmRSS}) and its high-water mark ({@code VmHWM}), in KiB as the kernel reports them.
 *
 * @param rssKiB resident set size in KiB, at least 0
 * @param hwmKiB peak resident set size since the process started, in KiB, at least {@code rssKiB}
 *     as the kernel keeps it
 */
record ProcStatus(long rssKiB, long hwmKiB) {
    ProcStatus {
        if (rssKiB < 0 || hwmKiB < 0) {
            throw new IllegalArgumentException("VmRSS and VmHWM must be >= 0 but were " + rssKiB + " and " + hwmKiB);
        }
    }

    /**
     * @param text the whole content of a {@code /proc/<pid>/status} file
     * @return its VmRSS and VmHWM
     * @throws IllegalArgumentException if either line is missing (a kernel thread, or a process that has
     *     exited and not been reaped yet) or is not {@code Name: <number> kB}
     */
    static ProcStatus parse(String text) {
        long rss = -1;
        long hwm = -1;
        for (String line : text.split("\n")) {
            if (line.startsWith("VmRSS:")) {
                rss = kib(line);
            } else if (line.startsWith("VmHWM:")) {
                hwm = kib(line);
            }
        }
        if (rss < 0 || hwm < 0) {
            throw new IllegalArgumentException("no VmRSS and VmHWM lines in the process status (exited?): "
                    + (text.length() > 200 ? text.substring(0, 200) + "..." : text));
        }
        return new ProcStatus(rss, hwm);
    }

    private static long kib(String line) {
        String[] parts = line.trim().split("\\s+");
        if (parts.length != 3 || !parts[2].equals("kB")) {
            throw new IllegalArgumentException("expected 'Name: <number> kB' but the line was '" + line + "'");
        }
        try {
            return Long.parseLong(parts[1]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a number of kB in the line '" + line + "'", e);
        }
    }

    /**
     * @param pid a process id
     * @return its memory lines, or empty once the process is gone, exiting or exited (its status then
     *     cannot be read or has no memory lines)
     * @throws IOException if the status file exists but cannot be read
     */
    static Optional<ProcStatus> read(long pid) throws IOException {
        String text;
        try {
            text = Files.readString(Path.of("/proc", Long.toString(pid), "status"));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            // A process tearing down its address space answers read() with ESRCH.
            if ("No such process".equals(e.getMessage())) {
                return Optional.empty();
            }
            throw new IOException("reading /proc/" + pid + "/status failed: " + e.getMessage(), e);
        }
        if (!text.contains("VmRSS:")) {
            return Optional.empty();
        }
        return Optional.of(parse(text));
    }

    /** @return VmRSS in MiB */
    double rssMiB() {
        return rssKiB / 1024.0;
    }

    /** @return VmHWM in MiB */
    double hwmMiB() {
        return hwmKiB / 1024.0;
    }
}
