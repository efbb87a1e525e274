package io.github.wsboot.sample;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import io.github.wsboot.test.WebSocketTestClient;
import io.github.wsboot.test.autoconfigure.AutoConfigureWebSocketTestClient;

/**
 * A test of the whole sample application on a random port, with a {@link WebSocketTestClient} to inject: what
 * the endpoint tests share.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@AutoConfigureWebSocketTestClient
public @interface SampleAppTest {}
