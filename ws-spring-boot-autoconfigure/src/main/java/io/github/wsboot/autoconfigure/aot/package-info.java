/**
 * Ahead-of-time support: runtime hints for {@code @WebSocketHandler} beans and for what the starter and
 * ws-core reach by reflection, so that applications run in AOT mode and as GraalVM native images.
 */
@NullMarked
package io.github.wsboot.autoconfigure.aot;

import org.jspecify.annotations.NullMarked;
