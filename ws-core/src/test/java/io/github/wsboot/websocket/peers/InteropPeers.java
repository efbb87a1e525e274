package io.github.wsboot.websocket.peers;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/** The node and python peers of the repository's {@code interop-peers/} folder, and how to run them. */
final class InteropPeers {

    /** Debian's interpreter, where {@code apt-get install python3-websockets} puts the package (a pyenv would not see it). */
    static final String PYTHON = "/usr/bin/python3";

    static final ExternalPeer NODE_WS = new ExternalPeer("node ws (interop-peers/node)", InteropPeers::nodeProblem);

    static final ExternalPeer PYTHON_WEBSOCKETS =
            new ExternalPeer("python websockets (" + PYTHON + ")", InteropPeers::pythonProblem);

    /** Node's peers: the {@code ws} package, scripts in {@code interop-peers/node}. */
    static final Language NODE_PEERS = new Language(NODE_WS, InteropPeers::nodeDir, InteropPeers::node);

    /** Python's peers: the {@code websockets} package, scripts in {@code interop-peers/python}. */
    static final Language PYTHON_PEERS = new Language(PYTHON_WEBSOCKETS, InteropPeers::pythonDir, InteropPeers::python);

    /** The peers of one language: whether they are installed, the folder of their scripts, how a script runs. */
    record Language(ExternalPeer peer, Supplier<Path> dir, BiFunction<String, List<String>, List<String>> runner) {

        /** The command that runs {@code script} with {@code args}. */
        List<String> command(String script, List<String> args) {
            return runner.apply(script, args);
        }
    }

    private static final Duration CHECK_TIMEOUT = Duration.ofSeconds(20);

    private InteropPeers() {}

    static Path nodeDir() {
        return root().resolve("node");
    }

    static Path pythonDir() {
        return root().resolve("python");
    }

    /** {@code node SCRIPT ARGS...} */
    static List<String> node(String script, List<String> args) {
        List<String> command = new ArrayList<>(List.of("node", script));
        command.addAll(args);
        return command;
    }

    /** {@code python3 -B SCRIPT ARGS...}; -B keeps {@code __pycache__} out of the source tree. */
    static List<String> python(String script, List<String> args) {
        List<String> command = new ArrayList<>(List.of(PYTHON, "-B", script));
        command.addAll(args);
        return command;
    }

    /**
     * The {@code interop-peers} folder: tests run in the module folder (ws-core), or wherever the build was
     * started, so look upwards.
     */
    static Path root() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("interop-peers");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException(
                "no interop-peers folder above " + Path.of("").toAbsolutePath());
    }

    private static String nodeProblem() {
        Path dir;
        try {
            dir = nodeDir();
        } catch (IllegalStateException e) {
            return e.getMessage();
        }
        if (PeerProcess.run(dir, CHECK_TIMEOUT, "node", "--version") != 0) {
            return "no working `node` on the PATH";
        }
        if (!Files.isRegularFile(dir.resolve("node_modules/ws/package.json"))) {
            return "the ws package is not installed in " + dir.resolve("node_modules") + " (npm ci)";
        }
        return null;
    }

    private static String pythonProblem() {
        Path dir;
        try {
            dir = pythonDir();
        } catch (IllegalStateException e) {
            return e.getMessage();
        }
        if (PeerProcess.run(dir, CHECK_TIMEOUT, PYTHON, "-c", "import websockets") != 0) {
            return "`" + PYTHON + " -c 'import websockets'` failed (apt-get install python3-websockets)";
        }
        return null;
    }
}
