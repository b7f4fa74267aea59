package dev.pixelprivacy.examples.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Loads a page in Debian's headless Chromium and reads back how many of its pictures decoded (the
 * report marks its body with {@code data-images="loaded/total"} once loaded). The project's test
 * command installs Chromium; set {@code PIXELPRIVACY_CHROMIUM} to use another binary.
 */
final class HeadlessChromium {
    private static final Pattern IMAGES = Pattern.compile("data-images=\"(\\d+)/(\\d+)\"");

    private HeadlessChromium() {}

    /** Pictures loaded and pictures on the page. */
    record Loaded(int loaded, int total) {}

    static Path binary() {
        String env = System.getenv("PIXELPRIVACY_CHROMIUM");
        for (String candidate : new String[] {env, "/usr/bin/chromium", "/usr/bin/chromium-browser"}) {
            if (candidate != null && Files.isExecutable(Path.of(candidate))) {
                return Path.of(candidate);
            }
        }
        throw new IllegalStateException("headless Chromium is needed to check the HTML report but was not found at "
                + "/usr/bin/chromium; run the README's test command (it installs Debian's chromium) or set "
                + "PIXELPRIVACY_CHROMIUM");
    }

    static Loaded load(Path page, Path profile) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(binary().toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + profile, "--virtual-time-budget=10000", "--dump-dom",
                page.toUri().toString()));
        Path dom = Files.createTempFile(profile.getParent(), "dom", ".html");
        Process p = new ProcessBuilder(cmd).redirectOutput(dom.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("Chromium did not finish loading " + page + " within 120 s");
        }
        String html = Files.readString(dom, StandardCharsets.UTF_8);
        Matcher m = IMAGES.matcher(html);
        if (!m.find()) {
            throw new IllegalStateException("Chromium (exit " + p.exitValue() + ") returned no data-images mark for "
                    + page + "; the page's load handler did not run");
        }
        return new Loaded(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
    }
}
