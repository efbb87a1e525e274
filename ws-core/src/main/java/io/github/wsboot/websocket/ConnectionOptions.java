package io.github.wsboot.websocket;

import java.time.Duration;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * What every connection of a {@link Dialer} or an {@link Upgrader} starts with: buffers, compression, the JSON
 * codec, read limit, write timeout, keepalive and the close handshake's bound. Immutable; build one with
 * {@link #builder()}, or set the same values on either builder, which delegates here.
 */
public final class ConnectionOptions {

    /** Read and write buffer size when a size is 0. */
    public static final int DEFAULT_BUFFER_SIZE = 4096;
    /** How long {@link Conn#close()} waits in all for its close frame to go out and the peer's to come back. */
    public static final Duration DEFAULT_CLOSE_TIMEOUT = Duration.ofSeconds(1);
    /** 4 KiB buffers, no pool, no compression, Jackson 3, no read limit, no write timeout, no keepalive. */
    public static final ConnectionOptions DEFAULTS = builder().build();

    private final int readBufferSize;
    private final int writeBufferSize;
    private final @Nullable BufferPool writeBufferPool;
    private final boolean compression;
    private final boolean compressionContextTakeover;
    private final int compressionLevel;
    private final @Nullable JsonCodec jsonCodec;
    private final long readLimit;
    private final @Nullable Duration writeTimeout;
    private final @Nullable Duration pingInterval;
    private final @Nullable Duration pongTimeout;
    private final Duration closeTimeout;

    private ConnectionOptions(Builder b) {
        this.readBufferSize = b.readBufferSize > 0 ? b.readBufferSize : DEFAULT_BUFFER_SIZE;
        this.writeBufferSize = b.writeBufferSize > 0 ? b.writeBufferSize : DEFAULT_BUFFER_SIZE;
        this.writeBufferPool = b.writeBufferPool;
        this.compression = b.compression;
        this.compressionContextTakeover = b.compressionContextTakeover;
        this.compressionLevel = b.compressionLevel;
        this.jsonCodec = b.jsonCodec;
        this.readLimit = b.readLimit;
        this.writeTimeout = b.writeTimeout;
        this.pingInterval = b.pingInterval;
        this.pongTimeout = b.pongTimeout;
        this.closeTimeout = b.closeTimeout;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder initialised with these options, to derive a variant. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.readBufferSize = readBufferSize;
        b.writeBufferSize = writeBufferSize;
        b.writeBufferPool = writeBufferPool;
        b.compression = compression;
        b.compressionContextTakeover = compressionContextTakeover;
        b.compressionLevel = compressionLevel;
        b.jsonCodec = jsonCodec;
        b.readLimit = readLimit;
        b.writeTimeout = writeTimeout;
        b.pingInterval = pingInterval;
        b.pongTimeout = pongTimeout;
        b.closeTimeout = closeTimeout;
        return b;
    }

    /** The read buffer size in bytes. */
    public int readBufferSize() {
        return readBufferSize;
    }

    /** The write buffer size in bytes. */
    public int writeBufferSize() {
        return writeBufferSize;
    }

    /** The pool of write buffers, or null when each connection keeps its own. */
    public @Nullable BufferPool writeBufferPool() {
        return writeBufferPool;
    }

    /** Whether permessage-deflate is offered (client) or accepted (server). */
    public boolean compression() {
        return compression;
    }

    /** Whether compression keeps its window across messages. */
    public boolean compressionContextTakeover() {
        return compressionContextTakeover;
    }

    /** The initial deflate level, -2 to 9. */
    public int compressionLevel() {
        return compressionLevel;
    }

    /** The JSON codec, or null for Jackson 3 defaults. */
    public @Nullable JsonCodec jsonCodec() {
        return jsonCodec;
    }

    /** The read limit in bytes ({@link Conn#setReadLimit}); 0 means none. */
    public long readLimit() {
        return readLimit;
    }

    /** The write timeout ({@link Conn#setWriteTimeout}), or null for none. */
    public @Nullable Duration writeTimeout() {
        return writeTimeout;
    }

    /** The keepalive ping interval ({@link Conn#setKeepalive}), or null for no keepalive. */
    public @Nullable Duration pingInterval() {
        return pingInterval;
    }

    /** How long a keepalive pong may take, or null without keepalive. */
    public @Nullable Duration pongTimeout() {
        return pongTimeout;
    }

    /** The bound of {@link Conn#close()}'s close handshake. */
    public Duration closeTimeout() {
        return closeTimeout;
    }

    /** Returns {@code level} if it is a deflate level (-2..9), else throws. */
    static int checkCompressionLevel(int level) {
        if (level < -2 || level > 9) {
            throw new IllegalArgumentException("websocket: invalid compression level " + level + " (must be -2..9)");
        }
        return level;
    }

    /** Gives a new connection the read limit, write timeout and keepalive. */
    void applyTo(Conn conn) {
        conn.setReadLimit(readLimit);
        conn.setWriteTimeout(writeTimeout);
        if (pingInterval != null) {
            conn.setKeepalive(pingInterval, pongTimeout);
        }
    }

    @Override
    public String toString() {
        return "ConnectionOptions[readBufferSize=" + readBufferSize + ", writeBufferSize=" + writeBufferSize
                + ", compression=" + compression
                + (compression ? ", contextTakeover=" + compressionContextTakeover + ", level=" + compressionLevel : "")
                + ", readLimit=" + readLimit + ", writeTimeout=" + writeTimeout
                + ", keepalive=" + pingInterval + "/" + pongTimeout + ", closeTimeout=" + closeTimeout + "]";
    }

    /** Builds {@link ConnectionOptions}. */
    public static final class Builder {
        private int readBufferSize;
        private int writeBufferSize;
        private @Nullable BufferPool writeBufferPool;
        private boolean compression;
        private boolean compressionContextTakeover;
        private int compressionLevel = 1;
        private @Nullable JsonCodec jsonCodec;
        private long readLimit;
        private @Nullable Duration writeTimeout;
        private @Nullable Duration pingInterval;
        private @Nullable Duration pongTimeout;
        private Duration closeTimeout = DEFAULT_CLOSE_TIMEOUT;

        private Builder() {}

        /** Read buffer size in bytes; 0 means {@value #DEFAULT_BUFFER_SIZE}. Does not limit message size. */
        public Builder readBufferSize(int bytes) {
            this.readBufferSize = requireSize(bytes);
            return this;
        }

        /** Write buffer size in bytes; 0 means {@value #DEFAULT_BUFFER_SIZE}. Does not limit message size. */
        public Builder writeBufferSize(int bytes) {
            this.writeBufferSize = requireSize(bytes);
            return this;
        }

        /** A pool for write buffers: connections then hold one only while writing. Null: no pool. */
        public Builder writeBufferPool(@Nullable BufferPool pool) {
            this.writeBufferPool = pool;
            return this;
        }

        /**
         * Whether to negotiate permessage-deflate (RFC 7692): a client offers it, a server accepts a client's
         * offer. Without context takeover both directions reset their window after every message and
         * compressors are pooled between messages.
         */
        public Builder compression(boolean enable) {
            this.compression = enable;
            return this;
        }

        /**
         * Whether compression keeps its sliding window across messages (context takeover), where most of the
         * saving on small similar messages is. Costs about 300 KiB of native memory per connection; off by
         * default.
         */
        public Builder compressionContextTakeover(boolean takeover) {
            this.compressionContextTakeover = takeover;
            return this;
        }

        /** Initial deflate level, -2 (Huffman only) to 9; default 1 (best speed). */
        public Builder compressionLevel(int level) {
            this.compressionLevel = checkCompressionLevel(level);
            return this;
        }

        /** The JSON codec for {@link Conn#readJson} and {@link Conn#writeJson}; null means Jackson 3 defaults. */
        public Builder jsonCodec(@Nullable JsonCodec codec) {
            this.jsonCodec = codec;
            return this;
        }

        /** The largest message read, in bytes (decompressed size); 0, the default, means none. */
        public Builder readLimit(long bytes) {
            if (bytes < 0) {
                throw new IllegalArgumentException("read limit must not be negative: " + bytes);
            }
            this.readLimit = bytes;
            return this;
        }

        /** The bound of every write ({@link Conn#setWriteTimeout}); null or zero means none. */
        public Builder writeTimeout(@Nullable Duration timeout) {
            if (timeout != null && timeout.isNegative()) {
                throw new IllegalArgumentException("write timeout must not be negative: " + timeout);
            }
            this.writeTimeout = timeout == null || timeout.isZero() ? null : timeout;
            return this;
        }

        /**
         * Keepalive ({@link Conn#setKeepalive}): a ping every {@code interval}, and a connection whose pong does
         * not come back within {@code pongTimeout} is closed as dead. A null or zero interval means none.
         */
        public Builder keepalive(@Nullable Duration interval, @Nullable Duration pongTimeout) {
            boolean on = interval != null && !interval.isZero();
            if (interval != null
                    && on
                    && (interval.isNegative()
                            || pongTimeout == null
                            || pongTimeout.isNegative()
                            || pongTimeout.isZero())) {
                throw new IllegalArgumentException("keepalive needs a positive interval and pong timeout");
            }
            this.pingInterval = on ? interval : null;
            this.pongTimeout = on ? pongTimeout : null;
            return this;
        }

        /** How long {@link Conn#close()} waits for the close handshake; default {@link #DEFAULT_CLOSE_TIMEOUT}. */
        public Builder closeTimeout(Duration timeout) {
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.isNegative()) {
                throw new IllegalArgumentException("close timeout must not be negative: " + timeout);
            }
            this.closeTimeout = timeout;
            return this;
        }

        public ConnectionOptions build() {
            return new ConnectionOptions(this);
        }

        private static int requireSize(int bytes) {
            if (bytes < 0) {
                throw new IllegalArgumentException("buffer size must not be negative: " + bytes);
            }
            return bytes;
        }
    }
}
