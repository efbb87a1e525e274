package io.github.wsboot.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.github.wsboot.websocket.internal.PerMessageDeflate;
import io.github.wsboot.websocket.transport.SocketTransport;

/** permessage-deflate between a server Conn and a client Conn over loopback, in every agreement mode. */
@Timeout(60)
class CompressionTest {

    private record Pair(Conn server, Conn client, AtomicLong serverWire, AtomicLong clientWire)
            implements AutoCloseable {
        @Override
        public void close() {
            server.close();
            client.close();
        }
    }

    private static Pair open(PerMessageDeflate.Agreement agreement) throws IOException {
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Socket c = new Socket(listener.getInetAddress(), listener.getLocalPort());
            Socket s = listener.accept();
            AtomicLong serverWire = new AtomicLong();
            AtomicLong clientWire = new AtomicLong();
            return new Pair(
                    conn(s, true, serverWire, agreement),
                    conn(c, false, clientWire, agreement),
                    serverWire,
                    clientWire);
        }
    }

    /** A Conn over {@code socket} that counts the bytes it writes in {@code wire}. */
    private static Conn conn(Socket socket, boolean server, AtomicLong wire, PerMessageDeflate.Agreement agreement)
            throws IOException {
        return new Conn(
                counting(new SocketTransport(socket), wire),
                server,
                ConnectionOptions.builder()
                        .readBufferSize(4096)
                        .writeBufferSize(4096)
                        .build(),
                "",
                null,
                null,
                agreement);
    }

    private static Transport counting(SocketTransport t, AtomicLong written) {
        return new Transport() {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return t.read(b, off, len);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                written.addAndGet(len);
                t.write(b, off, len);
            }

            @Override
            public boolean setReadTimeout(int millis) throws IOException {
                return t.setReadTimeout(millis);
            }

            @Override
            public java.net.SocketAddress localAddress() {
                return t.localAddress();
            }

            @Override
            public java.net.SocketAddress remoteAddress() {
                return t.remoteAddress();
            }

            @Override
            public void close() throws IOException {
                t.close();
            }
        };
    }

    private static PerMessageDeflate.Agreement agreement(boolean takeover, int serverBits, int clientBits) {
        return new PerMessageDeflate.Agreement(!takeover, !takeover, serverBits, clientBits);
    }

    private static byte[] jsonLike(int size, long seed) {
        Random r = new Random(seed);
        StringBuilder sb = new StringBuilder();
        while (sb.length() < size) {
            sb.append("{\"id\":")
                    .append(r.nextInt(1000))
                    .append(",\"name\":\"user")
                    .append(r.nextInt(50))
                    .append("\",\"price\":")
                    .append(r.nextInt(100000) / 100.0)
                    .append(",\"tags\":[\"a\",\"ü€\"]},");
        }
        return sb.substring(0, size).getBytes(StandardCharsets.UTF_8);
    }

    @ParameterizedTest(name = "takeover={0} serverBits={1} clientBits={2}")
    @CsvSource({"true,15,15", "false,15,15", "true,8,8", "false,9,15", "true,15,10"})
    void roundTripsEverySizeBothWays(boolean takeover, int serverBits, int clientBits) throws Exception {
        try (Pair p = open(agreement(takeover, serverBits, clientBits))) {
            int[] sizes = {0, 1, 125, 4000, 4096, 4097, 70_000, 300_000, 2_000_000};
            CompletableFuture<Void> echo = CompletableFuture.runAsync(() -> {
                try {
                    for (int i = 0; i < sizes.length * 2; i++) {
                        Message m = p.server().readMessage();
                        p.server().writeMessage(m.type(), m.data());
                    }
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            });
            p.client().setReadDeadline(java.time.Instant.now().plusSeconds(40));
            echo.whenComplete((v, e) -> {
                if (e != null) {
                    p.client().close(); // surface the echo side's failure instead of waiting for the deadline
                }
            });
            for (int i = 0; i < sizes.length; i++) {
                byte[] data =
                        new String(jsonLike(sizes[i], i), StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8);
                // whole message out, whole message back
                p.client().writeMessage(MessageType.TEXT, data);
                Message back;
                try {
                    back = p.client().readMessage();
                } catch (IOException e) {
                    echo.get(5, TimeUnit.SECONDS); // throws the echo side's failure, if that is the cause
                    throw e;
                }
                assertThat(back.type()).isEqualTo(MessageType.TEXT);
                assertThat(back.data()).isEqualTo(data);
                // streamed out in odd pieces, streamed back in odd pieces
                try (MessageOutputStream out = p.client().nextWriter(MessageType.BINARY)) {
                    for (int off = 0; off < data.length; off += 777) {
                        out.write(data, off, Math.min(777, data.length - off));
                    }
                }
                MessageInputStream in = p.client().nextReader();
                assertThat(in.type()).isEqualTo(MessageType.BINARY);
                assertThat(readAll(in, 333)).isEqualTo(data);
            }
            echo.get(30, TimeUnit.SECONDS);
            // compressible traffic must shrink on the wire in both directions
            long payload = 0;
            for (int s : sizes) {
                payload += 2L * s;
            }
            // A window under 15 bits means Huffman-only coding (no back-references): smaller, but not by half.
            assertThat(p.clientWire().get()).isLessThan(clientBits < 15 ? payload * 8 / 10 : payload / 2);
            assertThat(p.serverWire().get()).isLessThan(serverBits < 15 ? payload * 8 / 10 : payload / 2);
        }
    }

    @ParameterizedTest(name = "takeover={0}")
    @CsvSource({"true", "false"})
    void compressionCanBeSwitchedPerMessage(boolean takeover) throws Exception {
        try (Pair p = open(agreement(takeover, 15, 15))) {
            byte[] data = jsonLike(10_000, 7);
            long before = p.clientWire().get();
            p.client().enableWriteCompression(false);
            p.client().writeMessage(MessageType.TEXT, data);
            long plain = p.clientWire().get() - before;
            p.client().enableWriteCompression(true);
            p.client().setCompressionLevel(9);
            p.client().writeMessage(MessageType.TEXT, data);
            long compressed = p.clientWire().get() - before - plain;
            assertThat(plain).isGreaterThan(data.length);
            assertThat(compressed).isLessThan(data.length / 2);
            assertThat(p.server().readMessage().data()).isEqualTo(data);
            assertThat(p.server().readMessage().data()).isEqualTo(data);
        }
    }

    @ParameterizedTest(name = "takeover={0}")
    @CsvSource({"true", "false"})
    void readLimitAppliesToTheInflatedSizeWithoutAllocatingIt(boolean takeover) throws Exception {
        try (Pair p = open(agreement(takeover, 15, 15))) {
            p.server().setReadLimit(1 << 20);
            // 256 MiB of zeros deflate to about 256 KiB: a bomb against a 1 MiB limit.
            CompletableFuture<Void> sender = CompletableFuture.runAsync(() -> {
                try (MessageOutputStream out = p.client().nextWriter(MessageType.BINARY)) {
                    byte[] zeros = new byte[1 << 16];
                    for (int i = 0; i < 4096; i++) {
                        out.write(zeros);
                    }
                } catch (IOException e) {
                    // the server gives up on the message and closes: expected
                }
            });
            com.sun.management.ThreadMXBean threads =
                    (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            long allocatedBefore = threads.getCurrentThreadAllocatedBytes();
            assertThatThrownBy(() -> p.server().readMessage()).isInstanceOf(ReadLimitException.class);
            long allocated = threads.getCurrentThreadAllocatedBytes() - allocatedBefore;
            assertThat(allocated).isLessThan(16L << 20);
            TestData.assertClosedWith(() -> p.client().readMessage(), CloseCodes.MESSAGE_TOO_BIG);
            sender.get(20, TimeUnit.SECONDS);
        }
    }

    @ParameterizedTest(name = "takeover={0}")
    @CsvSource({"true", "false"})
    void preparedMessagesAreCompressedOnceAndReadableByEveryPeer(boolean takeover) throws Exception {
        PreparedMessage prepared = PreparedMessage.of(MessageType.TEXT, jsonLike(50_000, 3));
        try (Pair a = open(agreement(takeover, 15, 15));
                Pair b = open(agreement(takeover, 15, 15))) {
            for (int i = 0; i < 3; i++) {
                a.server().writePreparedMessage(prepared);
                b.server().writePreparedMessage(prepared);
                assertThat(a.client().readMessage().data()).isEqualTo(prepared.data());
                assertThat(b.client().readMessage().data()).isEqualTo(prepared.data());
            }
            assertThat(a.serverWire().get()).isLessThan(3L * 50_000 / 2);
        }
    }

    private static byte[] readAll(InputStream in, int chunk) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[chunk];
        int n;
        while ((n = in.read(buf)) >= 0) {
            out.write(buf, 0, n);
        }
        return out.toByteArray();
    }
}
