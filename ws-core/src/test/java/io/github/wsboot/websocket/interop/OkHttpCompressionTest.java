package io.github.wsboot.websocket.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.WebSocket;
import okio.ByteString;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.github.wsboot.websocket.HandshakeException;
import io.github.wsboot.websocket.Message;
import io.github.wsboot.websocket.Upgrader;
import io.github.wsboot.websocket.testing.ServletContainer;

/**
 * OkHttp's client, which always offers permessage-deflate and keeps its context, against our Upgrader with
 * compression enabled, in both of the server's takeover modes, on Tomcat and Jetty.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class OkHttpCompressionTest {

    /** Echoes and records whether each connection negotiated compression. */
    static final class CompressingEcho extends HttpServlet {
        private static final long serialVersionUID = 1L;
        final transient Upgrader upgrader;
        final transient BlockingQueue<Boolean> negotiated = new LinkedBlockingQueue<>();

        CompressingEcho(boolean takeover) {
            upgrader = Upgrader.builder()
                    .enableCompression(true)
                    .compressionContextTakeover(takeover)
                    .build();
        }

        @Override
        protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            try {
                upgrader.upgrade(req, resp, null, conn -> {
                    negotiated.add(conn.compressionNegotiated());
                    while (true) {
                        Message m = conn.readMessage();
                        conn.writeMessage(m.type(), m.data());
                    }
                });
            } catch (HandshakeException e) {
                // answered
            }
        }
    }

    private static String jsonLike(int size, long seed) {
        Random r = new Random(seed);
        StringBuilder sb = new StringBuilder();
        while (sb.length() < size) {
            sb.append("{\"user\":\"u")
                    .append(r.nextInt(30))
                    .append("\",\"text\":\"hello ")
                    .append(r.nextInt(9))
                    .append(" wörld\"},");
        }
        return sb.substring(0, size);
    }

    @ParameterizedTest(name = "{0} takeover={1}")
    @CsvSource({"TOMCAT,true", "TOMCAT,false", "JETTY,true", "JETTY,false"})
    void compressedEchoWithOkHttp(ServletContainer container, boolean takeover) throws Exception {
        CompressingEcho servlet = new CompressingEcho(takeover);
        OkHttpClient client =
                new OkHttpClient.Builder().readTimeout(Duration.ofSeconds(30)).build();
        try (ServletContainer.Running server = container.start(servlet)) {
            OkHttpInteropTest.Recorder r = new OkHttpInteropTest.Recorder();
            WebSocket ws = client.newWebSocket(
                    new Request.Builder()
                            .url(server.httpUri("/echo").toString())
                            .build(),
                    r);
            Response response = r.opened.get(10, TimeUnit.SECONDS);
            String extensions = response.header("Sec-WebSocket-Extensions");
            assertThat(extensions).startsWith("permessage-deflate");
            assertThat(extensions.contains("server_no_context_takeover")).isEqualTo(!takeover);
            assertThat(servlet.negotiated.poll(10, TimeUnit.SECONDS)).isTrue();
            for (int i = 0; i < 30; i++) {
                String text = jsonLike(100 + i * 4000, i);
                OkHttpInteropTest.assertEchoed(ws, r, text, 10);
                OkHttpInteropTest.assertEchoed(ws, r, ByteString.of(text.getBytes(StandardCharsets.UTF_8)), 10);
            }
            ws.close(1000, "done");
        } finally {
            client.dispatcher().executorService().shutdown();
            client.connectionPool().evictAll();
        }
    }
}
