package io.github.wsboot.autoconfigure.annotation;

/**
 * Per-endpoint choice for permessage-deflate in {@link WebSocketHandler#compression()}.
 *
 * @since 0.1.0
 */
public enum Compression {

    /** Follow {@code ws.server.compression.enabled}. */
    DEFAULT,

    /** Negotiate permessage-deflate when the client offers it. */
    ENABLED,

    /** Never negotiate permessage-deflate. */
    DISABLED
}
