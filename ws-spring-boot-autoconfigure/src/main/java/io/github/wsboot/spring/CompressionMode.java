package io.github.wsboot.spring;

/**
 * Per-endpoint choice for permessage-deflate in {@link WebSocketHandler#compression()}.
 *
 * @since 0.1.0
 */
public enum CompressionMode {

    /** Follow {@code ws.server.compression.enabled}. */
    DEFAULT,

    /** Negotiate permessage-deflate when the client offers it. */
    ENABLED,

    /** Never negotiate permessage-deflate. */
    DISABLED
}
