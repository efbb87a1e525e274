/**
 * The {@link io.github.wsboot.websocket.Transport} implementations: a plain or TLS socket (the client), the
 * connection taken over from Tomcat or Jetty through their own APIs, the Servlet API's upgraded streams on any
 * other container, and the transport that waits for the container's hand-over. The {@code Upgrader} and the
 * {@code Dialer} choose one; applications do not use them directly.
 */
@NullMarked
package io.github.wsboot.websocket.transport;

import org.jspecify.annotations.NullMarked;
