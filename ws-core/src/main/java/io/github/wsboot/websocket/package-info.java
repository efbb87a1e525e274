/**
 * RFC 6455 WebSocket connections in the shape of Go's gorilla/websocket: {@link io.github.wsboot.websocket.Conn}
 * (one connection, both roles), {@link io.github.wsboot.websocket.Upgrader} (the server handshake on a servlet
 * container), {@link io.github.wsboot.websocket.Dialer} (the client handshake, proxies, TLS), and what they share:
 * message types, close codes, buffer pools, prepared messages, the {@link io.github.wsboot.websocket.Transport}
 * under a connection and the exceptions.
 *
 * <p>Concurrency, as in gorilla: a connection supports one concurrent reader and one concurrent writer. One
 * thread may call the read methods ({@code readMessage}, {@code nextReader}, {@code readJson}…) while another
 * calls the write methods ({@code writeMessage}, {@code nextWriter}, {@code writeJson}…); {@code close},
 * {@code writeControl} and the deadline and handler setters may be called from any thread at any time. The
 * blocking calls are woken by {@code close}, by deadlines and by keepalive failures.
 *
 * <p>{@code @NullMarked}: everything here is non-null unless annotated {@code @Nullable} (fields that are null
 * until set, optional builder arguments, results that may be absent), and NullAway checks it (CONTRIBUTING.md,
 * "Nullness").
 */
@NullMarked
package io.github.wsboot.websocket;

import org.jspecify.annotations.NullMarked;
