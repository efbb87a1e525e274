/**
 * Graceful shutdown of WebSocket connections within Spring's lifecycle.
 */
@NullMarked
package io.github.wsboot.autoconfigure.lifecycle;

import org.jspecify.annotations.NullMarked;
