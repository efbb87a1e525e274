package io.github.wsboot.websocket;

import io.github.wsboot.websocket.internal.PerMessageDeflate;

/**
 * Builds a {@link Conn} over any {@link Transport} without a handshake, for tests outside this package (fuzz
 * targets, reliability tests) and for the benchmarks, which get it from ws-core's test-fixtures jar. The
 * constructor it calls is package-private, so this fixture lives here; a change to that constructor is made
 * here once instead of in every caller.
 */
public final class TestConns {

    private TestConns() {}

    /**
     * A connection over {@code transport} with 4 KiB buffers.
     *
     * @param server whether it plays the server role (expects masked frames from its peer)
     * @param deflate whether permessage-deflate was agreed (no context takeover on either side)
     */
    public static Conn over(Transport transport, boolean server, boolean deflate) {
        return builder()
                .server(server)
                .deflate(deflate ? Deflate.NO_CONTEXT_TAKEOVER : Deflate.NONE)
                .over(transport);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Which permessage-deflate agreement the connection starts with (15 window bits both ways). */
    public enum Deflate {
        NONE,
        NO_CONTEXT_TAKEOVER,
        CONTEXT_TAKEOVER
    }

    /** The settings a handshake would have agreed; defaults: client, 4 KiB buffers, no pool, no compression. */
    public static final class Builder {
        private boolean server;
        private int bufferSize = 4096;
        private BufferPool writeBufferPool;
        private Deflate deflate = Deflate.NONE;
        private int compressionLevel = 1;

        private Builder() {}

        public Builder server(boolean server) {
            this.server = server;
            return this;
        }

        /** The read and the write buffer size. */
        public Builder bufferSize(int bytes) {
            this.bufferSize = bytes;
            return this;
        }

        public Builder writeBufferPool(BufferPool pool) {
            this.writeBufferPool = pool;
            return this;
        }

        public Builder deflate(Deflate deflate) {
            this.deflate = deflate;
            return this;
        }

        public Builder compressionLevel(int level) {
            this.compressionLevel = level;
            return this;
        }

        public Conn over(Transport transport) {
            PerMessageDeflate.Agreement agreement =
                    switch (deflate) {
                        case NONE -> null;
                        case NO_CONTEXT_TAKEOVER -> new PerMessageDeflate.Agreement(true, true, 15, 15);
                        case CONTEXT_TAKEOVER -> new PerMessageDeflate.Agreement(false, false, 15, 15);
                    };
            ConnectionOptions options = ConnectionOptions.builder()
                    .readBufferSize(bufferSize)
                    .writeBufferSize(bufferSize)
                    .writeBufferPool(writeBufferPool)
                    .compressionLevel(compressionLevel)
                    .build();
            return new Conn(transport, server, options, "", null, null, agreement);
        }
    }
}
