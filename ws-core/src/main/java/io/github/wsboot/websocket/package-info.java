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
 * <p>Not {@code @NullMarked} yet: NullAway checks the null-marked packages only, and this one still has
 * unannotated nullable fields and parameters (CONTRIBUTING.md, "Nullness"). Mark it when they are annotated.
 */
package io.github.wsboot.websocket;
