/**
 * Server-side metrics: the {@link io.github.wsboot.autoconfigure.metrics.WebSocketMetrics} SPI and its
 * Micrometer implementation. Only {@code MicrometerWebSocketMetrics} and its helpers need Micrometer.
 */
@NullMarked
package io.github.wsboot.autoconfigure.metrics;

import org.jspecify.annotations.NullMarked;
