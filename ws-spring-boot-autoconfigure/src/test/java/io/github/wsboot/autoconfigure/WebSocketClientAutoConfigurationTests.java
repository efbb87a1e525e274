package io.github.wsboot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import io.github.wsboot.autoconfigure.testsupport.FailureReports;
import io.github.wsboot.websocket.Dialer;
import io.github.wsboot.websocket.proxy.Proxies;

/** Conditions and {@code ws.client.*} binding of {@link WebSocketClientAutoConfiguration}. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class WebSocketClientAutoConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(
                    SslAutoConfiguration.class,
                    WebSocketJsonAutoConfiguration.class,
                    WebSocketClientAutoConfiguration.class));

    @Test
    void dialerWithGorillaDefaultsInAnyApplication() {
        runner.run(context -> {
            Dialer dialer = context.getBean(Dialer.class);
            assertThat(dialer.handshakeTimeout()).isEqualTo(Duration.ofSeconds(45));
            assertThat(dialer.readBufferSize()).isEqualTo(4096);
            assertThat(dialer.writeBufferSize()).isEqualTo(4096);
            assertThat(dialer.writeBufferPool())
                    .as("pooled by default: held only while writing")
                    .isNotNull();
            assertThat(dialer.subprotocols()).isEmpty();
            assertThat(dialer.enableCompression()).isFalse();
            assertThat(dialer.readLimit()).isEqualTo(64L << 10);
            assertThat(dialer.writeTimeout()).isEqualTo(Duration.ofSeconds(10));
            assertThat(dialer.pingInterval()).isNull();
            assertThat(dialer.proxy())
                    .as("direct connections unless a proxy is configured")
                    .isNull();
        });
    }

    @Test
    void proxyUrlWithCredentials() {
        runner.withPropertyValues("ws.client.proxy.url=socks5h://bob:s3cret@127.0.0.1:1080")
                .run(context -> {
                    Function<URI, URI> proxy = context.getBean(Dialer.class).proxy();
                    assertThat(proxy.apply(URI.create("https://example.com/chat")))
                            .isEqualTo(URI.create("socks5h://bob:s3cret@127.0.0.1:1080"));
                    assertThat(proxy.apply(URI.create("http://127.0.0.1:8080/")))
                            .as("a fixed proxy takes loopback too")
                            .isNotNull();
                    assertThat(proxy.toString()).doesNotContain("s3cret");
                });
    }

    @Test
    void proxyUrlWithNoProxyList() {
        runner.withPropertyValues(
                        "ws.client.proxy.url=http://proxy.corp:3128", "ws.client.proxy.no-proxy=.internal, 10.0.0.0/8")
                .run(context -> {
                    Function<URI, URI> proxy = context.getBean(Dialer.class).proxy();
                    assertThat(proxy.apply(URI.create("https://api.example.com/")))
                            .isEqualTo(URI.create("http://proxy.corp:3128"));
                    assertThat(proxy.apply(URI.create("http://svc.internal/"))).isNull();
                    assertThat(proxy.apply(URI.create("http://10.1.2.3/"))).isNull();
                });
    }

    @Test
    void proxyFromTheEnvironmentOrTheProxySelector() {
        runner.withPropertyValues("ws.client.proxy.from-environment=true")
                .run(context -> assertThat(context.getBean(Dialer.class).proxy())
                        .hasToString(Proxies.fromEnvironment().toString()));
        runner.withPropertyValues("ws.client.proxy.from-proxy-selector=true")
                .run(context -> assertThat(context.getBean(Dialer.class).proxy().toString())
                        .startsWith("Proxies.fromProxySelector"));
    }

    @Test
    void badProxySettingsFailWithAReport() {
        runner.withPropertyValues("ws.client.proxy.url=ftp://proxy:21").run(context -> {
            assertThat(context).hasFailed();
            assertThat(FailureReports.analyze(context.getStartupFailure()).getDescription())
                    .contains("ws.client.proxy.url")
                    .contains("unsupported proxy scheme");
        });
        runner.withPropertyValues("ws.client.proxy.url=http://proxy:3128", "ws.client.proxy.from-environment=true")
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(FailureReports.analyze(context.getStartupFailure())
                                    .getDescription())
                            .contains("Property: ws.client.proxy")
                            .contains("Origin: ")
                            .contains("set only one of");
                });
        runner.withPropertyValues("ws.client.proxy.no-proxy=example.com").run(context -> {
            assertThat(context).hasFailed();
            assertThat(FailureReports.analyze(context.getStartupFailure()).getDescription())
                    .contains("Property: ws.client.proxy.no-proxy")
                    .contains("Origin: ");
        });
    }

    @Test
    void bindsEveryClientProperty() {
        runner.withPropertyValues(
                        "ws.client.read-buffer-size=1KB",
                        "ws.client.write-buffer-size=2KB",
                        "ws.client.write-buffer-pool.enabled=true",
                        "ws.client.handshake-timeout=3s",
                        "ws.client.subprotocols=a.v1,b.v2",
                        "ws.client.compression.enabled=true",
                        "ws.client.compression.context-takeover=true",
                        "ws.client.compression.level=6",
                        "ws.client.read-limit=2MB",
                        "ws.client.write-timeout=7s",
                        "ws.client.keepalive.ping-interval=20s",
                        "ws.client.keepalive.pong-timeout=4s")
                .run(context -> {
                    Dialer dialer = context.getBean(Dialer.class);
                    assertThat(dialer.readBufferSize()).isEqualTo(1024);
                    assertThat(dialer.writeBufferSize()).isEqualTo(2048);
                    assertThat(dialer.writeBufferPool()).isNotNull();
                    assertThat(dialer.handshakeTimeout()).isEqualTo(Duration.ofSeconds(3));
                    assertThat(dialer.subprotocols()).containsExactly("a.v1", "b.v2");
                    assertThat(dialer.enableCompression()).isTrue();
                    assertThat(dialer.compressionContextTakeover()).isTrue();
                    assertThat(dialer.compressionLevel()).isEqualTo(6);
                    assertThat(dialer.readLimit()).isEqualTo(2L << 20);
                    assertThat(dialer.writeTimeout()).isEqualTo(Duration.ofSeconds(7));
                    assertThat(dialer.pingInterval()).isEqualTo(Duration.ofSeconds(20));
                    assertThat(dialer.pongTimeout()).isEqualTo(Duration.ofSeconds(4));
                });
    }

    @Test
    void badClientPropertyFailsWithAReport() {
        runner.withPropertyValues("ws.client.write-buffer-size=0B").run(context -> {
            assertThat(context).hasFailed();
            FailureAnalysis report = FailureReports.analyze(context.getStartupFailure());
            assertThat(report.getDescription())
                    .contains("Property: ws.client.write-buffer-size")
                    .contains("must be between 1 B and 1 GiB");
        });
    }

    @Test
    void unknownSslBundleFailsAtStartup() {
        runner.withPropertyValues("ws.client.ssl-bundle=missing").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("missing");
        });
    }

    @Test
    void customizersRunAfterTheProperties() {
        runner.withPropertyValues("ws.client.subprotocols=from.properties")
                .withBean(DialerCustomizer.class, () -> b -> b.subprotocols("from.customizer"))
                .run(context ->
                        assertThat(context.getBean(Dialer.class).subprotocols()).containsExactly("from.customizer"));
    }

    @Test
    void userDialerReplacesOurs() {
        Dialer own = Dialer.builder().build();
        runner.withBean(Dialer.class, () -> own)
                .run(context -> assertThat(context).getBean(Dialer.class).isSameAs(own));
    }

    @Test
    void nothingWithoutTheDialerClass() {
        runner.withClassLoader(new FilteredClassLoader(Dialer.class))
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(Dialer.class));
    }
}
