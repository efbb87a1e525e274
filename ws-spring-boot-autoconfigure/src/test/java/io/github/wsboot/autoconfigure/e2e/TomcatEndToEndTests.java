package io.github.wsboot.autoconfigure.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.github.wsboot.autoconfigure.metrics.MeterNames;
import io.github.wsboot.autoconfigure.testsupport.JdkWsClient;
import io.github.wsboot.websocket.transport.HandOverFaults;

/**
 * The end-to-end suite on embedded Tomcat 11. Jetty is on the test class path too, so a factory bean picks
 * the container explicitly.
 */
@SpringBootTest(
        classes = {EndToEndApplication.class, TomcatEndToEndTests.Tomcat.class},
        webEnvironment = WebEnvironment.RANDOM_PORT)
class TomcatEndToEndTests extends EndToEndTests {

    /**
     * A Tomcat whose probe fails (a simulated incompatible version) still serves the connection, through the
     * portable servlet upgrade, and the fallback is counted on {@code websocket.server.handover.fallbacks}.
     */
    @Test
    void aFailedProbeFallsBackToTheServletUpgradeAndIsMetered() throws Exception {
        double before = fallbacks("probe");
        HandOverFaults.failAt(HandOverFaults.Step.PROBE);
        try (JdkWsClient client = JdkWsClient.connect(ws("/echo"))) {
            client.sendText("through the servlet upgrade");
            assertThat(client.nextText()).isEqualTo("through the servlet upgrade");
        } finally {
            HandOverFaults.clear();
        }
        assertThat(fallbacks("probe") - before).isEqualTo(1);
        assertThat(fallbacks("poller-release")).isZero();
    }

    private double fallbacks(String reason) {
        return registry.get(MeterNames.HANDOVER_FALLBACKS)
                .tags(MeterNames.CONTAINER, "tomcat", MeterNames.REASON, reason)
                .functionCounter()
                .count();
    }

    @Override
    String expectedServer() {
        return "TomcatWebServer";
    }

    @Configuration(proxyBeanMethods = false)
    static class Tomcat {

        @Bean
        TomcatServletWebServerFactory tomcatServletWebServerFactory() {
            return new TomcatServletWebServerFactory();
        }
    }
}
