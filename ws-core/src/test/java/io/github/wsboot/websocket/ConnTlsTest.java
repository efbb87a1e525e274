package io.github.wsboot.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.github.wsboot.websocket.testing.SelfSignedCertificate;

/**
 * Aborting a TLS connection whose write is stuck on a peer that stopped reading. {@code SSLSocket.close()}
 * waits for the TLS record lock that such a write holds, so without care a write deadline, {@link Conn#close()}
 * or a keepalive failure would hang — and with them the shared deadline thread of the whole JVM.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ConnTlsTest {

    private static SSLContext context;

    @BeforeAll
    static void makeContext(@TempDir Path dir) throws Exception {
        context = SelfSignedCertificate.generate(dir, "ip:127.0.0.1").serverAndClientContext();
    }

    private static ConnPair open() throws Exception {
        return ConnPair.builder().socketBufferSize(64 * 1024).openTls(context);
    }

    private static long millisSince(long start) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }

    /** Starts a client write of a 64 MiB frame the peer never reads and returns once it has been stuck for 700 ms. */
    private static CompletableFuture<Throwable> stuckClientWrite(ConnPair pair) throws Exception {
        byte[] big = new byte[64 << 20];
        CompletableFuture<Throwable> writer =
                TestData.async("writer", () -> catchThrowable(() -> pair.client.writeMessage(MessageType.BINARY, big)));
        Thread.sleep(700);
        assertThat(writer).isNotDone();
        return writer;
    }

    @Test
    void messagesAndTheCloseHandshakeWorkOverTls() throws Exception {
        try (ConnPair pair = open()) {
            pair.client.writeText("hello");
            assertThat(pair.server.readMessage().text()).isEqualTo("hello");
            byte[] big = TestData.binary(1 << 20, 5);
            CompletableFuture<Void> w = TestData.async("writer", () -> {
                pair.server.writeMessage(MessageType.BINARY, big);
                return null;
            });
            assertThat(pair.client.readMessage().data()).isEqualTo(big);
            w.get(5, TimeUnit.SECONDS);
            pair.client.writeControl(
                    MessageType.CLOSE,
                    WebSockets.formatCloseMessage(1000, ""),
                    Instant.now().plusSeconds(5));
            assertThatThrownBy(pair.server::readMessage).isInstanceOf(CloseException.class);
            assertThatThrownBy(pair.client::readMessage).isInstanceOf(CloseException.class);
            assertThat(pair.serverSocket.isClosed()).isTrue();
            assertThat(pair.clientSocket.isClosed()).isTrue();
        }
    }

    @Test
    void aWriteDeadlineAbortsAStuckTlsWrite() throws Exception {
        try (ConnPair pair = open()) {
            pair.client.setWriteDeadline(Instant.now().plusMillis(500));
            long start = System.nanoTime();
            Throwable e = catchThrowable(() -> pair.client.writeMessage(MessageType.BINARY, new byte[64 << 20]));
            assertThat(e).isInstanceOf(SocketTimeoutException.class);
            assertThat(millisSince(start)).isLessThan(1500);
            // The shared deadline thread is free: another connection's deadline still fires on time.
            try (ConnPair other = ConnPair.open()) {
                other.client.setReadDeadline(Instant.now().plusMillis(200));
                long s2 = System.nanoTime();
                assertThatThrownBy(other.client::readMessage).isInstanceOf(SocketTimeoutException.class);
                assertThat(millisSince(s2)).isLessThan(1200);
            }
        }
    }

    @Test
    void closeFromAnotherThreadReleasesAStuckTlsWrite() throws Exception {
        try (ConnPair pair = open()) {
            CompletableFuture<Throwable> writer = stuckClientWrite(pair);
            long start = System.nanoTime();
            CompletableFuture<Void> closer = TestData.async("closer", () -> {
                pair.client.close();
                return null;
            });
            closer.get(2, TimeUnit.SECONDS);
            assertThat(writer.get(2, TimeUnit.SECONDS)).isInstanceOf(IOException.class);
            assertThat(millisSince(start)).isLessThan(1500);
        }
    }

    @Test
    void keepaliveClosesATlsConnectionWhoseWritesAreStuck() throws Exception {
        try (ConnPair pair = open()) {
            CompletableFuture<Throwable> writer = stuckClientWrite(pair);
            pair.client.setKeepalive(Duration.ofMillis(100), Duration.ofMillis(300));
            long start = System.nanoTime();
            assertThatThrownBy(pair.client::readMessage).isInstanceOf(SocketTimeoutException.class);
            assertThat(writer.get(3, TimeUnit.SECONDS)).isInstanceOf(IOException.class);
            assertThat(millisSince(start)).isLessThan(3000);
        }
    }
}
