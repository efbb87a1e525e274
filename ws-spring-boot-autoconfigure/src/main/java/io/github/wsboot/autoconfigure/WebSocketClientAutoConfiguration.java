package io.github.wsboot.autoconfigure;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;

import io.github.wsboot.websocket.BufferPool;
import io.github.wsboot.websocket.Dialer;
import io.github.wsboot.websocket.JsonCodec;

/**
 * A {@link Dialer} bean for WebSocket clients, built from {@code ws.client.*} and the
 * {@link DialerCustomizer}s. Needs no web server: it applies to any application with ws-core. A
 * {@link Dialer} bean of the application's own replaces it.
 *
 * @author ws contributors
 * @since 0.1.0
 */
@AutoConfiguration(after = WebSocketJsonAutoConfiguration.class,
        afterName = "org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration")
@ConditionalOnClass(Dialer.class)
@EnableConfigurationProperties(WebSocketClientProperties.class)
public final class WebSocketClientAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    Dialer webSocketDialer(WebSocketClientProperties properties, ObjectProvider<JsonCodec> jsonCodec,
                           ObjectProvider<SslBundles> sslBundles, ObjectProvider<DialerCustomizer> customizers) {
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
                .keepalive(properties.getKeepalive().getPingInterval(), properties.getKeepalive().getPongTimeout())
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
                throw new IllegalStateException("ws.client.ssl-bundle is '" + bundle + "' but no SslBundles bean exists");
            }
            b.sslContext(bundles.getBundle(bundle).createSslContext());
        }
        customizers.orderedStream().forEach(c -> c.customize(b));
        return b.build();
    }
}
