package io.github.wsboot.websocket.conformance;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * A deliberately broken WebSocket endpoint, for the fuzzer's self-test: it accepts any frame (bad RSV bits,
 * reserved opcodes, invalid UTF-8, broken fragmentation), corrupts every echo and every pong, answers a close
 * frame with the wrong code and never drops TCP. Every case must FAIL against it, in both roles — proof that
 * each case can fail. As a server it listens on a loopback port; {@link #client()} gives the client form.
 */
final class MutantServer implements AutoCloseable {

    private final ServerSocket listener;
    private final Thread acceptor;

    MutantServer() throws IOException {
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
                Thread t = new Thread(() -> serve(s), "mutant-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private static void serve(Socket socket) {
        try (socket) {
            InputStream in = new BufferedInputStream(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            Handshake.asServer(in, out);
            brokenEcho(in, out, false);
        } catch (IOException e) {
            // The fuzzer dropped the connection.
        }
    }

    /** The broken endpoint as a client under test: dials with a correct handshake, then misbehaves. */
    static ClientUnderTest client() {
        return new ClientUnderTest() {
            private volatile Socket socket;

            @Override
            public void dialAndEcho(String url) throws Exception {
                java.net.URI uri = java.net.URI.create(url);
                try (Socket s = new Socket(uri.getHost(), uri.getPort())) {
                    socket = s;
                    InputStream in = new BufferedInputStream(s.getInputStream());
                    OutputStream out = s.getOutputStream();
                    Handshake.asClient(in, out, uri.getHost() + ":" + uri.getPort(), uri.getRawPath() + "?" + uri.getRawQuery());
                    brokenEcho(in, out, true);
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

    /** Echoes and answers wrongly until the connection ends; frames are well-formed, masked when {@code mask}. */
    private static void brokenEcho(InputStream in, OutputStream out, boolean mask) throws IOException {
        ByteArrayOutputStream message = new ByteArrayOutputStream();
        int messageOpcode = Frame.TEXT;
        while (true) {
            WireFrame f = WireFrame.read(in);
            switch (f.opcode()) {
                case Frame.PING -> write(out, Frame.PONG, corrupt(f.payload()), mask);
                case Frame.CLOSE -> write(out, Frame.CLOSE, wrongClose(f.payload()), mask);
                case Frame.PONG, 11, 12, 13, 14, 15 -> {
                    // ignored, as no valid endpoint would do
                }
                default -> {
                    if (f.opcode() != Frame.CONTINUATION) {
                        messageOpcode = f.opcode() == Frame.BINARY ? Frame.BINARY : Frame.TEXT;
                    }
                    message.writeBytes(f.payload());
                    if (f.fin()) {
                        write(out, messageOpcode, corrupt(message.toByteArray()), mask);
                        message.reset();
                    }
                }
            }
        }
    }

    /** Flips the last octet; an empty payload gets one added. */
    private static byte[] corrupt(byte[] payload) {
        if (payload.length == 0) {
            return new byte[] {'x'};
        }
        byte[] b = payload.clone();
        b[b.length - 1] ^= 0x01;
        return b;
    }

    /** The received code plus one (1001 for none): never the code a case allows. */
    private static byte[] wrongClose(byte[] payload) {
        int code = payload.length >= 2 ? (((payload[0] & 0xff) << 8) | (payload[1] & 0xff)) + 1 : 1001;
        return new byte[] {(byte) (code >> 8), (byte) code};
    }

    private static void write(OutputStream out, int opcode, byte[] payload, boolean mask) throws IOException {
        out.write(WireFormat.frame(0x80 | opcode, payload, mask ? new byte[] {0x12, 0x34, 0x56, 0x78} : null));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        listener.close();
    }
}
