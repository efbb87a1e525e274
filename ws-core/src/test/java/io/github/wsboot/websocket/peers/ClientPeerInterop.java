package io.github.wsboot.websocket.peers;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

import io.github.wsboot.websocket.Conn;
import io.github.wsboot.websocket.Upgrader;
import io.github.wsboot.websocket.peers.PeerScript.Digest;
import io.github.wsboot.websocket.testing.ServletContainer;
import io.github.wsboot.websocket.testing.UpgradeServlet;

/**
 * Our {@link Upgrader}, on embedded Tomcat and Jetty, against an external echo client (node ws, python
 * websockets) that runs the scripted messages of {@link PeerScript}, with and without permessage-deflate.
 * Subclasses name the peer and how to start its client.
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
abstract class ClientPeerInterop {

    private static final Duration CLIENT_RUN = Duration.ofSeconds(90); // the clients give up after 60 s
    private static final JsonMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    /** The one line of JSON an echo client prints. */
    record ClientResult(
            boolean ok,
            String peer,
            String version,
            boolean deflate,
            String extensions,
            List<Digest> messages,
            int pongs,
            Integer closeCode,
            String error) {}

    /** What the client offers and the server allows. */
    enum Mode {
        PLAIN(false, false, false),
        SERVER_DECLINES(true, false, false),
        DEFLATE_TAKEOVER(true, true, true),
        DEFLATE_NO_TAKEOVER(true, true, false);

        final boolean clientOffers;
        final boolean serverCompression;
        final boolean serverTakeover;

        Mode(boolean clientOffers, boolean serverCompression, boolean serverTakeover) {
            this.clientOffers = clientOffers;
            this.serverCompression = serverCompression;
            this.serverTakeover = serverTakeover;
        }

        boolean negotiates() {
            return clientOffers && serverCompression;
        }
    }

    private final InteropPeers.Language peers;
    /** The peer's echo client script: {@code SCRIPT URL [--deflate]}, offering compression when asked. */
    private final String clientScript;

    ClientPeerInterop(InteropPeers.Language peers, String clientScript) {
        this.peers = peers;
        this.clientScript = clientScript;
    }

    private List<String> clientCommand(URI url, boolean deflate) {
        return peers.command(clientScript, deflate ? List.of(url.toString(), "--deflate") : List.of(url.toString()));
    }

    static Stream<Arguments> containersAndModes() {
        return Arrays.stream(ServletContainer.values())
                .flatMap(c -> Arrays.stream(Mode.values()).map(m -> Arguments.of(c, m)));
    }

    @BeforeEach
    void peerInstalled() {
        peers.peer().assumeInstalledOrFailInCi();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("containersAndModes")
    void echoesTheScriptedMessages(ServletContainer container, Mode mode) throws Exception {
        RecordingEcho echo = new RecordingEcho();
        Upgrader upgrader = Upgrader.builder()
                .enableCompression(mode.serverCompression)
                .compressionContextTakeover(mode.serverTakeover)
                .build();
        try (ServletContainer.Running server = container.start(new UpgradeServlet(upgrader, echo));
                PeerProcess client =
                        PeerProcess.start(peers.dir().get(), clientCommand(server.uri("/echo"), mode.clientOffers))) {
            int exit = client.awaitExit(CLIENT_RUN);
            ClientResult result = JSON.readValue(client.awaitLine(Duration.ofSeconds(5)), ClientResult.class);

            // The client's own verdict: every echo identical, both pongs, close code 1000 from us.
            assertThat(result.error()).as(client::describe).isNull();
            assertThat(result.ok()).as(client::describe).isTrue();
            assertThat(exit).as(client::describe).isZero();
            assertThat(result.messages()).extracting(Digest::shape).containsExactlyElementsOf(PeerScript.EXPECTED);
            assertThat(result.pongs()).isEqualTo(2);
            assertThat(result.closeCode()).isEqualTo(1000);

            // Our side: the same bytes arrived, compression as configured, the client's close code seen.
            assertThat(echo.received).containsExactlyElementsOf(result.messages());
            Conn conn = echo.conn.get(5, TimeUnit.SECONDS);
            assertThat(conn.compressionNegotiated()).isEqualTo(mode.negotiates());
            assertThat(echo.closeCode.get(10, TimeUnit.SECONDS)).isEqualTo(1000);
            assertExtensionsHeader(result.extensions(), mode);
        }
    }

    /** The {@code Sec-WebSocket-Extensions} response header as the client saw it. */
    private static void assertExtensionsHeader(String extensions, Mode mode) {
        if (!mode.negotiates()) {
            assertThat(extensions).isNull();
            return;
        }
        assertThat(extensions).startsWith("permessage-deflate");
        assertThat(extensions.contains("server_no_context_takeover"))
                .as("server_no_context_takeover in %s", extensions)
                .isEqualTo(!mode.serverTakeover);
        assertThat(extensions.contains("client_no_context_takeover"))
                .as("client_no_context_takeover in %s", extensions)
                .isEqualTo(!mode.serverTakeover);
    }
}
