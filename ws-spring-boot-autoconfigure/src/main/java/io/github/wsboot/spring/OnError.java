package io.github.wsboot.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Called when reading fails for a reason other than a close (a protocol violation, a read limit, a timeout) or
 * when a handler method throws. The connection then ends: with 1011 (internal error) after a handler exception,
 * 1007 (invalid payload data) for an undecodable JSON payload, or the close frame the protocol error already
 * sent. {@link OnClose} follows. The method must return void.
 *
 * <p>Parameters: a {@link Throwable} (or a subtype, which then receives only matching errors; others are just
 * logged at DEBUG) and any of the context arguments listed on {@link OnMessage}.
 *
 * @since 0.1.0
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface OnError {}
