package io.github.wsboot.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link ConnObserver} sees every data message, close frame and keepalive pong, with exact sizes. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ConnObserverTest {

    /** Records events as strings, in order. */
    static final class Recorder implements ConnObserver {

        final List<String> events = new CopyOnWriteArrayList<>();
        final CompletableFuture<Duration> pong = new CompletableFuture<>();

        @Override
        public void messageReceived(int messageType, long payloadBytes) {
            events.add("in " + MessageType.name(messageType) + " " + payloadBytes);
        }

        @Override
        public void messageSent(int messageType, long payloadBytes) {
            events.add("out " + MessageType.name(messageType) + " " + payloadBytes);
        }

        @Override
        public void closeReceived(int code) {
            events.add("close in " + code);
        }

        @Override
        public void closeSent(int code) {
            events.add("close out " + code);
        }

        @Override
        public void keepalivePong(Duration roundTrip) {
            pong.complete(roundTrip);
        }
    }

    @Test
    void seesMessagesOfEveryWriteStyleAndBothCloseFrames() throws Exception {
        try (ConnPair pair = ConnPair.builder().writeBufferSize(16).open()) {
            Recorder recorder = new Recorder();
            pair.server.setObserver(recorder);
            assertThat(pair.server.observer()).isSameAs(recorder);

            pair.client.writeText("abc");
            try (MessageOutputStream out = pair.client.nextWriter(MessageType.BINARY)) {
                out.write(new byte[40]); // several frames of the 16-byte buffer
                out.write(7);
            }
            assertThat(pair.server.readMessage().data()).hasSize(3);
            assertThat(pair.server.readMessage().data()).hasSize(41);

            pair.server.writeMessage(MessageType.TEXT, "hello".getBytes(StandardCharsets.UTF_8));
            try (MessageOutputStream out = pair.server.nextWriter(MessageType.TEXT)) {
                out.write(new byte[100]); // larger than the buffer: written as one large frame
            }
            pair.server.writePreparedMessage(WebSockets.newPreparedMessage(MessageType.BINARY, new byte[9]));
            for (int i = 0; i < 3; i++) {
                pair.client.readMessage();
            }

            pair.client.writeControl(
                    MessageType.CLOSE,
                    WebSockets.formatCloseMessage(1001, "bye"),
                    Instant.now().plusSeconds(5));
            assertThatThrownBy(pair.server::readMessage).isInstanceOf(CloseException.class);

            assertThat(recorder.events)
                    .containsExactly(
                            "in text 3",
                            "in binary 41",
                            "out text 5",
                            "out text 100",
                            "out binary 9",
                            "close in 1001",
                            "close out 1001");
        }
    }

    @Test
    void noObserverMeansNone() throws IOException {
        try (ConnPair pair = ConnPair.open()) {
            pair.server.setObserver(null);
            assertThat(pair.server.observer()).isSameAs(ConnObserver.NONE);
        }
    }

    @Test
    void keepalivePongReportsTheRoundTrip() throws Exception {
        try (ConnPair pair = ConnPair.open()) {
            Recorder recorder = new Recorder();
            pair.server.setObserver(recorder);
            // Both sides read: the client to answer pings, the server to see the pongs.
            startDaemon(() -> readQuietly(pair.client));
            startDaemon(() -> readQuietly(pair.server));
            pair.server.setKeepalive(Duration.ofMillis(50), Duration.ofSeconds(5));
            assertThat(recorder.pong.get(10, TimeUnit.SECONDS)).isPositive();
            pair.server.setKeepalive(null, null);
        }
    }

    /** A thread of its own: the common pool may have a single thread, which one blocking reader would take. */
    private static void startDaemon(Runnable task) {
        Thread t = new Thread(task, "observer-test-reader");
        t.setDaemon(true);
        t.start();
    }

    private static void readQuietly(Conn conn) {
        try {
            while (true) {
                conn.readMessage();
            }
        } catch (IOException | RuntimeException e) {
            // the pair was closed
        }
    }
}
