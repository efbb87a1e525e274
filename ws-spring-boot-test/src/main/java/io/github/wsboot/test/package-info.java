/**
 * Test support for ws endpoints: {@link io.github.wsboot.test.WebSocketTestClient}, which connects to the
 * running application by path, and {@link io.github.wsboot.test.WebSocketTestConnection}, whose expectations
 * wait for what the server sends.
 */
@NullMarked
package io.github.wsboot.test;

import org.jspecify.annotations.NullMarked;
