/**
 * The {@code websockets} actuator endpoint.
 */
@NullMarked
package io.github.wsboot.autoconfigure.actuate;

import org.jspecify.annotations.NullMarked;
