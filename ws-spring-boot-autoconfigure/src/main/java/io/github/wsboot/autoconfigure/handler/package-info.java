/**
 * The message-oriented model: method introspection and validation at startup, and the per-connection loop
 * that calls the methods on the connection's thread.
 */
@NullMarked
package io.github.wsboot.autoconfigure.handler;

import org.jspecify.annotations.NullMarked;
