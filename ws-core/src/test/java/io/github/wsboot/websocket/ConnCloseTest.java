package io.github.wsboot.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.github.wsboot.websocket.internal.CloseState;
import io.github.wsboot.websocket.testing.TomcatServer;
import io.github.wsboot.websocket.testing.UpgradeServlet;

/** {@link Conn#close()} is a bounded close handshake; {@link Conn#closeNow()} drops the connection. */
@Timeout(60)
class ConnCloseTest {

    private static final HexFormat HEX = HexFormat.of();

    @Test
    void tryWithResourcesOnADialedConnectionEndsWithA1000TheServerSees() throws Exception {
        CompletableFuture<String> received = new CompletableFuture<>();
        CompletableFuture<Integer> closeCode = new CompletableFuture<>();
        Upgrader upgrader = Upgrader.builder().build();
        try (TomcatServer server = TomcatServer.start(new UpgradeServlet(upgrader, conn -> {
            try {
                while (true) {
                    received.complete(new String(conn.readMessage().data(), java.nio.charset.StandardCharsets.UTF_8));
                }
            } catch (CloseException e) {
                closeCode.complete(e.code());
            } catch (IOException e) {
                closeCode.completeExceptionally(e);
            }
        }))) {
            long start;
            try (Conn conn = Dialer.builder().build().dial("ws://127.0.0.1:" + server.port() + "/", null)) {
                conn.writeText("hi");
                start = System.nanoTime();
            }
            long closeMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertThat(received.get(5, TimeUnit.SECONDS)).isEqualTo("hi");
            assertThat(closeCode.get(5, TimeUnit.SECONDS)).isEqualTo(CloseCodes.NORMAL_CLOSURE);
            assertThat(closeMillis).as("the server answered at once").isLessThan(900);
        }
    }

    @Test
    void closeSendsACloseFrameAndCutsAPeerThatNeverAnswersAfterTheBound() throws Exception {
        try (ConnPair.Raw raw = ConnPair.builder().openRaw(true)) {
            long start = System.nanoTime();
            raw.conn.close(CloseCodes.GOING_AWAY, "bye", Duration.ofMillis(300));
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertThat(millis).isBetween(250L, 2000L);
            InputStream in = raw.peer.getInputStream();
            assertThat(HEX.formatHex(in.readNBytes(7))).isEqualTo("880503e9627965");
            assertThat(in.read()).as("then the socket is closed").isEqualTo(-1);
            assertThat(raw.conn.closeState()).isEqualTo(CloseState.State.CLOSED);
        }
    }

    @Test
    void closeWaitsForTheDefaultBoundAtMost() throws Exception {
        try (ConnPair.Raw raw = ConnPair.builder().openRaw(false)) {
            long start = System.nanoTime();
            raw.conn.close();
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertThat(millis).isBetween(ConnectionOptions.DEFAULT_CLOSE_TIMEOUT.toMillis() - 100, 3000L);
            byte[] frame = raw.peer.getInputStream().readNBytes(8); // a masked close frame with code 1000
            assertThat(HEX.formatHex(frame, 0, 2)).isEqualTo("8882");
            assertThat(raw.peer.getInputStream().read()).isEqualTo(-1);
        }
    }

    @Test
    void closeReadsThePeersAnswerAndDiscardsDataBeforeIt() throws Exception {
        try (ConnPair.Raw raw = ConnPair.builder().openRaw(true)) {
            CompletableFuture<Void> answer = CompletableFuture.runAsync(() -> {
                try {
                    raw.receive(4); // our close frame: 88 02 03 e8
                    raw.send(HEX.parseHex("8182aabbccdd" + "c2d2")); // late data, masked "hi"
                    raw.send(HEX.parseHex("8882aabbccdd" + "a953")); // the answer: masked 1000
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            });
            long start = System.nanoTime();
            raw.conn.close();
            answer.get(5, TimeUnit.SECONDS);
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(900);
            assertThat(raw.peer.getInputStream().read()).isEqualTo(-1);
        }
    }

    @Test
    void closeWhileAnotherThreadReadsLetsThatReaderSeeTheAnswer() throws Exception {
        try (ConnPair pair = ConnPair.open()) {
            CompletableFuture<Throwable> serverRead = TestData.readFailure("server-reader", pair.server);
            CompletableFuture<Throwable> clientRead = TestData.readFailure("client-reader", pair.client);
            Thread.sleep(100); // both readers blocked
            long start = System.nanoTime();
            pair.server.close();
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(900);
            assertThat(clientRead.get(5, TimeUnit.SECONDS))
                    .isInstanceOfSatisfying(
                            CloseException.class, e -> assertThat(e.code()).isEqualTo(CloseCodes.NORMAL_CLOSURE));
            assertThat(serverRead.get(5, TimeUnit.SECONDS))
                    .isInstanceOfSatisfying(
                            CloseException.class, e -> assertThat(e.code()).isEqualTo(CloseCodes.NORMAL_CLOSURE));
            assertThat(pair.server.closeState()).isEqualTo(CloseState.State.CLOSED);
        }
    }

    @Test
    void closeAfterThePeerClosedReturnsAtOnce() throws Exception {
        try (ConnPair.Raw raw = ConnPair.builder().openRaw(true)) {
            raw.send(HEX.parseHex("8882aabbccdd" + "a953"));
            assertThat(catchThrowable(raw.conn::readMessage)).isInstanceOf(CloseException.class);
            assertThat(HEX.formatHex(raw.receive(4))).isEqualTo("880203e8"); // the default handler's echo
            long start = System.nanoTime();
            raw.conn.close();
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(200);
        }
    }

    @Test
    void closeNowSendsNothing() throws Exception {
        try (ConnPair.Raw raw = ConnPair.builder().openRaw(true)) {
            raw.conn.closeNow();
            assertThat(raw.peer.getInputStream().read()).isEqualTo(-1);
            assertThat(raw.conn.closeState()).isEqualTo(CloseState.State.CLOSED);
        }
    }
}
