package io.github.wsboot.websocket.peers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.github.wsboot.websocket.CloseException;
import io.github.wsboot.websocket.CompressionAgreement;
import io.github.wsboot.websocket.Conn;
import io.github.wsboot.websocket.Dialer;
import io.github.wsboot.websocket.Message;
import io.github.wsboot.websocket.MessageInputStream;
import io.github.wsboot.websocket.MessageOutputStream;
import io.github.wsboot.websocket.MessageType;
import io.github.wsboot.websocket.WebSockets;

/**
 * Our {@link Dialer} against an external echo server (node ws, python websockets), with and without
 * permessage-deflate in both context takeover modes. Subclasses name the peer and how to start its server.
 */
@Timeout(value = 90, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
abstract class ServerPeerInterop {

    private static final Duration STEP = Duration.ofSeconds(30);
    private static final int MIB = 1024 * 1024;

    /** Sizes around the frame length encodings (125/126, 65535/65536) and a few beyond. */
    private static final int[] SIZES = {0, 1, 125, 126, 127, 1000, 65535, 65536, 65537, 300_000, 1_000_000};

    /** How the server is started and what the dialer offers. */
    enum Mode {
        PLAIN(List.of(), false, false),
        SERVER_WITHOUT_DEFLATE(List.of(), true, true),
        TAKEOVER(List.of("--deflate"), true, true),
        DIALER_NO_TAKEOVER(List.of("--deflate"), true, false),
        SERVER_NO_TAKEOVER(
                List.of("--deflate", "--server-no-context-takeover", "--client-no-context-takeover"), true, true);

        final List<String> serverFlags;
        final boolean dialerCompression;
        final boolean dialerTakeover;

        Mode(List<String> serverFlags, boolean dialerCompression, boolean dialerTakeover) {
            this.serverFlags = serverFlags;
            this.dialerCompression = dialerCompression;
            this.dialerTakeover = dialerTakeover;
        }

        boolean negotiates() {
            return dialerCompression && serverFlags.contains("--deflate");
        }

        /** Takeover is off when either side asked for it to be (the dialer asks for both directions). */
        boolean noTakeover() {
            return !dialerTakeover || serverFlags.contains("--server-no-context-takeover");
        }
    }

    private final InteropPeers.Language peers;
    /** The peer's echo server script; run with the mode's flags, it prints its port first. */
    private final String serverScript;

    ServerPeerInterop(InteropPeers.Language peers, String serverScript) {
        this.peers = peers;
        this.serverScript = serverScript;
    }

    @BeforeEach
    void peerInstalled() {
        peers.peer().assumeInstalledOrFailInCi();
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void negotiatesAndEchoesMessagesOfManySizes(Mode mode) throws Exception {
        try (PeerProcess server = startServer(mode);
                Conn conn = dial(server, mode)) {
            assertNegotiation(conn, mode);
            for (int size : SIZES) {
                echo(conn, MessageType.BINARY, Payloads.random(size, size));
                echo(conn, MessageType.TEXT, Payloads.text(size));
            }
            // Repeats, where context takeover matters: each message refers back to the previous ones.
            for (int i = 0; i < 20; i++) {
                echo(conn, MessageType.TEXT, Payloads.text(2000 + i));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void streamsFourMiBThroughNextWriter(Mode mode) throws Exception {
        try (PeerProcess server = startServer(mode);
                Conn conn = dial(server, mode)) {
            streamEcho(conn, MessageType.TEXT, Payloads.text(4 * MIB));
            streamEcho(conn, MessageType.BINARY, Payloads.random(4 * MIB, 4));
            echo(conn, MessageType.TEXT, "still in step".getBytes(StandardCharsets.UTF_8));
        }
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void pingGetsItsPongAndCloseIsAnswered(Mode mode) throws Exception {
        try (PeerProcess server = startServer(mode);
                Conn conn = dial(server, mode)) {
            BlockingQueue<byte[]> pongs = new LinkedBlockingQueue<>();
            conn.setPongHandler(pongs::add);
            byte[] payload = "dialer-ping".getBytes(StandardCharsets.US_ASCII);
            conn.writeControl(MessageType.PING, payload, Instant.now().plus(STEP));
            // Pongs are handled by a reader: the peer answers the ping before it echoes what came after it.
            echo(conn, MessageType.TEXT, "after the ping".getBytes(StandardCharsets.US_ASCII));
            assertThat(pongs.poll(0, TimeUnit.SECONDS)).as("pong payload").isEqualTo(payload);

            conn.writeControl(
                    MessageType.CLOSE,
                    WebSockets.formatCloseMessage(1000, "bye"),
                    Instant.now().plus(STEP));
            conn.setReadDeadline(Instant.now().plus(STEP));
            assertThatThrownBy(conn::readMessage)
                    .as("the server's close frame")
                    .isInstanceOfSatisfying(
                            CloseException.class, e -> assertThat(e.code()).isEqualTo(1000));
        }
    }

    private PeerProcess startServer(Mode mode) throws IOException {
        return PeerProcess.start(peers.dir().get(), peers.command(serverScript, mode.serverFlags));
    }

    private static Conn dial(PeerProcess server, Mode mode) throws IOException {
        String line = server.awaitLine(STEP);
        int port;
        try {
            port = Integer.parseInt(line.trim());
        } catch (NumberFormatException e) {
            throw new AssertionError("expected a port number from " + server.describe(), e);
        }
        Dialer dialer = Dialer.builder()
                .enableCompression(mode.dialerCompression)
                .compressionContextTakeover(mode.dialerTakeover)
                .handshakeTimeout(STEP)
                .build();
        return dialer.dial("ws://127.0.0.1:" + port + "/echo", null);
    }

    private static void assertNegotiation(Conn conn, Mode mode) {
        String header = conn.handshakeResponse()
                .headers()
                .firstValue("Sec-WebSocket-Extensions")
                .orElse(null);
        assertThat(conn.compressionNegotiated())
                .as("negotiated, with response header %s", header)
                .isEqualTo(mode.negotiates());
        if (!mode.negotiates()) {
            assertThat(header).isNull();
            return;
        }
        CompressionAgreement agreement = conn.compressionAgreement();
        assertThat(agreement.serverNoContextTakeover()).as(header).isEqualTo(mode.noTakeover());
        assertThat(agreement.clientNoContextTakeover()).as(header).isEqualTo(mode.noTakeover());
    }

    /** Writes one message whole and expects it back whole. */
    private static void echo(Conn conn, int type, byte[] data) throws IOException {
        conn.writeMessage(type, data);
        conn.setReadDeadline(Instant.now().plus(STEP));
        Message m = conn.readMessage();
        assertThat(m.type()).as("type of the %d-byte echo", data.length).isEqualTo(type);
        assertThat(m.data()).as("the %d-byte echo", data.length).isEqualTo(data);
    }

    /**
     * Streams {@code data} through {@link Conn#nextWriter} in odd-sized pieces (which split UTF-8 characters)
     * and reads the echo back through {@link Conn#nextReader}, comparing digests.
     */
    private static void streamEcho(Conn conn, int type, byte[] data) throws IOException {
        try (MessageOutputStream out = conn.nextWriter(type)) {
            for (int off = 0; off < data.length; off += 7919) {
                out.write(data, off, Math.min(7919, data.length - off));
            }
        }
        conn.setReadDeadline(Instant.now().plus(STEP));
        MessageInputStream in = conn.nextReader();
        assertThat(in.type()).isEqualTo(type);
        MessageDigest digest = Payloads.sha256();
        long length = 0;
        byte[] buf = new byte[16 * 1024];
        for (int n; (n = in.read(buf, 0, buf.length)) >= 0; ) {
            digest.update(buf, 0, n);
            length += n;
        }
        assertThat(length).as("streamed echo length").isEqualTo(data.length);
        assertThat(HexFormat.of().formatHex(digest.digest()))
                .as("streamed echo digest")
                .isEqualTo(Payloads.sha256(data));
    }
}
