package io.github.wsboot.autoconfigure.aot;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.aot.BeanRegistrationAotContribution;
import org.springframework.beans.factory.aot.BeanRegistrationAotProcessor;
import org.springframework.beans.factory.support.RegisteredBean;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.util.ClassUtils;

import io.github.wsboot.spring.WebSocketHandler;

/**
 * Contributes the runtime hints a {@code @WebSocketHandler} bean needs in AOT mode and in a native image:
 * its class for introspection (the starter looks for handler methods at startup), every
 * {@code @OnOpen}/{@code @OnMessage}/{@code @OnClose}/{@code @OnError} method for invocation, and the types
 * bound from and written as JSON — records, sealed interfaces with their permitted subtypes, Jackson
 * {@code @JsonSubTypes}, nested components. See {@link HandlerHints}.
 *
 * @author ws contributors
 * @since 0.1.0
 */
final class WebSocketHandlerAotProcessor implements BeanRegistrationAotProcessor {

    @Override
    public @Nullable BeanRegistrationAotContribution processAheadOfTime(RegisteredBean registeredBean) {
        Class<?> type = ClassUtils.getUserClass(registeredBean.getBeanClass());
        if (!MergedAnnotations.from(type, MergedAnnotations.SearchStrategy.TYPE_HIERARCHY)
                .isPresent(WebSocketHandler.class)) {
            return null;
        }
        return (generationContext, code) -> HandlerHints.register(generationContext.getRuntimeHints(), type);
    }
}
