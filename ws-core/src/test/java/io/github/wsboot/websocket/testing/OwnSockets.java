package io.github.wsboot.websocket.testing;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Counts the TCP sockets this process holds on one port (Linux): the socket inodes behind {@code /proc/self/fd}
 * joined with {@code /proc/net/tcp} and {@code tcp6}. A test that counts all descriptors fails when some
 * unrelated descriptor (a jar, a log file) opens or closes meanwhile; the sockets of the test's own connections
 * change only with those connections.
 */
public final class OwnSockets {

    private static final String LISTEN = "0A";
    private static final String ESTABLISHED = "01";

    private OwnSockets() {}

    /** Whether the files this reads are there (Linux). */
    public static boolean available() {
        return Files.isDirectory(Path.of("/proc/self/fd")) && Files.isReadable(Path.of("/proc/net/tcp"));
    }

    /**
     * Connected (not listening) sockets of this process whose local or remote port is {@code port}: on a
     * server's port, the accepted connections and, when the clients run in this process too, their ends.
     */
    public static int connectedOn(int port) throws IOException {
        return count(f -> !LISTEN.equals(f[3]) && (port(f[1]) == port || port(f[2]) == port));
    }

    /**
     * Established connections this process accepted on {@code port} (its local port): a server's live
     * connections when the clients run in another process. Sockets that an earlier test left half-closed on a
     * reused port number (CLOSE_WAIT) are not counted.
     */
    public static int establishedAcceptedOn(int port) throws IOException {
        return count(f -> ESTABLISHED.equals(f[3]) && port(f[1]) == port);
    }

    /**
     * The number of distinct sockets of this process that match. {@code /proc/net/tcp} is generated a chunk at a
     * time while other processes open and close sockets: a line can come twice, or be skipped, in one read. So
     * sockets are counted by inode (no duplicates), and the largest of three reads is taken (fewer skips).
     */
    private static int count(java.util.function.Predicate<String[]> matches) throws IOException {
        Set<String> inodes = socketInodes();
        int most = 0;
        for (int read = 0; read < 3; read++) {
            Set<String> matched = new HashSet<>();
            for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
                Path path = Path.of(table);
                if (!Files.isReadable(path)) {
                    continue;
                }
                List<String> lines = Files.readAllLines(path);
                for (int i = 1; i < lines.size(); i++) { // the first line is the header
                    String[] f = lines.get(i).trim().split("\\s+");
                    if (f.length > 9 && inodes.contains(f[9]) && matches.test(f)) {
                        matched.add(f[9]);
                    }
                }
            }
            most = Math.max(most, matched.size());
        }
        return most;
    }

    private static int port(String hexAddress) {
        return Integer.parseInt(hexAddress.substring(hexAddress.lastIndexOf(':') + 1), 16);
    }

    private static Set<String> socketInodes() throws IOException {
        Set<String> inodes = new HashSet<>();
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc/self/fd"))) {
            for (Path fd : fds) {
                String target;
                try {
                    target = Files.readSymbolicLink(fd).toString();
                } catch (IOException closedMeanwhile) {
                    continue;
                }
                if (target.startsWith("socket:[") && target.endsWith("]")) {
                    inodes.add(target.substring("socket:[".length(), target.length() - 1));
                }
            }
        }
        return inodes;
    }
}
