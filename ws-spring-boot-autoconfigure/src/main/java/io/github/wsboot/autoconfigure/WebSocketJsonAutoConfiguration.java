package io.github.wsboot.autoconfigure;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

import io.github.wsboot.websocket.JacksonJsonCodec;
import io.github.wsboot.websocket.JsonCodec;

/**
 * The {@link JsonCodec} that server and client connections use for {@code readJson}/{@code writeJson} and
 * message-oriented handlers use for JSON payloads: one over Boot's configured Jackson 3 {@code JsonMapper},
 * so that {@code spring.jackson.*} settings and registered modules apply. A {@link JsonCodec} bean of the
 * application's own replaces it.
 *
 * @since 0.1.0
 */
@AutoConfiguration(afterName = "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration")
@ConditionalOnClass(JsonCodec.class)
public final class WebSocketJsonAutoConfiguration {

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(JsonMapper.class)
    static class JacksonCodecConfiguration {

        @Bean
        @ConditionalOnMissingBean(JsonCodec.class)
        @ConditionalOnBean(JsonMapper.class)
        JsonCodec webSocketJsonCodec(JsonMapper jsonMapper) {
            return new JacksonJsonCodec(jsonMapper);
        }
    }
}
