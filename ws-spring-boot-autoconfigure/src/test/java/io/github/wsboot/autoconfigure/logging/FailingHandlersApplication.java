package io.github.wsboot.autoconfigure.logging;

import java.util.Map;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/** An application for the {@link FailingHandlers}, registered by {@link #handlers()} under names that say what they do. */
@SpringBootConfiguration
@EnableAutoConfiguration
class FailingHandlersApplication {

    /** Registers each handler as a bean named after what it does. */
    static ApplicationContextInitializer<GenericApplicationContext> handlers() {
        return context -> Map.of(
                        "unhandled",
                        FailingHandlers.Unhandled.class,
                        "handled",
                        FailingHandlers.Handled.class,
                        "looping",
                        FailingHandlers.Looping.class,
                        "typed",
                        FailingHandlers.Typed.class,
                        "asserting",
                        FailingHandlers.Asserting.class)
                .forEach((name, type) -> context.registerBean(name, type));
    }

    @Bean
    SecurityFilterChain permitAll(HttpSecurity http) throws Exception {
        return http.authorizeHttpRequests(auth -> auth.anyRequest().permitAll()).build();
    }
}
