/**
 * Spring Boot auto-configuration for ws: the auto-configuration classes, the {@code ws.server.*} and
 * {@code ws.client.*} properties, and the customizer interfaces. The packages below hold the machinery by
 * concern: {@code annotation} (the programming models users write against), {@code server} (discovery,
 * routing, handshakes, connection tracking), {@code handler} (the message-oriented model), {@code metrics},
 * {@code lifecycle} (graceful shutdown), {@code actuate} and {@code diagnostics} (startup failure reports).
 */
@NullMarked
package io.github.wsboot.autoconfigure;

import org.jspecify.annotations.NullMarked;
