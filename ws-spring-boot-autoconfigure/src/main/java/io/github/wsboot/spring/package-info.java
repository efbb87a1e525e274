/**
 * The starter's user-facing API, kept apart from the auto-configuration packages as Boot keeps its own
 * annotations: {@link WebSocketHandler} maps a bean to a path; the bean implements {@link ConnectionHandler}
 * (connection-oriented) or declares {@code @OnOpen}/{@code @OnMessage}/{@code @OnClose}/{@code @OnError}
 * methods (message-oriented). Each connection is served on a thread of its own, so handler code may block.
 */
@NullMarked
package io.github.wsboot.spring;

import org.jspecify.annotations.NullMarked;
