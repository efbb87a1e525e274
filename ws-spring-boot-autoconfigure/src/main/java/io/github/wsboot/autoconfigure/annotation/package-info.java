/**
 * The programming models: {@link io.github.wsboot.autoconfigure.annotation.WebSocketHandler} maps a bean to
 * a path; the bean implements {@link io.github.wsboot.autoconfigure.annotation.ConnectionHandler}
 * (connection-oriented) or declares {@code @OnOpen}/{@code @OnMessage}/{@code @OnClose}/{@code @OnError}
 * methods (message-oriented). Each connection is served on a thread of its own, so handler code may block.
 */
@NullMarked
package io.github.wsboot.autoconfigure.annotation;

import org.jspecify.annotations.NullMarked;
