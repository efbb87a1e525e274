/**
 * Endpoint discovery, routing on Spring MVC, handshakes and connection tracking. Endpoints are discovered
 * once at startup; requests reach them through the servlet filter chain and the {@code DispatcherServlet}.
 */
@NullMarked
package io.github.wsboot.autoconfigure.server;

import org.jspecify.annotations.NullMarked;
