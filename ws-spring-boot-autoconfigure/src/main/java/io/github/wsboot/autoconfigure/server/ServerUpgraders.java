package io.github.wsboot.autoconfigure.server;

import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.locks.ReentrantLock;

import org.jspecify.annotations.Nullable;

import io.github.wsboot.autoconfigure.UpgraderCustomizer;
import io.github.wsboot.autoconfigure.WebSocketServerProperties;
import io.github.wsboot.spring.CompressionMode;
import io.github.wsboot.websocket.BufferPool;
import io.github.wsboot.websocket.HandOverObserver;
import io.github.wsboot.websocket.JsonCodec;
import io.github.wsboot.websocket.Upgrader;

/**
 * Builds {@link Upgrader}s from {@code ws.server.*} and the {@link UpgraderCustomizer}s: the shared one for
 * endpoints that keep the defaults, and a dedicated one for each endpoint whose annotation overrides
 * subprotocols, origins or compression.
 *
 * @since 0.1.0
 */
public final class ServerUpgraders {

    private static final String GLOBAL_ORIGINS = "ws.server.allowed-origins";

    private final WebSocketServerProperties properties;
    private final @Nullable BufferPool writeBufferPool;
    private final @Nullable JsonCodec jsonCodec;
    private final Executor executor;
    private final List<UpgraderCustomizer> customizers;
    private final HandOverObserver handOverObserver;
    private final ReentrantLock lock = new ReentrantLock();
    private @Nullable Upgrader shared; // lock

    /**
     * @param writeBufferPool the pool for write buffers, null for none
     * @param jsonCodec       the codec for {@code Conn.readJson}/{@code writeJson}, null for ws-core's default
     * @param executor        runs connection handlers
     */
    public ServerUpgraders(
            WebSocketServerProperties properties,
            @Nullable BufferPool writeBufferPool,
            @Nullable JsonCodec jsonCodec,
            Executor executor,
            List<UpgraderCustomizer> customizers) {
        this(properties, writeBufferPool, jsonCodec, executor, customizers, HandOverObserver.NONE);
    }

    /**
     * @param handOverObserver told about connections that fall back from the container's native hand-over
     */
    public ServerUpgraders(
            WebSocketServerProperties properties,
            @Nullable BufferPool writeBufferPool,
            @Nullable JsonCodec jsonCodec,
            Executor executor,
            List<UpgraderCustomizer> customizers,
            HandOverObserver handOverObserver) {
        this.handOverObserver = handOverObserver;
        this.properties = properties;
        this.writeBufferPool = writeBufferPool;
        this.jsonCodec = jsonCodec;
        this.executor = executor;
        this.customizers = List.copyOf(customizers);
    }

    /** A builder with the properties and then the customizers applied. */
    public Upgrader.Builder newBuilder() {
        return newBuilder(GLOBAL_ORIGINS);
    }

    /** @param originSetting the setting a refused origin's 403 names as the one to change */
    private Upgrader.Builder newBuilder(String originSetting) {
        Upgrader.Builder b = Upgrader.builder()
                .readBufferSize((int) properties.getReadBufferSize().toBytes())
                .writeBufferSize((int) properties.getWriteBufferSize().toBytes())
                .writeBufferPool(writeBufferPool)
                .subprotocols(properties.getSubprotocols())
                .checkOrigin(new OriginPolicy(properties.getAllowedOrigins()))
                .error(OriginRefusal.naming(originSetting))
                .transportMode(properties.getTransport())
                .engine(properties.getEngine())
                .handOverObserver(handOverObserver)
                .handshakeTimeout(properties.getHandshakeTimeout())
                .enableCompression(properties.getCompression().isEnabled())
                .compressionContextTakeover(properties.getCompression().isContextTakeover())
                .compressionLevel(properties.getCompression().getLevel())
                .jsonCodec(jsonCodec)
                .readLimit(properties.getReadLimit().toBytes())
                .writeTimeout(properties.getWriteTimeout())
                .keepalive(
                        properties.getKeepalive().getPingInterval(),
                        properties.getKeepalive().getPongTimeout())
                .executor(executor);
        customizers.forEach(c -> c.customize(b));
        return b;
    }

    /** The Upgrader for endpoints without overrides; the same instance on every call. */
    public Upgrader shared() {
        lock.lock();
        try {
            if (shared == null) {
                shared = newBuilder().build();
            }
            return shared;
        } finally {
            lock.unlock();
        }
    }

    /** An Upgrader with the endpoint's overrides applied after the properties and customizers. */
    Upgrader forEndpoint(HandlerDefinition definition) {
        Upgrader.Builder b = newBuilder(
                definition.allowedOrigins().isEmpty()
                        ? GLOBAL_ORIGINS
                        : "allowedOrigins of @WebSocketHandler on bean '" + definition.beanName() + "'");
        if (!definition.subprotocols().isEmpty()) {
            b.subprotocols(definition.subprotocols());
        }
        if (!definition.allowedOrigins().isEmpty()) {
            b.checkOrigin(new OriginPolicy(definition.allowedOrigins()));
        }
        if (definition.readLimit() != null) {
            b.readLimit(definition.readLimit().toBytes());
        }
        if (definition.compression() != CompressionMode.DEFAULT) {
            b.enableCompression(definition.compression() == CompressionMode.ENABLED);
        }
        return b.build();
    }
}
