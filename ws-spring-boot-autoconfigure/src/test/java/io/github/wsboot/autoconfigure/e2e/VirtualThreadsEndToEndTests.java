package io.github.wsboot.autoconfigure.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import io.github.wsboot.autoconfigure.testsupport.JdkWsClient;

/** With {@code spring.threads.virtual.enabled} on Java 21+, each connection is served on a virtual thread. */
@EnabledForJreRange(min = JRE.JAVA_21)
@SpringBootTest(
        classes = {SmallApplication.class, TomcatEndToEndTests.Tomcat.class},
        webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = "spring.threads.virtual.enabled=true")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class VirtualThreadsEndToEndTests {

    @LocalServerPort
    int port;

    @Test
    void connectionsAreServedOnVirtualThreads() throws Exception {
        try (JdkWsClient client = JdkWsClient.connect("ws://localhost:" + port + "/thread")) {
            assertThat(client.nextText()).startsWith("VirtualThread[").contains("ws-conn-");
        }
    }
}
