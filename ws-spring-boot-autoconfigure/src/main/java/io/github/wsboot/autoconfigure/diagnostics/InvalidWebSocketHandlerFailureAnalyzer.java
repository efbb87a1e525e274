package io.github.wsboot.autoconfigure.diagnostics;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns an {@link InvalidWebSocketHandlerException} into Boot's startup failure report: the description names
 * the bean and the method, the action says how to fix it. Registered in {@code META-INF/spring.factories}.
 *
 * @since 0.1.0
 */
public final class InvalidWebSocketHandlerFailureAnalyzer
        extends AbstractFailureAnalyzer<InvalidWebSocketHandlerException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, InvalidWebSocketHandlerException cause) {
        return new FailureAnalysis(cause.description(), cause.fix(), cause);
    }
}
