package io.github.wsboot.websocket.conformance;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;

/** Autobahn's fuzzing client: tests a server, one fresh connection per case. */
final class FuzzingClient {

    private static final int CONNECT_TIMEOUT_MS = 5000;
    private static final int HANDSHAKE_TIMEOUT_MS = 10_000;

    private FuzzingClient() {}

    static CaseResult run(CaseSpec spec, int port) {
        return run(spec, port, 1.0);
    }

    /** @param timeScale factor for the fuzzer's timers; 1 keeps Autobahn's */
    static CaseResult run(CaseSpec spec, int port, double timeScale) {
        long started = System.currentTimeMillis();
        Socket socket = new Socket();
        InputStream in;
        OutputStream out;
        DeflateAgreement agreement = null;
        List<DeflateOffer> offers =
                spec.deflate() == null ? List.of() : spec.deflate().clientOffers();
        try {
            socket.connect(new InetSocketAddress("127.0.0.1", port), CONNECT_TIMEOUT_MS);
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(HANDSHAKE_TIMEOUT_MS);
            in = new BufferedInputStream(socket.getInputStream(), 1 << 16);
            out = socket.getOutputStream();
            // The setup's path prefix picks the server's configuration (sections 12 and 13 need compression).
            String answer = Handshake.asClient(
                    in,
                    out,
                    "127.0.0.1:" + port,
                    spec.setup().path() + "/runCase?case=" + spec.id() + "&agent=ws",
                    offers.isEmpty() ? null : DeflateOffer.header(offers));
            agreement = DeflateAgreement.fromResponse(answer, offers);
            socket.setSoTimeout(0);
        } catch (IOException | IllegalArgumentException e) {
            closeQuietly(socket);
            return CaseResult.failed(
                    spec,
                    "The WebSocket opening handshake was never completed: " + e,
                    System.currentTimeMillis() - started);
        }
        return new FuzzSession(false, socket, in, out, spec, timeScale, agreement).run();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // Nothing to release.
        }
    }
}
