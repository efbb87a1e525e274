/**
 * Micrometer {@code Observation}s of WebSocket handshakes and handled messages, for Boot's tracing and metrics.
 * {@link io.github.wsboot.autoconfigure.observation.WebSocketObservations},
 * {@link io.github.wsboot.autoconfigure.observation.HandshakeObservation} and
 * {@link io.github.wsboot.autoconfigure.observation.HandlerMethodException} are free of Micrometer types, so the
 * server code calls them whether or not Micrometer is present; the other types here need
 * {@code micrometer-observation}.
 */
@NullMarked
package io.github.wsboot.autoconfigure.observation;

import org.jspecify.annotations.NullMarked;
