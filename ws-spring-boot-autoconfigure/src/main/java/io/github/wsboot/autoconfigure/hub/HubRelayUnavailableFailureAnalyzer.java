package io.github.wsboot.autoconfigure.hub;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns a {@link HubRelayUnavailableException} into Boot's startup failure report: the description names the
 * missing dependency or bean, the action the dependency to add. Registered in {@code META-INF/spring.factories}.
 *
 * @since 0.1.0
 */
public final class HubRelayUnavailableFailureAnalyzer extends AbstractFailureAnalyzer<HubRelayUnavailableException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, HubRelayUnavailableException cause) {
        return new FailureAnalysis(
                "The broadcast hub's Redis relay is enabled (ws.hub.redis.enabled=true) but " + cause.missing(),
                cause.fix(),
                cause);
    }
}
