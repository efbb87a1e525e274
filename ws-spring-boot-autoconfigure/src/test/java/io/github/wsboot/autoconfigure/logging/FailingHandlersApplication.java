package io.github.wsboot.autoconfigure.logging;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

import io.github.wsboot.autoconfigure.logging.FailingHandlers.Asserting;
import io.github.wsboot.autoconfigure.logging.FailingHandlers.Handled;
import io.github.wsboot.autoconfigure.logging.FailingHandlers.Looping;
import io.github.wsboot.autoconfigure.logging.FailingHandlers.Typed;
import io.github.wsboot.autoconfigure.logging.FailingHandlers.Unhandled;

/** An application with the {@link FailingHandlers} as beans whose names say what they do. */
@SpringBootConfiguration
@EnableAutoConfiguration
class FailingHandlersApplication {

    @Bean
    Unhandled unhandled() {
        return new Unhandled();
    }

    @Bean
    Handled handled() {
        return new Handled();
    }

    @Bean
    Looping looping() {
        return new Looping();
    }

    @Bean
    Typed typed() {
        return new Typed();
    }

    @Bean
    Asserting asserting() {
        return new Asserting();
    }

    @Bean
    SecurityFilterChain permitAll(HttpSecurity http) throws Exception {
        return http.authorizeHttpRequests(auth -> auth.anyRequest().permitAll()).build();
    }
}
