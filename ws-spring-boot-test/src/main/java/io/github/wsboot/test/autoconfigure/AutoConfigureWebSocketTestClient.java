package io.github.wsboot.test.autoconfigure;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.autoconfigure.ImportAutoConfiguration;

/**
 * Adds a {@link io.github.wsboot.test.WebSocketTestClient} bean to a {@code @SpringBootTest}: put it next to
 * {@code @SpringBootTest(webEnvironment = RANDOM_PORT)} and autowire the client. The auto-configurations it
 * imports are listed in {@code META-INF/spring/io.github.wsboot.test.autoconfigure.AutoConfigureWebSocketTestClient.imports}.
 *
 * @author ws contributors
 * @since 0.1.0
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ImportAutoConfiguration
public @interface AutoConfigureWebSocketTestClient {}
