package io.github.wsboot.autoconfigure.diagnostics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.diagnostics.FailureAnalysis;

import io.github.wsboot.autoconfigure.testsupport.FailureReports;

/**
 * A real start from an {@code application.yml} with two bad {@code ws.*} values: the report names both by the
 * keys written in the file, with the values as written and their line and column.
 */
class PropertyFailureReportTests {

    @Test
    void aStartWithBadValuesInApplicationYamlReportsEachKeyWithItsValueAndLine() {
        Throwable failure = catchThrowable(() -> new SpringApplicationBuilder(Empty.class)
                .web(WebApplicationType.NONE)
                .properties(
                        "spring.config.location=classpath:property-failures/application.yml",
                        "spring.main.banner-mode=off")
                .run()
                .close());

        FailureAnalysis report = FailureReports.analyze(failure);
        assertThat(report.getDescription()).isEqualToNormalizingNewlines("""
                Invalid WebSocket configuration: 2 values under 'ws.client' rejected:

                    Property: ws.client.read-buffer-size
                    Value: "2GB"
                    Origin: class path resource [property-failures/application.yml] - 3:23
                    Reason: must be between 1 B and 1 GiB

                    Property: ws.client.keepalive.pong-timeout
                    Value: "0s"
                    Origin: class path resource [property-failures/application.yml] - 5:21
                    Reason: must be positive
                """);
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class Empty {}
}
