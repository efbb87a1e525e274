package io.github.wsboot.test.autoconfigure;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.test.http.server.LocalTestWebServer;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;

import io.github.wsboot.test.WebSocketTestClient;
import io.github.wsboot.websocket.Dialer;
import io.github.wsboot.websocket.JsonCodec;

/**
 * The {@link WebSocketTestClient} of {@link AutoConfigureWebSocketTestClient}: it dials the server the test
 * started, found through Boot's {@link LocalTestWebServer} (scheme, port and context path, as
 * {@code TestRestTemplate} finds them) when the first connection is made, and encodes JSON with the
 * application's {@link JsonCodec} (the starter's, over Boot's {@code JsonMapper}) when there is one.
 *
 * @author ws contributors
 * @since 0.1.0
 */
@AutoConfiguration(afterName = "io.github.wsboot.autoconfigure.WebSocketJsonAutoConfiguration")
@ConditionalOnClass({Dialer.class, LocalTestWebServer.class})
public final class WebSocketTestClientTestAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    WebSocketTestClient webSocketTestClient(ApplicationContext context, ObjectProvider<JsonCodec> jsonCodec) {
        return new WebSocketTestClient(
                () -> localServer(context).uri(),
                Dialer.builder().build(),
                () -> jsonCodec.getIfUnique(JsonCodec::jackson),
                WebSocketTestClient.DEFAULT_TIMEOUT);
    }

    private static LocalTestWebServer localServer(ApplicationContext context) {
        LocalTestWebServer server = LocalTestWebServer.get(context);
        if (server == null) {
            throw new IllegalStateException("No running web server to connect to: WebSocketTestClient needs "
                    + "@SpringBootTest(webEnvironment = RANDOM_PORT) or DEFINED_PORT");
        }
        return server;
    }
}
