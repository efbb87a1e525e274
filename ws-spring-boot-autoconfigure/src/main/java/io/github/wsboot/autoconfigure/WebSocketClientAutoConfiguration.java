package io.github.wsboot.autoconfigure;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

import io.github.wsboot.autoconfigure.metrics.MicrometerDialerMetrics;
import io.github.wsboot.websocket.BufferPool;
import io.github.wsboot.websocket.Dialer;
import io.github.wsboot.websocket.JsonCodec;

/**
 * A {@link Dialer} bean for WebSocket clients, built from {@code ws.client.*} and the
 * {@link DialerCustomizer}s. Needs no web server: it applies to any application with ws-core. A
 * {@link Dialer} bean of the application's own replaces it. With Micrometer and a registry, its dials and
 * connections are metered ({@link MicrometerDialerMetrics}).
 *
 * @author ws contributors
 * @since 0.1.0
 */
@AutoConfiguration(
        after = WebSocketJsonAutoConfiguration.class,
        afterName = {
            "org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration",
            "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
            "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration"
        })
@ConditionalOnClass(Dialer.class)
@EnableConfigurationProperties(WebSocketClientProperties.class)
public final class WebSocketClientAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    Dialer webSocketDialer(
            WebSocketClientProperties properties,
            ObjectProvider<JsonCodec> jsonCodec,
            ObjectProvider<SslBundles> sslBundles,
            ObjectProvider<DialerCustomizer> customizers) {
        Dialer.Builder b = Dialer.builder()
                .readBufferSize((int) properties.getReadBufferSize().toBytes())
                .writeBufferSize((int) properties.getWriteBufferSize().toBytes())
                .subprotocols(properties.getSubprotocols())
                .handshakeTimeout(properties.getHandshakeTimeout())
                .enableCompression(properties.getCompression().isEnabled())
                .compressionContextTakeover(properties.getCompression().isContextTakeover())
                .compressionLevel(properties.getCompression().getLevel())
                .readLimit(properties.getReadLimit().toBytes())
                .writeTimeout(properties.getWriteTimeout())
                .keepalive(
                        properties.getKeepalive().getPingInterval(),
                        properties.getKeepalive().getPongTimeout())
                .jsonCodec(jsonCodec.getIfUnique())
                .proxy(properties.getProxy().toFunction());
        if (properties.getWriteBufferPool().isEnabled()) {
            // The client's own pool: buffers of its write buffer size, apart from the server's.
            b.writeBufferPool(BufferPool.bounded(properties.getWriteBufferPool().getCapacity()));
        }
        String bundle = properties.getSslBundle();
        if (bundle != null) {
            SslBundles bundles = sslBundles.getIfAvailable();
            if (bundles == null) {
                throw new IllegalStateException(
                        "ws.client.ssl-bundle is '" + bundle + "' but no SslBundles bean exists");
            }
            b.sslContext(bundles.getBundle(bundle).createSslContext());
        }
        customizers.orderedStream().forEach(c -> c.customize(b));
        return b.build();
    }

    /** Client-side meters for the {@link Dialer} bean, when Micrometer and a registry are present. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(MeterBinder.class)
    @ConditionalOnBean(MeterRegistry.class)
    static class MicrometerConfiguration {

        @Bean
        @ConditionalOnMissingBean
        MicrometerDialerMetrics webSocketDialerMetrics() {
            return new MicrometerDialerMetrics();
        }

        /** Ordered first, so that an application's customizer can still set a dial observer of its own. */
        @Bean
        @Order(Ordered.HIGHEST_PRECEDENCE)
        DialerCustomizer webSocketDialerMetricsCustomizer(MicrometerDialerMetrics metrics) {
            return builder -> builder.dialObserver(metrics);
        }
    }
}
