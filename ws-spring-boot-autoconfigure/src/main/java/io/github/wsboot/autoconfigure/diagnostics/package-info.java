/**
 * Startup failure reports for {@code @WebSocketHandler} mappings that cannot work.
 */
@NullMarked
package io.github.wsboot.autoconfigure.diagnostics;

import org.jspecify.annotations.NullMarked;
