package io.github.wsboot.sample.echo;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code /echo} through the starter: text and binary come back with their type, up to the 16 MiB limit. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class EchoHandlerTests {

    @LocalServerPort
    int port;

    @Test
    void echoesTextAndA16MiBBinaryMessageWithTheirTypes() throws Exception {
        CompletableFuture<String> text = new CompletableFuture<>();
        CompletableFuture<byte[]> binary = new CompletableFuture<>();
        java.io.ByteArrayOutputStream received = new java.io.ByteArrayOutputStream();
        WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create("ws://localhost:" + port + "/echo"), new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                        text.complete(data.toString());
                        ws.request(1);
                        return null;
                    }

                    @Override
                    public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
                        byte[] chunk = new byte[data.remaining()];
                        data.get(chunk);
                        received.writeBytes(chunk);
                        if (last) {
                            binary.complete(received.toByteArray());
                        }
                        ws.request(1);
                        return null;
                    }
                }).get(10, TimeUnit.SECONDS);
        socket.sendText("hello", true).get(10, TimeUnit.SECONDS);
        assertThat(text.get(10, TimeUnit.SECONDS)).isEqualTo("hello");

        byte[] big = new byte[16 << 20];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) i;
        }
        socket.sendBinary(ByteBuffer.wrap(big), true).get(30, TimeUnit.SECONDS);
        assertThat(binary.get(30, TimeUnit.SECONDS)).isEqualTo(big);
        socket.abort();
    }
}
