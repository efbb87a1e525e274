package io.github.wsboot.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.github.wsboot.websocket.testing.TomcatServer;
import io.github.wsboot.websocket.testing.UpgradeServlet;

/** One options value for both sides: what the Upgrader and the Dialer give each connection. */
@Timeout(60)
class ConnectionOptionsTest {

    @Test
    void theUpgraderAppliesReadLimitWriteTimeoutAndKeepaliveToEveryConnection() throws Exception {
        CompletableFuture<String> seen = new CompletableFuture<>();
        Upgrader upgrader = Upgrader.builder()
                .readLimit(5)
                .writeTimeout(Duration.ofSeconds(3))
                .keepalive(Duration.ofMillis(200), Duration.ofSeconds(5))
                .build();
        try (TomcatServer server = TomcatServer.start(new UpgradeServlet(upgrader, conn -> {
            seen.complete(conn.readLimit() + " " + conn.missedPongs());
            conn.readMessage();
        }))) {
            try (Conn client = Dialer.builder().build().dial("ws://127.0.0.1:" + server.port() + "/", null)) {
                CompletableFuture<Boolean> pinged = new CompletableFuture<>();
                client.setPingHandler(data -> pinged.complete(true));
                Thread.sleep(500); // keepalive pings every 200 ms queue up meanwhile
                client.writeText("too long");
                assertThat(catchThrowable(client::readMessage))
                        .isInstanceOfSatisfying(
                                CloseException.class, e -> assertThat(e.code()).isEqualTo(CloseCodes.MESSAGE_TOO_BIG));
                assertThat(pinged)
                        .as("a keepalive ping came before the close frame")
                        .isDone();
                assertThat(seen.get(5, TimeUnit.SECONDS)).isEqualTo("5 0");
            }
        }
        assertThat(upgrader.options().writeTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(upgrader.options().pingInterval()).isEqualTo(Duration.ofMillis(200));
    }

    @Test
    void theBuildersDelegateToOneOptionsValue() {
        ConnectionOptions options = ConnectionOptions.builder()
                .readBufferSize(1024)
                .writeBufferSize(2048)
                .compression(true)
                .compressionLevel(5)
                .readLimit(100)
                .writeTimeout(Duration.ofSeconds(2))
                .keepalive(Duration.ofSeconds(30), Duration.ofSeconds(10))
                .closeTimeout(Duration.ofMillis(500))
                .build();
        Dialer dialer = Dialer.builder().options(options).readLimit(200).build();
        assertThat(dialer.options().readLimit()).isEqualTo(200);
        assertThat(dialer.options().readBufferSize()).isEqualTo(1024);
        assertThat(dialer.compressionLevel()).isEqualTo(5);
        assertThat(dialer.toBuilder().build().options().closeTimeout()).isEqualTo(Duration.ofMillis(500));
        Upgrader upgrader = Upgrader.builder().options(options).build();
        assertThat(upgrader.options().toString()).isEqualTo(options.toString());
        assertThat(ConnectionOptions.DEFAULTS.readBufferSize()).isEqualTo(ConnectionOptions.DEFAULT_BUFFER_SIZE);
        assertThat(ConnectionOptions.DEFAULTS.closeTimeout()).isEqualTo(ConnectionOptions.DEFAULT_CLOSE_TIMEOUT);
        assertThatThrownBy(() -> ConnectionOptions.builder().keepalive(Duration.ofSeconds(1), null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ConnectionOptions.builder().readLimit(-1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void closeUsesTheOptionsCloseTimeout() throws Exception {
        ConnectionOptions options =
                ConnectionOptions.builder().closeTimeout(Duration.ofMillis(200)).build();
        try (ConnPair.Raw raw = ConnPair.builder().openRaw(true)) {
            Conn conn = new Conn(raw.conn.netConn(), true, options, "", null, null, null);
            long start = System.nanoTime();
            conn.close(); // the raw peer never answers
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isBetween(150L, 900L);
        }
    }
}
