package io.github.wsboot.autoconfigure.server;

import java.util.List;
import java.util.function.Predicate;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.web.cors.CorsConfiguration;

import io.github.wsboot.websocket.Upgrader;

/**
 * Decides whether a handshake's {@code Origin} is acceptable: gorilla's same-origin check (which also admits
 * requests without an {@code Origin}, as non-browser clients send), widened by explicitly allowed origin
 * patterns with the syntax of Spring's CORS {@code allowedOriginPatterns}. There is no implicit "allow all":
 * only a configured {@code "*"} pattern admits every origin.
 */
public final class OriginPolicy implements Predicate<HttpServletRequest> {

    private final List<String> patterns;
    private final CorsConfiguration matcher = new CorsConfiguration();

    /**
     * @param patterns origin patterns accepted besides the same origin, for example {@code https://*.example.com}
     * @throws IllegalArgumentException when a pattern is malformed
     */
    public OriginPolicy(List<String> patterns) {
        this.patterns = List.copyOf(patterns);
        this.matcher.setAllowedOriginPatterns(this.patterns);
    }

    @Override
    public boolean test(HttpServletRequest request) {
        if (Upgrader.checkSameOrigin(request)) {
            return true;
        }
        String origin = request.getHeader("Origin");
        return origin != null && !patterns.isEmpty() && matcher.checkOrigin(origin) != null;
    }

    /** The configured patterns, without the implicit same-origin rule. */
    public List<String> patterns() {
        return patterns;
    }

    @Override
    public String toString() {
        return patterns.isEmpty() ? "same origin" : "same origin or " + patterns;
    }
}
