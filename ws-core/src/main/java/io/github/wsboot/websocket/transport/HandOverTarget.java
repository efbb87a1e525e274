package io.github.wsboot.websocket.transport;

import io.github.wsboot.websocket.HandOverObserver;

/**
 * What a {@link ContainerHandOver} hands the upgraded connection to.
 *
 * @param transport the connection's transport, completed with the container's connection
 * @param onReady   runs once the transport is complete, on a container thread: must not block
 * @param onLost    runs when the container ends a connection that was never used (may be called after
 *                  {@code onReady}); must not block
 * @param observer  told when the connection falls back from a native path to a portable one
 */
public record HandOverTarget(
        DeferredTransport transport, Runnable onReady, Runnable onLost, HandOverObserver observer) {}
