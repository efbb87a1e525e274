/**
 * The broadcast hub in Spring Boot: Micrometer meters for {@link io.github.wsboot.websocket.hub.Hub} and the
 * Redis pub/sub relay that carries published messages to every instance.
 */
@NullMarked
package io.github.wsboot.autoconfigure.hub;

import org.jspecify.annotations.NullMarked;
