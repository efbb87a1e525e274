package io.github.wsboot.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Called once when the connection has ended, for whatever reason: a close frame from either side (the code it
 * carried), or a lost connection (1006). The method must return void; nothing can be sent any more.
 *
 * <p>Parameters: {@link CloseStatus} and any of the context arguments listed on {@link OnMessage}.
 *
 * @since 0.1.0
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface OnClose {}
