package io.github.wsboot.autoconfigure.server;

import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.springframework.util.unit.DataSize;
import org.springframework.web.util.pattern.PathPattern;

import io.github.wsboot.spring.CompressionMode;
import io.github.wsboot.spring.ConnectionHandler;

/**
 * A validated {@code @WebSocketHandler} bean: where it is mapped, how it is called, and the attributes it
 * overrides (empty lists, null and {@link CompressionMode#DEFAULT} mean "use the property").
 *
 * @param beanName       the bean's name
 * @param beanType       the bean's class, without any proxy
 * @param pattern        the parsed path pattern
 * @param pathVariables  the pattern's variable names
 * @param model          the programming model
 * @param handler        what serves each connection (for the message model, an adapter over the methods)
 * @param subprotocols   subprotocols from the annotation
 * @param allowedOrigins origin patterns from the annotation
 * @param readLimit      read limit from the annotation
 * @param compression    compression choice from the annotation
 */
record HandlerDefinition(
        String beanName,
        Class<?> beanType,
        PathPattern pattern,
        Set<String> pathVariables,
        HandlerModel model,
        ConnectionHandler handler,
        List<String> subprotocols,
        List<String> allowedOrigins,
        @Nullable DataSize readLimit,
        CompressionMode compression) {

    /** Whether the annotation changes anything the Upgrader decides (so a dedicated one is needed). */
    boolean overridesUpgrader() {
        return !subprotocols.isEmpty()
                || !allowedOrigins.isEmpty()
                || readLimit != null
                || compression != CompressionMode.DEFAULT;
    }
}
