package io.github.wsboot.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import org.junit.jupiter.api.Test;

/**
 * The same-origin check folds case as gorilla does, ASCII letters only: a host that only looks like the
 * request's {@code Host} under Unicode case folding is another origin.
 */
class SameOriginCheckTest {

    @Test
    void unicodeCaseVariantsOfTheHostAreAnotherOrigin() {
        assertThat(Upgrader.checkSameOrigin(request(Map.of("Host", "öyster", "Origin", "http://Öyster"))))
                .isFalse();
        assertThat(Upgrader.checkSameOrigin(request(Map.of("Host", "öyster", "Origin", "http://öyster"))))
                .isTrue();
    }

    @Test
    void asciiCaseVariantsOfTheHostAreTheSameOrigin() {
        assertThat(Upgrader.checkSameOrigin(
                        request(Map.of("Host", "Example.COM:8080", "Origin", "https://example.com:8080"))))
                .isTrue();
        assertThat(Upgrader.checkSameOrigin(request(Map.of("Host", "example.com", "Origin", "https://example.org"))))
                .isFalse();
        assertThat(Upgrader.checkSameOrigin(request(Map.of("Host", "example.com"))))
                .as("no Origin")
                .isTrue();
    }

    private static HttpServletRequest request(Map<String, String> headers) {
        return (HttpServletRequest) Proxy.newProxyInstance(
                getLoader(), new Class<?>[] {HttpServletRequest.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getHeader")) {
                        return headers.get((String) args[0]);
                    }
                    throw new AssertionError("not expected: " + method);
                });
    }

    private static ClassLoader getLoader() {
        return SameOriginCheckTest.class.getClassLoader();
    }
}
