/**
 * Opt-in test auto-configuration: {@link io.github.wsboot.test.autoconfigure.AutoConfigureWebSocketTestClient}.
 */
@NullMarked
package io.github.wsboot.test.autoconfigure;

import org.jspecify.annotations.NullMarked;
