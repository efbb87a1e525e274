package io.github.wsboot.autoconfigure;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import io.github.wsboot.autoconfigure.testsupport.FailureReports;
import io.github.wsboot.websocket.Dialer;

import static org.assertj.core.api.Assertions.assertThat;

/** Conditions and {@code ws.client.*} binding of {@link WebSocketClientAutoConfiguration}. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class WebSocketClientAutoConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class, WebSocketJsonAutoConfiguration.class,
                    WebSocketClientAutoConfiguration.class));

    @Test
    void dialerWithGorillaDefaultsInAnyApplication() {
        runner.run(context -> {
            Dialer dialer = context.getBean(Dialer.class);
            assertThat(dialer.handshakeTimeout()).isEqualTo(Duration.ofSeconds(45));
            assertThat(dialer.readBufferSize()).isEqualTo(4096);
            assertThat(dialer.writeBufferSize()).isEqualTo(4096);
            assertThat(dialer.writeBufferPool()).isNull();
            assertThat(dialer.subprotocols()).isEmpty();
            assertThat(dialer.enableCompression()).isFalse();
            assertThat(dialer.readLimit()).isEqualTo(64L << 10);
            assertThat(dialer.writeTimeout()).isEqualTo(Duration.ofSeconds(10));
            assertThat(dialer.pingInterval()).isNull();
        });
    }

    @Test
    void bindsEveryClientProperty() {
        runner.withPropertyValues("ws.client.read-buffer-size=1KB", "ws.client.write-buffer-size=2KB",
                "ws.client.write-buffer-pool.enabled=true", "ws.client.handshake-timeout=3s",
                "ws.client.subprotocols=a.v1,b.v2", "ws.client.compression.enabled=true",
                "ws.client.compression.context-takeover=true", "ws.client.compression.level=6",
                "ws.client.read-limit=2MB", "ws.client.write-timeout=7s",
                "ws.client.keepalive.ping-interval=20s", "ws.client.keepalive.pong-timeout=4s").run(context -> {
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
            assertThat(report.getDescription()).contains("ws.client.writeBufferSize").contains("must be between 1B");
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
                .run(context -> assertThat(context.getBean(Dialer.class).subprotocols()).containsExactly("from.customizer"));
    }

    @Test
    void userDialerReplacesOurs() {
        Dialer own = Dialer.builder().build();
        runner.withBean(Dialer.class, () -> own).run(context -> assertThat(context).getBean(Dialer.class).isSameAs(own));
    }

    @Test
    void nothingWithoutTheDialerClass() {
        runner.withClassLoader(new FilteredClassLoader(Dialer.class))
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(Dialer.class));
    }
}
