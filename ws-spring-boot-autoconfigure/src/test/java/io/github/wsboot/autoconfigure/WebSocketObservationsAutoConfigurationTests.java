package io.github.wsboot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;

import io.micrometer.common.KeyValues;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.mock.web.MockHttpServletRequest;

import io.github.wsboot.autoconfigure.metrics.HandshakeOutcome;
import io.github.wsboot.autoconfigure.observation.MicrometerWebSocketObservations;
import io.github.wsboot.autoconfigure.observation.WebSocketHandshakeContext;
import io.github.wsboot.autoconfigure.observation.WebSocketHandshakeObservationConvention;
import io.github.wsboot.autoconfigure.observation.WebSocketObservations;

/** When the starter observes handshakes and messages, and how an application replaces the conventions. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class WebSocketObservationsAutoConfigurationTests {

    private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(
                    TaskExecutionAutoConfiguration.class,
                    WebSocketJsonAutoConfiguration.class,
                    WebSocketServerAutoConfiguration.class))
            .withBean(WebSocketServerAutoConfigurationTests.Echo.class);

    @Test
    void withAnObservationRegistryBeanHandshakesAreObserved() {
        runner.withBean(ObservationRegistry.class, TestObservationRegistry::create)
                .run(context -> assertThat(context).hasSingleBean(MicrometerWebSocketObservations.class));
    }

    @Test
    void withoutAnObservationRegistryBeanNothingIsObserved() {
        runner.run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(WebSocketObservations.class));
    }

    @Test
    void withoutMicrometerObservationTheServerStillStarts() {
        runner.withClassLoader(new FilteredClassLoader("io.micrometer.observation"))
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(WebSocketObservations.class));
    }

    @Test
    void anApplicationsConventionReplacesTheDefaultOne() {
        TestObservationRegistry registry = TestObservationRegistry.create();
        runner.withBean(ObservationRegistry.class, () -> registry)
                .withBean(
                        WebSocketHandshakeObservationConvention.class,
                        () -> new WebSocketHandshakeObservationConvention() {
                            @Override
                            public String getName() {
                                return "my.handshake";
                            }

                            @Override
                            public KeyValues getLowCardinalityKeyValues(WebSocketHandshakeContext context) {
                                return KeyValues.of("endpoint", context.getPathPattern());
                            }
                        })
                .run(context -> {
                    context.getBean(WebSocketObservations.class)
                            .handshakeStarted("/echo", new MockHttpServletRequest("GET", "/echo"))
                            .stop(HandshakeOutcome.SUCCESS, null);
                    assertThat(registry)
                            .hasObservationWithNameEqualTo("my.handshake")
                            .that()
                            .hasLowCardinalityKeyValue("endpoint", "/echo")
                            .hasBeenStopped();
                });
    }

    @Test
    void anApplicationsObservationsBeanReplacesTheStartersOne() {
        WebSocketObservations own = new WebSocketObservations() {};
        runner.withBean(ObservationRegistry.class, TestObservationRegistry::create)
                .withBean(WebSocketObservations.class, () -> own)
                .run(context ->
                        assertThat(context).getBean(WebSocketObservations.class).isSameAs(own));
    }
}
