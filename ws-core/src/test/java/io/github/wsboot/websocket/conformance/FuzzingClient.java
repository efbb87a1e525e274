package io.github.wsboot.websocket.conformance;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;

/** Autobahn's fuzzing client: tests a server, one fresh connection per case. */
final class FuzzingClient {

    private static final int CONNECT_TIMEOUT_MS = 5000;
    private static final int HANDSHAKE_TIMEOUT_MS = 10_000;

    private FuzzingClient() {
    }

    static CaseResult run(CaseSpec spec, int port) {
        return run(spec, port, 1.0);
    }

    /** @param timeScale factor for the fuzzer's timers; 1 keeps Autobahn's */
    static CaseResult run(CaseSpec spec, int port, double timeScale) {
        long started = System.currentTimeMillis();
        Socket socket = new Socket();
        InputStream in;
        OutputStream out;
        try {
            socket.connect(new InetSocketAddress("127.0.0.1", port), CONNECT_TIMEOUT_MS);
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(HANDSHAKE_TIMEOUT_MS);
            in = new BufferedInputStream(socket.getInputStream(), 1 << 16);
            out = socket.getOutputStream();
            Handshake.asClient(in, out, "127.0.0.1:" + port, "/runCase?case=" + spec.id() + "&agent=ws");
            socket.setSoTimeout(0);
        } catch (IOException e) {
            closeQuietly(socket);
            return CaseResult.failed(spec, "The WebSocket opening handshake was never completed: " + e,
                    System.currentTimeMillis() - started);
        }
        return new FuzzSession(false, socket, in, out, spec, timeScale).run();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // Nothing to release.
        }
    }
}
