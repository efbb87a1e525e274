package io.github.wsboot.websocket.reliability;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What this JVM holds from the operating system, read from {@code /proc/self} (Linux). */
record ProcessResources(int threads, int openFiles, long rssKb) {

    static ProcessResources now() throws IOException {
        String[] fds = new File("/proc/self/fd").list();
        long rss = 0;
        int threads = 0;
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                rss = Long.parseLong(line.replaceAll("[^0-9]", ""));
            } else if (line.startsWith("Threads:")) {
                threads = Integer.parseInt(line.replaceAll("[^0-9]", ""));
            }
        }
        return new ProcessResources(threads, fds == null ? -1 : fds.length, rss);
    }

    /** Whether /proc/self is there to read. */
    static boolean available() {
        return new File("/proc/self/fd").isDirectory();
    }
}
