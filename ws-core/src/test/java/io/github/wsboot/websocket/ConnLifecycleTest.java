package io.github.wsboot.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.github.wsboot.websocket.internal.CloseState;

/** Close handshake, read limit, deadlines, keepalive and the permanence of errors, over real sockets. */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ConnLifecycleTest {

    private static byte[] close(int code, String reason) {
        return WebSockets.formatCloseMessage(code, reason);
    }

    private static Instant in(long millis) {
        return Instant.now().plusMillis(millis);
    }

    private static long millisSince(long startNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }

    /**
     * Starts a server write of a 64 MiB frame that the peer never reads and returns once the writer is stuck in
     * the transport (blocked well past what the socket buffers take), holding the frame lock.
     */
    private static CompletableFuture<Throwable> stuckServerWrite(ConnPair pair, ObservedTransport observed)
            throws Exception {
        byte[] big = new byte[64 << 20];
        CompletableFuture<Throwable> writer = TestData.async(
                "stuck-writer", () -> catchThrowable(() -> pair.server.writeMessage(MessageType.BINARY, big)));
        observed.awaitBlockedWrite(5000);
        Thread.sleep(200);
        assertThat(writer).isNotDone();
        return writer;
    }

    // ---- read limit ----

    @ParameterizedTest(name = "limit on the server: {0}")
    @ValueSource(booleans = {true, false})
    void exceedingTheReadLimitSends1009AndFailsTheReaderPermanently(boolean limitOnServer) throws Exception {
        try (ConnPair pair = ConnPair.open()) {
            Conn limited = pair.side(limitOnServer);
            Conn peer = pair.peer(limitOnServer);
            limited.setReadLimit(1000);
            assertThat(limited.readLimit()).isEqualTo(1000);
            peer.writeMessage(MessageType.BINARY, new byte[1000]);
            assertThat(limited.readMessage().data()).hasSize(1000);
            // Fragments of 600 bytes: the second one crosses the limit.
            try (MessageOutputStream out = peer.nextWriter(MessageType.TEXT)) {
                out.write(new byte[600]);
                out.write(new byte[600]);
            }
            Throwable first = catchThrowable(limited::readMessage);
            assertThat(first).isInstanceOfSatisfying(ReadLimitException.class, e -> {
                assertThat(e.limit()).isEqualTo(1000);
                assertThat(e.closeCode()).isEqualTo(CloseCodes.MESSAGE_TOO_BIG);
            });
            TestData.assertClosedWith(peer::readMessage, CloseCodes.MESSAGE_TOO_BIG);
            // Permanent: later reads throw the very same exception.
            assertThat(catchThrowable(limited::readMessage)).isSameAs(first);
            assertThat(catchThrowable(limited::nextReader)).isSameAs(first);
            assertThat(catchThrowable(() -> limited.readJson(String.class))).isSameAs(first);
        }
    }

    @Test
    void theReadLimitAppliesToStreamedReadsToo() throws Exception {
        try (ConnPair pair = ConnPair.open()) {
            pair.server.setReadLimit(10);
            pair.client.writeMessage(MessageType.BINARY, new byte[11]);
            assertThatThrownBy(pair.server::nextReader).isInstanceOf(ReadLimitException.class);
            assertThatThrownBy(() -> pair.server.setReadLimit(-1)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    // ---- close handshake ----

    @ParameterizedTest(name = "server starts: {0}")
    @ValueSource(booleans = {true, false})
    void closeHandshakeFromEitherSide(boolean serverStarts) throws Exception {
        try (ConnPair pair = ConnPair.open()) {
            Conn initiator = pair.side(serverStarts);
            Conn responder = pair.peer(serverStarts);
            initiator.writeControl(MessageType.CLOSE, close(CloseCodes.GOING_AWAY, "bye"), in(5000));
            assertThat(initiator.closeState()).isEqualTo(CloseState.State.OUTPUT_SHUT);

            Throwable atResponder = catchThrowable(responder::readMessage);
            assertThat(atResponder).isInstanceOfSatisfying(CloseException.class, e -> {
                assertThat(e.code()).isEqualTo(CloseCodes.GOING_AWAY);
                assertThat(e.text()).isEqualTo("bye");
            });
            assertThat(WebSockets.isCloseError(atResponder, CloseCodes.GOING_AWAY))
                    .isTrue();
            // The responder's default handler echoed the code, which completed its side of the handshake.
            assertThat(responder.closeState()).isEqualTo(CloseState.State.CLOSED);

            TestData.assertClosedWith(initiator::readMessage, CloseCodes.GOING_AWAY);
            assertThat(initiator.closeState()).isEqualTo(CloseState.State.CLOSED);

            // Both transports are closed.
            assertThat(pair.serverSocket.isClosed()).isTrue();
            assertThat(pair.clientSocket.isClosed()).isTrue();

            // A second close frame is refused on both sides, and so is any other write.
            assertThatThrownBy(() -> initiator.writeControl(MessageType.CLOSE, close(1000, ""), in(1000)))
                    .isInstanceOf(CloseSentException.class);
            assertThatThrownBy(() -> responder.writeControl(MessageType.CLOSE, close(1000, ""), in(1000)))
                    .isInstanceOf(CloseSentException.class);
            assertThatThrownBy(() -> initiator.writeText("late")).isInstanceOf(CloseSentException.class);
            // Reads stay failed with the same error.
            assertThat(catchThrowable(responder::readMessage)).isSameAs(atResponder);
        }
    }

    @Test
    void writesAfterACloseFrameFailWithCloseSent() throws Exception {
        try (ConnPair pair = ConnPair.open()) {
            pair.client.writeControl(MessageType.CLOSE, close(CloseCodes.NORMAL_CLOSURE, ""), in(5000));
            assertThatThrownBy(() -> pair.client.writeText("x")).isInstanceOf(CloseSentException.class);
            assertThatThrownBy(() -> pair.client.writeMessage(MessageType.BINARY, new byte[100_000]))
                    .isInstanceOf(CloseSentException.class);
            assertThatThrownBy(() -> pair.client.writeControl(MessageType.PING, new byte[0], in(1000)))
                    .isInstanceOf(CloseSentException.class);
            MessageOutputStream out = pair.client.nextWriter(MessageType.TEXT);
            out.write('a');
            assertThatThrownBy(out::close).isInstanceOf(CloseSentException.class);
            // The failed writer still released the write side.
            assertThatThrownBy(() -> pair.client.writeText("y")).isInstanceOf(CloseSentException.class);
            // The server still reads the close frame, after nothing else.
            TestData.assertClosedWith(pair.server::readMessage, CloseCodes.NORMAL_CLOSURE);
        }
    }

    @Test
    void aCloseFrameWithoutACodeIsReportedAs1005() throws Exception {
        try (ConnPair pair = ConnPair.open()) {
            pair.server.writeControl(MessageType.CLOSE, new byte[0], in(5000));
            TestData.assertClosedWith(pair.client::readMessage, CloseCodes.NO_STATUS_RECEIVED);
        }
    }

    @Test
    void aPeerThatVanishesGives1006() throws Exception {
        try (ConnPair pair = ConnPair.open()) {
            pair.serverSocket.close();
            Throwable e = catchThrowable(pair.client::readMessage);
            assertThat(e)
                    .isInstanceOfSatisfying(
                            CloseException.class, c -> assertThat(c.code()).isEqualTo(CloseCodes.ABNORMAL_CLOSURE));
            assertThat(WebSockets.isUnexpectedCloseError(e, CloseCodes.NORMAL_CLOSURE))
                    .isTrue();
            assertThat(catchThrowable(pair.client::readMessage)).isSameAs(e);
        }
    }

    @Test
    void aCustomCloseHandlerRunsBeforeTheReadFails() throws Exception {
        try (ConnPair pair = ConnPair.open()) {
            StringBuilder seen = new StringBuilder();
            pair.client.setCloseHandler(
                    (code, text) -> seen.append(code).append(':').append(text));
            pair.server.writeControl(MessageType.CLOSE, close(4001, "custom"), in(5000));
            assertThatThrownBy(pair.client::readMessage).isInstanceOf(CloseException.class);
            assertThat(seen.toString()).isEqualTo("4001:custom");
            // The custom handler sent no reply: the client may still send its own close frame.
            assertThat(pair.client.closeState()).isEqualTo(CloseState.State.INPUT_SHUT);
            pair.client.writeControl(MessageType.CLOSE, close(4001, ""), in(5000));
            assertThat(pair.client.closeState()).isEqualTo(CloseState.State.CLOSED);
            assertThat(pair.clientSocket.isClosed()).isTrue();
        }
    }

    // ---- read deadline ----

    @ParameterizedTest(name = "transport has read timeouts: {0}")
    @ValueSource(booleans = {true, false})
    void aReadDeadlineFailsTheReadPermanently(boolean nativeTimeouts) throws Exception {
        try (ConnPair pair = ConnPair.builder().observeClient(nativeTimeouts).open()) {
            // A read that completes before the deadline, then one with no deadline that waits past the old one:
            // a deadline that was met must not linger.
            pair.client.setReadDeadline(in(300));
            pair.server.writeText("early");
            assertThat(pair.client.readMessage().text()).isEqualTo("early");
            pair.client.setReadDeadline(null);
            CompletableFuture<Void> late = TestData.async("late-writer", () -> {
                Thread.sleep(600);
                pair.server.writeText("late");
                return null;
            });
            assertThat(pair.client.readMessage().text()).isEqualTo("late");
            late.get(5, TimeUnit.SECONDS);

            pair.client.setReadDeadline(in(300));
            long start = System.nanoTime();
            Throwable e = catchThrowable(pair.client::readMessage);
            long elapsed = millisSince(start);
            assertThat(e).isInstanceOf(SocketTimeoutException.class);
            assertThat(elapsed).isBetween(250L, 1300L);
            // Permanent: even when data arrives afterwards and the deadline is lifted.
            pair.server.writeText("too late");
            pair.client.setReadDeadline(null);
            assertThat(catchThrowable(pair.client::readMessage)).isSameAs(e);
            if (!nativeTimeouts) {
                assertThat(pair.observedClient.closed)
                        .as("enforced by closing the transport")
                        .isTrue();
            }
        }
    }

    @Test
    void aReadDeadlineInThePastFailsAtOnce() throws Exception {
        try (ConnPair pair = ConnPair.open()) {
            pair.client.setReadDeadline(Instant.now().minusSeconds(1));
            long start = System.nanoTime();
            assertThatThrownBy(pair.client::readMessage).isInstanceOf(SocketTimeoutException.class);
            assertThat(millisSince(start)).isLessThan(500);
        }
    }

    @Test
    void aReadDeadlineAppliesInsideAStreamedMessage() throws Exception {
        try (ConnPair pair = ConnPair.open()) {
            MessageOutputStream out = pair.server.nextWriter(MessageType.BINARY);
            out.write(new byte[5000]); // one frame goes out; the message never ends
            MessageInputStream in = pair.client.nextReader();
            pair.client.setReadDeadline(in(300));
            assertThat(in.readNBytes(5000)).hasSize(5000);
            long start = System.nanoTime();
            assertThatThrownBy(in::read).isInstanceOf(SocketTimeoutException.class);
            assertThat(millisSince(start)).isLessThan(1300);
        }
    }

    // ---- write deadline ----

    @ParameterizedTest(name = "server writes: {0}")
    @ValueSource(booleans = {true, false})
    void aWriteDeadlineFailsAWriteToAPeerThatNeverReads(boolean serverWrites) throws Exception {
        try (ConnPair pair = ConnPair.builder().socketBufferSize(64 * 1024).open()) {
            Conn writer = pair.side(serverWrites);
            long deadlineMillis = 500;
            writer.setWriteDeadline(in(deadlineMillis));
            long start = System.nanoTime();
            byte[] chunk = new byte[256 * 1024];
            Throwable e = null;
            long written = 0;
            while (e == null && millisSince(start) < 10_000) {
                e = catchThrowable(() -> writer.writeMessage(MessageType.BINARY, chunk));
                written += chunk.length;
            }
            long elapsed = millisSince(start);
            assertThat(e).as("after %d bytes", written).isInstanceOf(SocketTimeoutException.class);
            assertThat(elapsed).isLessThan(deadlineMillis + 1000);
            // The connection is closed and the error permanent.
            Socket mine = serverWrites ? pair.serverSocket : pair.clientSocket;
            assertThat(mine.isClosed()).isTrue();
            writer.setWriteDeadline(null);
            assertThat(catchThrowable(() -> writer.writeText("x"))).isSameAs(e);
        }
    }

    @Test
    void aWriteDeadlineAppliesToAStreamedMessage() throws Exception {
        try (ConnPair pair = ConnPair.builder().socketBufferSize(64 * 1024).open()) {
            pair.server.setWriteDeadline(in(400));
            long start = System.nanoTime();
            Throwable e = catchThrowable(() -> {
                try (MessageOutputStream out = pair.server.nextWriter(MessageType.BINARY)) {
                    byte[] chunk = new byte[7];
                    while (millisSince(start) < 10_000) {
                        out.write(chunk);
                    }
                }
            });
            assertThat(e).isInstanceOf(SocketTimeoutException.class);
            assertThat(millisSince(start)).isLessThan(1400);
            // The failed writer released the write side: another thread's write fails at once, not after a wait.
            CompletableFuture<Throwable> other =
                    TestData.async("other-writer", () -> catchThrowable(() -> pair.server.writeText("x")));
            assertThat(other.get(2, TimeUnit.SECONDS)).isSameAs(e);
        }
    }

    @Test
    void writeControlGivesUpAtItsOwnDeadlineWhileAnotherFrameIsStuck() throws Exception {
        try (ConnPair pair =
                ConnPair.builder().socketBufferSize(64 * 1024).observeServer().open()) {
            CompletableFuture<Throwable> stuck = stuckServerWrite(pair, pair.observedServer);
            long start = System.nanoTime();
            assertThatThrownBy(() -> pair.server.writeControl(MessageType.PING, new byte[0], in(300)))
                    .isInstanceOf(SocketTimeoutException.class);
            assertThat(millisSince(start)).isBetween(200L, 1300L);
            pair.server.close();
            assertThat(stuck.get(2, TimeUnit.SECONDS)).isInstanceOf(IOException.class);
        }
    }

    // ---- closeNow() from another thread ----

    @Test
    void closeUnblocksABlockedReadPromptly() throws Exception {
        try (ConnPair pair = ConnPair.builder().observeServer().open()) {
            CompletableFuture<Throwable> reader = TestData.readFailure("reader", pair.server);
            pair.observedServer.awaitBlockedRead(5000);
            long start = System.nanoTime();
            pair.server.closeNow();
            assertThat(reader.get(2, TimeUnit.SECONDS)).isInstanceOf(IOException.class);
            assertThat(millisSince(start)).isLessThan(1000);
        }
    }

    @Test
    void closeUnblocksABlockedWritePromptly() throws Exception {
        try (ConnPair pair =
                ConnPair.builder().socketBufferSize(64 * 1024).observeServer().open()) {
            CompletableFuture<Throwable> writer = stuckServerWrite(pair, pair.observedServer);
            long start = System.nanoTime();
            pair.server.closeNow();
            Throwable failed = writer.get(2, TimeUnit.SECONDS);
            assertThat(failed).isInstanceOf(IOException.class);
            assertThat(millisSince(start)).isLessThan(1000);
            // The write error is permanent.
            assertThat(catchThrowable(() -> pair.server.writeText("x"))).isSameAs(failed);
        }
    }

    @Test
    void writesAfterCloseSayTheConnectionIsClosedNotThatACloseFrameWasSent() throws Exception {
        try (ConnPair pair = ConnPair.open()) {
            pair.server.closeNow();
            assertThatThrownBy(() -> pair.server.writeText("x"))
                    .isInstanceOf(java.net.SocketException.class)
                    .hasMessage("websocket: connection closed");
            assertThatThrownBy(() -> pair.server.writeControl(MessageType.CLOSE, close(1000, ""), in(100)))
                    .isInstanceOf(java.net.SocketException.class);
            assertThatThrownBy(() -> pair.server.writeControl(MessageType.PING, new byte[0], in(100)))
                    .isInstanceOf(java.net.SocketException.class);
            assertThat(pair.server.closeState()).isEqualTo(CloseState.State.CLOSED);
        }
    }

    // ---- keepalive ----

    @Test
    void keepaliveClosesAConnectionWhosePeerStoppedReading() throws Exception {
        try (ConnPair pair = ConnPair.open()) {
            // The client is frozen: it never reads, so it never answers pings.
            pair.server.setKeepalive(Duration.ofMillis(100), Duration.ofMillis(300));
            long start = System.nanoTime();
            Throwable e = catchThrowable(pair.server::readMessage);
            assertThat(e).isInstanceOf(SocketTimeoutException.class);
            assertThat(e.getMessage()).contains("keepalive");
            assertThat(millisSince(start)).isLessThan(3000);
            assertThat(pair.server.missedPongs()).isPositive();
            assertThat(pair.serverSocket.isClosed()).isTrue();
            assertThatThrownBy(() -> pair.server.writeText("x"))
                    .isInstanceOf(java.net.SocketException.class)
                    .hasMessageContaining("keepalive");
        }
    }

    /**
     * The same while the local side is stuck writing to the frozen peer: a ping that cannot even be sent
     * within the pong timeout is a missed pong too, so the connection is closed and the writer released.
     */
    @Test
    void keepaliveClosesAConnectionWhoseWritesAreStuck() throws Exception {
        try (ConnPair pair =
                ConnPair.builder().socketBufferSize(64 * 1024).observeServer().open()) {
            CompletableFuture<Throwable> writer = stuckServerWrite(pair, pair.observedServer);
            pair.server.setKeepalive(Duration.ofMillis(100), Duration.ofMillis(300));
            long start = System.nanoTime();
            Throwable e = catchThrowable(pair.server::readMessage);
            assertThat(e).isInstanceOf(SocketTimeoutException.class);
            assertThat(writer.get(3, TimeUnit.SECONDS)).isInstanceOf(IOException.class);
            assertThat(millisSince(start)).isLessThan(3000);
        }
    }

    @SuppressWarnings("try") // closes the pair mid-test to end the readers
    @Test
    void keepaliveLeavesAHealthyConnectionAlone() throws Exception {
        try (ConnPair pair = ConnPair.open()) {
            CompletableFuture<Throwable> clientReader = TestData.readFailure("client-reader", pair.client);
            pair.server.setKeepalive(Duration.ofMillis(50), Duration.ofMillis(500));
            CompletableFuture<Message> serverRead = TestData.async("server-reader", pair.server::readMessage);
            Thread.sleep(800);
            assertThat(serverRead).isNotDone();
            assertThat(pair.server.missedPongs()).isZero();
            pair.client.writeText("still here");
            assertThat(serverRead.get(2, TimeUnit.SECONDS).text()).isEqualTo("still here");
            pair.server.setKeepalive(null, null); // stops
            assertThatThrownBy(() -> pair.server.setKeepalive(Duration.ofSeconds(1), Duration.ZERO))
                    .isInstanceOf(IllegalArgumentException.class);
            pair.close();
            assertThat(clientReader.get(2, TimeUnit.SECONDS)).isInstanceOf(IOException.class);
        }
    }

    // ---- errors ----

    @SuppressWarnings("try") // closes the pair mid-test to end the readers
    @Test
    void theDefaultPingHandlerAnswersAndCustomHandlersSeeThePayload() throws Exception {
        try (ConnPair pair = ConnPair.open()) {
            byte[] payload = "are you there".getBytes(StandardCharsets.UTF_8);
            CompletableFuture<byte[]> pong = new CompletableFuture<>();
            pair.server.setPongHandler(pong::complete);
            CompletableFuture<Throwable> serverReader = TestData.readFailure("server-reader", pair.server);
            CompletableFuture<Throwable> clientReader = TestData.readFailure("client-reader", pair.client);
            pair.server.writeControl(MessageType.PING, payload, in(5000));
            assertThat(pong.get(5, TimeUnit.SECONDS)).isEqualTo(payload);
            pair.close();
            serverReader.get(2, TimeUnit.SECONDS);
            clientReader.get(2, TimeUnit.SECONDS);
        }
    }

    @Test
    void anExceptionFromAHandlerFailsTheRead() throws Exception {
        try (ConnPair pair = ConnPair.open()) {
            IOException boom = new IOException("boom");
            pair.client.setPingHandler(data -> {
                throw boom;
            });
            pair.server.writeControl(MessageType.PING, new byte[0], in(5000));
            assertThat(catchThrowable(pair.client::readMessage)).isSameAs(boom);
            assertThat(catchThrowable(pair.client::readMessage)).isSameAs(boom);
        }
    }

    @Test
    void invalidArgumentsAreRefused() throws Exception {
        try (ConnPair pair = ConnPair.open()) {
            assertThatThrownBy(() -> pair.client.writeControl(MessageType.TEXT, new byte[0], null))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> pair.client.writeControl(MessageType.PING, new byte[126], null))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> pair.client.writeMessage(7, new byte[1]))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> pair.client.nextWriter(0)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> pair.client.writeMessage(MessageType.TEXT, new byte[4], 2, 3))
                    .isInstanceOf(IndexOutOfBoundsException.class);
            assertThatThrownBy(() -> pair.client.setCompressionLevel(10)).isInstanceOf(IllegalArgumentException.class);
            // Nothing of that reached the wire or broke the connection.
            pair.client.writeText("fine");
            assertThat(pair.server.readMessage().text()).isEqualTo("fine");
        }
    }
}
