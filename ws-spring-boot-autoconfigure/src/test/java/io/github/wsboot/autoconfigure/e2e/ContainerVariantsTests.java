package io.github.wsboot.autoconfigure.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.github.wsboot.autoconfigure.actuate.WebSocketsEndpoint;
import io.github.wsboot.autoconfigure.server.WebSocketEndpoints;
import io.github.wsboot.websocket.Conn;
import io.github.wsboot.websocket.Dialer;

/**
 * The starter in the container set-ups users run, each over a real server and our {@link Dialer}: a context
 * path with a servlet path, HTTP/2 enabled (the WebSocket still upgrades over HTTP/1.1, and h2 requests are
 * unaffected), Tomcat's NIO2 connector, and TLS ({@code server.ssl.*}). Spring Security is on the class path
 * and in the chain throughout (SmallApplication permits all).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ContainerVariantsTests {

    @Test
    void contextPathAndServletPath() throws Exception {
        try (ConfigurableApplicationContext app = start(
                TomcatEndToEndTests.Tomcat.class, "server.servlet.context-path=/app", "spring.mvc.servlet.path=/api")) {
            echo(Dialer.builder().build(), "ws://localhost:" + port(app) + "/app/api/chat");
            assertThat(transports(app)).containsExactly("tomcat");
        }
    }

    @Test
    void http2EnabledLeavesTheUpgradeOnHttp11AndServesH2() throws Exception {
        for (Class<?> container : List.of(TomcatEndToEndTests.Tomcat.class, JettyEndToEndTests.Jetty.class)) {
            try (ConfigurableApplicationContext app = start(container, "server.http2.enabled=true")) {
                echo(Dialer.builder().build(), "ws://localhost:" + port(app) + "/chat");
                if (container == TomcatEndToEndTests.Tomcat.class) {
                    // h2c through the HTTP/1.1 upgrade: an endpoint's plain GET is answered over HTTP/2 (400).
                    HttpResponse<String> h2 = HttpClient.newBuilder()
                            .version(HttpClient.Version.HTTP_2)
                            .build()
                            .send(
                                    HttpRequest.newBuilder(URI.create("http://localhost:" + port(app) + "/chat"))
                                            .build(),
                                    HttpResponse.BodyHandlers.ofString());
                    assertThat(h2.version()).isEqualTo(HttpClient.Version.HTTP_2);
                    assertThat(h2.statusCode()).isEqualTo(400);
                }
                assertThat(transports(app))
                        .as(container.getSimpleName())
                        .hasSize(1)
                        .allMatch(t -> t.equals("tomcat") || t.equals("jetty"));
            }
        }
    }

    @Test
    void tomcatsNio2Connector() throws Exception {
        try (ConfigurableApplicationContext app = start(Nio2Tomcat.class)) {
            echo(Dialer.builder().build(), "ws://localhost:" + port(app) + "/chat");
            assertThat(transports(app)).containsExactly("tomcat");
        }
    }

    @Test
    void tlsOnTomcatAndJetty(@TempDir Path dir) throws Exception {
        Path keyStore = dir.resolve("server.p12");
        Process keytool = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "keytool")
                                .toString(),
                        "-genkeypair",
                        "-alias",
                        "server",
                        "-keyalg",
                        "EC",
                        "-dname",
                        "CN=localhost",
                        "-ext",
                        "SAN=dns:localhost,ip:127.0.0.1",
                        "-validity",
                        "2",
                        "-storetype",
                        "PKCS12",
                        "-keystore",
                        keyStore.toString(),
                        "-storepass",
                        "secret-pass")
                .redirectErrorStream(true)
                .start();
        keytool.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
        assertThat(keytool.waitFor()).isZero();
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyStore)) {
            trusted.load(in, "secret-pass".toCharArray());
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trusted);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, tmf.getTrustManagers(), null);
        for (Class<?> container : List.of(TomcatEndToEndTests.Tomcat.class, JettyEndToEndTests.Jetty.class)) {
            try (ConfigurableApplicationContext app = start(
                    container,
                    "server.ssl.key-store=file:" + keyStore,
                    "server.ssl.key-store-password=secret-pass",
                    "server.ssl.key-store-type=PKCS12")) {
                echo(Dialer.builder().sslContext(tls).build(), "wss://localhost:" + port(app) + "/chat");
                assertThat(transports(app))
                        .as(container.getSimpleName())
                        .hasSize(1)
                        .allMatch(t -> t.equals("tomcat") || t.equals("jetty"));
            }
        }
    }

    @Test
    void theServletTransportOnJettyIsAStartupError() {
        assertThatThrownBy(() -> start(JettyEndToEndTests.Jetty.class, "ws.server.transport=servlet")
                        .close())
                .rootCause()
                .hasMessageContaining("ws.server.transport=servlet cannot be used on Jetty");
    }

    @Test
    void theServletTransportOnTomcatServesThroughTheServletUpgrade() throws Exception {
        try (ConfigurableApplicationContext app =
                start(TomcatEndToEndTests.Tomcat.class, "ws.server.transport=servlet")) {
            echo(Dialer.builder().build(), "ws://localhost:" + port(app) + "/chat");
            assertThat(transports(app)).containsExactly("servlet");
        }
    }

    private static void echo(Dialer dialer, String url) throws Exception {
        Conn conn = dialer.dial(url, Map.of());
        try {
            for (String text : List.of("first", "x".repeat(50_000))) {
                conn.writeText(text);
                assertThat(conn.readMessage().text()).isEqualTo(text);
            }
        } finally {
            conn.close();
        }
    }

    private static ConfigurableApplicationContext start(Class<?> container, String... properties) {
        String[] all = new String[properties.length + 1];
        all[0] = "server.port=0";
        System.arraycopy(properties, 0, all, 1, properties.length);
        return new SpringApplicationBuilder(SmallApplication.class, container)
                .properties(all)
                .run();
    }

    private static int port(ConfigurableApplicationContext app) {
        return ((WebServerApplicationContext) app).getWebServer().getPort();
    }

    /** The hand-overs that served /chat, as the actuator endpoint reports them. */
    private static List<String> transports(ConfigurableApplicationContext app) {
        WebSocketsEndpoint actuator = new WebSocketsEndpoint(
                app.getBean(WebSocketEndpoints.class),
                app.getBean(io.github.wsboot.autoconfigure.server.ConnectionTracker.class));
        return actuator.websockets().endpoints().stream()
                .filter(e -> e.path().equals("/chat"))
                .findFirst()
                .orElseThrow()
                .transportsInUse();
    }

    /** Tomcat with the NIO2 connector instead of NIO. */
    @Configuration(proxyBeanMethods = false)
    static class Nio2Tomcat {

        @Bean
        TomcatServletWebServerFactory tomcatServletWebServerFactory() {
            TomcatServletWebServerFactory factory = new TomcatServletWebServerFactory();
            factory.setProtocol("org.apache.coyote.http11.Http11Nio2Protocol");
            return factory;
        }
    }
}
