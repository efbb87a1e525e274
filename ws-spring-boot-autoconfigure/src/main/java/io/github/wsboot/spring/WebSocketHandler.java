package io.github.wsboot.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.core.annotation.AliasFor;
import org.springframework.stereotype.Component;

/**
 * Maps a bean to a WebSocket endpoint on Spring MVC. The bean either implements {@link ConnectionHandler}
 * (connection-oriented: a blocking loop over the {@code Conn}) or declares {@link OnMessage} methods, with
 * optional {@link OnOpen}, {@link OnClose} and {@link OnError} methods (message-oriented). The annotation is a
 * {@link Component} stereotype, so annotated classes are picked up by component scanning.
 *
 * <p>The handshake is an ordinary request through the servlet filter chain: Spring Security and other
 * filters apply to it unchanged. Attributes left at their defaults take the {@code ws.server.*} properties.
 * A mapping that cannot work (a duplicate path, an unusable method signature, a bad attribute value) fails
 * the application at startup with a description of the fix.
 *
 * @since 0.1.0
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Component
public @interface WebSocketHandler {

    /** Alias for {@link #path()}. */
    @AliasFor("path")
    String value() default "";

    /**
     * The endpoint's path pattern, relative to the servlet context, in Spring MVC's {@code PathPattern}
     * syntax; variables such as {@code /rooms/{room}} are available to handlers. Required.
     */
    @AliasFor("value")
    String path() default "";

    /** Subprotocols in order of preference; empty means {@code ws.server.subprotocols}. */
    String[] subprotocols() default {};

    /**
     * Origin patterns accepted besides the same origin (as Spring's CORS allowed origin patterns); empty
     * means {@code ws.server.allowed-origins}.
     */
    String[] allowedOrigins() default {};

    /**
     * Largest accepted message as a data size such as {@code "1MB"} ({@code "0"}: no limit); empty means
     * {@code ws.server.read-limit}.
     */
    String readLimit() default "";

    /** Whether to negotiate permessage-deflate; {@link CompressionMode#DEFAULT} means {@code ws.server.compression.enabled}. */
    CompressionMode compression() default CompressionMode.DEFAULT;
}
