package io.github.wsboot.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import io.github.wsboot.test.autoconfigure.AutoConfigureWebSocketTestClient;

/** The client bean exists only where a test asks for it, and says so when there is no server to dial. */
class WebSocketTestClientTestAutoConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner();

    @Test
    void noClientWithoutTheAnnotation() {
        runner.withUserConfiguration(Plain.class)
                .run(context -> assertThat(context).doesNotHaveBean(WebSocketTestClient.class));
    }

    @Test
    void theAnnotationAddsTheClientWhichNeedsARunningServerToConnect() {
        runner.withUserConfiguration(Annotated.class).run(context -> {
            assertThat(context).hasSingleBean(WebSocketTestClient.class);
            WebSocketTestClient client = context.getBean(WebSocketTestClient.class);
            assertThatIllegalStateException()
                    .isThrownBy(() -> client.connect("/echo"))
                    .withMessageContaining("No running web server")
                    .withMessageContaining("webEnvironment = RANDOM_PORT");
        });
    }

    @Configuration(proxyBeanMethods = false)
    static class Plain {}

    @Configuration(proxyBeanMethods = false)
    @AutoConfigureWebSocketTestClient
    static class Annotated {}
}
