package io.github.wsboot.websocket.conformance;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;

/**
 * A deliberately broken WebSocket endpoint, for the fuzzer's self-test. By default ({@link Defect#CORRUPT}) it
 * accepts any frame (bad RSV bits, reserved opcodes, invalid UTF-8, broken fragmentation), corrupts every echo
 * and every pong, answers a close frame with the wrong code and never drops TCP: every case must FAIL against
 * it, in both roles — proof that each case can fail. The other defects break one permessage-deflate rule and
 * nothing else, to prove that the fuzzer's own deflate checks catch each of them. It negotiates
 * permessage-deflate whenever it is offered or answered. As a server it listens on a loopback port;
 * {@link #client(Defect)} gives the client form.
 */
final class MutantServer implements AutoCloseable {

    /** What is wrong with the endpoint. */
    enum Defect {
        /** Everything: see the class comment. Echoes go uncompressed. */
        CORRUPT,
        /** Correct echoes, compressed with a 32 KiB window whatever smaller window it agreed to. */
        WIDE_WINDOW,
        /** Correct echoes, compressed with context takeover although it agreed to none. */
        KEEPS_CONTEXT,
        /** Correct echoes, compressed, in two frames that both have RSV1 set. */
        RSV1_ON_CONTINUATION
    }

    /** The offer of the mutant as a client: Autobahn's default. */
    private static final DeflateOffer OFFER = DeflateOffer.defaults();

    private final ServerSocket listener;
    private final Thread acceptor;
    private final Defect defect;

    MutantServer() throws IOException {
        this(Defect.CORRUPT);
    }

    MutantServer(Defect defect) throws IOException {
        this.defect = defect;
        listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = new Thread(this::acceptLoop, "mutant-acceptor");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return listener.getLocalPort();
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            try {
                Socket s = listener.accept();
                Thread t = new Thread(() -> serve(s, defect), "mutant-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private static void serve(Socket socket, Defect defect) {
        try (socket) {
            InputStream in = new BufferedInputStream(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            DeflateAgreement[] agreed = new DeflateAgreement[1];
            Handshake.asServer(in, out, header -> acceptFirstOffer(header, agreed));
            new MutantEcho(in, out, false, agreed[0], defect).run();
        } catch (IOException e) {
            // The fuzzer dropped the connection.
        }
    }

    /** Accepts the first well-formed permessage-deflate offer as it is, like Autobahn's {@code accept1}. */
    private static String acceptFirstOffer(String header, DeflateAgreement[] agreed) {
        for (ExtensionParams.Extension e : ExtensionParams.parse(header)) {
            if (!e.name().equals(DeflateOffer.NAME)) {
                continue;
            }
            try {
                DeflateAgreement.Accepted a = new DeflateAgreement.Accepted(DeflateOffer.parse(e.params()), false, 0);
                agreed[0] = a.agreement();
                return a.header();
            } catch (IllegalArgumentException ignored) {
                // try the next offer
            }
        }
        return null;
    }

    /** The CORRUPT endpoint as a client under test. */
    static ClientUnderTest client() {
        return client(Defect.CORRUPT);
    }

    /** The broken endpoint as a client under test: dials with a correct handshake, then misbehaves. */
    static ClientUnderTest client(Defect defect) {
        return new ClientUnderTest() {
            private volatile Socket socket;

            @Override
            public void dialAndEcho(String url) throws Exception {
                java.net.URI uri = java.net.URI.create(url);
                try (Socket s = new Socket(uri.getHost(), uri.getPort())) {
                    socket = s;
                    InputStream in = new BufferedInputStream(s.getInputStream());
                    OutputStream out = s.getOutputStream();
                    String answer = Handshake.asClient(
                            in,
                            out,
                            uri.getHost() + ":" + uri.getPort(),
                            uri.getRawPath() + "?" + uri.getRawQuery(),
                            OFFER.header());
                    new MutantEcho(in, out, true, DeflateAgreement.fromResponse(answer, List.of(OFFER)), defect).run();
                } catch (IOException e) {
                    // The fuzzer dropped the connection.
                }
            }

            @Override
            public void abort() {
                try {
                    Socket s = socket;
                    if (s != null) {
                        s.close();
                    }
                } catch (IOException e) {
                    // Already gone.
                }
            }
        };
    }

    @Override
    public void close() throws IOException {
        listener.close();
    }
}
