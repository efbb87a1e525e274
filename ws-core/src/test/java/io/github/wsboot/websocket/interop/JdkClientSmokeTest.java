package io.github.wsboot.websocket.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.github.wsboot.websocket.Upgrader;
import io.github.wsboot.websocket.testing.EchoHandler;
import io.github.wsboot.websocket.testing.TomcatServer;
import io.github.wsboot.websocket.testing.UpgradeServlet;

class JdkClientSmokeTest {

    @Test
    void echoesTextAndBinaryOverTomcat() throws Exception {
        try (TomcatServer server = TomcatServer.start(new UpgradeServlet(Upgrader.builder().build(), new EchoHandler()))) {
            LinkedBlockingQueue<Object> received = new LinkedBlockingQueue<>();
            CompletableFuture<Integer> closed = new CompletableFuture<>();
            WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder()
                    .buildAsync(server.uri("/echo"), new WebSocket.Listener() {
                        StringBuilder text = new StringBuilder();

                        @Override
                        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                            text.append(data);
                            if (last) {
                                received.add(text.toString());
                                text = new StringBuilder();
                            }
                            webSocket.request(1);
                            return null;
                        }

                        @Override
                        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
                            byte[] b = new byte[data.remaining()];
                            data.get(b);
                            received.add(b);
                            webSocket.request(1);
                            return null;
                        }

                        @Override
                        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
                            closed.complete(statusCode);
                            return null;
                        }
                    }).get(5, TimeUnit.SECONDS);
            ws.sendText("héllo wörld", true).get(5, TimeUnit.SECONDS);
            assertThat(received.poll(5, TimeUnit.SECONDS)).isEqualTo("héllo wörld");
            ws.sendBinary(ByteBuffer.wrap(new byte[] {1, 2, 3}), true).get(5, TimeUnit.SECONDS);
            assertThat((byte[]) received.poll(5, TimeUnit.SECONDS)).containsExactly(1, 2, 3);
            String big = "x".repeat(200_000);
            ws.sendText(big, true).get(5, TimeUnit.SECONDS);
            assertThat(received.poll(5, TimeUnit.SECONDS)).isEqualTo(big);
            ws.sendClose(1000, "bye").get(5, TimeUnit.SECONDS);
            assertThat(closed.get(5, TimeUnit.SECONDS)).isEqualTo(1000);
        }
    }
}
