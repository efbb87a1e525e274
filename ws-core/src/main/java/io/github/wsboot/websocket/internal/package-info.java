/**
 * The implementation behind {@code Conn}, {@code Upgrader} and {@code Dialer}, one job per class: the frame codec
 * (protocol constants, frame reader, masking, UTF-8 validation, permessage-deflate), the close state machine,
 * deadlines and keepalive bookkeeping, and the client's dial target, proxy and TLS helpers. Not API: these types
 * are public only so that ws-core's other packages can use them, and may change in any release.
 */
@NullMarked
package io.github.wsboot.websocket.internal;

import org.jspecify.annotations.NullMarked;
