package io.github.wsboot.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Called once on the connection's thread when the connection is ready, before any message is read. A non-void
 * return value is sent to the client as with {@link OnMessage}.
 *
 * <p>Parameters: any of the context arguments listed on {@link OnMessage}.
 *
 * @since 0.1.0
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface OnOpen {}
