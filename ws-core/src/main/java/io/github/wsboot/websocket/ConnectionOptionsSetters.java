package io.github.wsboot.websocket;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * The connection-option setters that {@link Dialer.Builder} and {@link Upgrader.Builder} share: each changes
 * the builder's one {@link ConnectionOptions} value.
 *
 * @param <B> the builder
 */
abstract class ConnectionOptionsSetters<B extends ConnectionOptionsSetters<B>> {

    ConnectionOptions.Builder options = ConnectionOptions.builder();

    @SuppressWarnings("unchecked")
    private B self() {
        return (B) this;
    }

    /**
     * Sets every connection option at once, replacing what the option setters of this builder set before;
     * later setters change the given options.
     */
    public B options(ConnectionOptions options) {
        this.options = options.toBuilder();
        return self();
    }

    /** Read buffer size in bytes; 0 means {@value ConnectionOptions#DEFAULT_BUFFER_SIZE}. Does not limit message size. */
    public B readBufferSize(int bytes) {
        options.readBufferSize(bytes);
        return self();
    }

    /** Write buffer size in bytes; 0 means {@value ConnectionOptions#DEFAULT_BUFFER_SIZE}. Does not limit message size. */
    public B writeBufferSize(int bytes) {
        options.writeBufferSize(bytes);
        return self();
    }

    /** A pool for write buffers: connections then hold one only while writing. Null: no pool. */
    public B writeBufferPool(@Nullable BufferPool pool) {
        options.writeBufferPool(pool);
        return self();
    }

    /**
     * Whether to negotiate permessage-deflate (RFC 7692): a client offers it (the server may decline), a server
     * accepts a client's offer. Without {@link #compressionContextTakeover(boolean)} both directions ask for no
     * context takeover and compressors are pooled between messages.
     */
    public B enableCompression(boolean enable) {
        options.compression(enable);
        return self();
    }

    /**
     * Whether compression keeps its sliding window across messages (context takeover), where most of the
     * saving on small similar messages is. Costs about 300 KiB of native memory per connection (a deflater and
     * an inflater held for its lifetime); off by default.
     */
    public B compressionContextTakeover(boolean takeover) {
        options.compressionContextTakeover(takeover);
        return self();
    }

    /** Initial deflate level of new connections, -2 (Huffman only) to 9; default 1 (best speed). */
    public B compressionLevel(int level) {
        options.compressionLevel(level);
        return self();
    }

    /** The JSON codec for {@link Conn#readJson} and {@link Conn#writeJson}; null means Jackson 3 defaults. */
    public B jsonCodec(@Nullable JsonCodec codec) {
        options.jsonCodec(codec);
        return self();
    }

    /** The read limit of every connection ({@link Conn#setReadLimit}); 0, the default, means none. */
    public B readLimit(long bytes) {
        options.readLimit(bytes);
        return self();
    }

    /** The write timeout of every connection ({@link Conn#setWriteTimeout}); null means none. */
    public B writeTimeout(@Nullable Duration timeout) {
        options.writeTimeout(timeout);
        return self();
    }

    /**
     * Keepalive for every connection ({@link Conn#setKeepalive}): a ping every {@code interval}, and a
     * connection whose pong does not come back within {@code pongTimeout} is closed as dead. A null or zero
     * interval means none.
     */
    public B keepalive(@Nullable Duration interval, @Nullable Duration pongTimeout) {
        options.keepalive(interval, pongTimeout);
        return self();
    }

    /** How long {@link Conn#close()} waits for the close handshake; default 1 second. */
    public B closeTimeout(Duration timeout) {
        options.closeTimeout(timeout);
        return self();
    }
}
