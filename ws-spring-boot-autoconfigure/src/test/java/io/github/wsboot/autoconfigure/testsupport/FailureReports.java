package io.github.wsboot.autoconfigure.testsupport;

import java.util.List;

import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.core.io.support.SpringFactoriesLoader;

/**
 * Boot's startup failure report for a failure, as the application would print it: the first analysis of
 * the {@link FailureAnalyzer}s registered in {@code META-INF/spring.factories} (ours included), in order.
 */
public final class FailureReports {

    private FailureReports() {}

    /** The report's description and action, or fails when no analyzer recognises the failure. */
    public static FailureAnalysis analyze(Throwable failure) {
        List<FailureAnalyzer> analyzers = SpringFactoriesLoader.forDefaultResourceLocation(
                        FailureReports.class.getClassLoader())
                .load(
                        FailureAnalyzer.class,
                        SpringFactoriesLoader.ArgumentResolver.none(),
                        SpringFactoriesLoader.FailureHandler.handleMessage((message, error) -> {
                            // Analyzers that need constructor arguments are not needed for these failures.
                        }));
        for (FailureAnalyzer analyzer : analyzers) {
            FailureAnalysis analysis = analyzer.analyze(failure);
            if (analysis != null) {
                return analysis;
            }
        }
        throw new AssertionError("no failure analyzer recognised " + failure, failure);
    }
}
