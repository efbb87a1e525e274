package io.github.wsboot.spring;

import java.net.InetSocketAddress;
import java.net.URI;
import java.security.Principal;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;

/**
 * What the opening handshake of one connection carried, captured before the servlet request was handed
 * back to the container (the request object itself must not be used after the upgrade). Also holds the
 * connection's {@linkplain #attributes() attributes}, a place for per-connection application state.
 *
 * @since 0.1.0
 */
public final class Handshake {

    private final String pathPattern;
    private final URI uri;
    private final Map<String, String> pathVariables;
    private final Map<String, List<String>> queryParams;
    private final HttpHeaders headers;
    private final @Nullable Principal principal;
    private final @Nullable InetSocketAddress remoteAddress;
    private final Map<String, Object> attributes = new ConcurrentHashMap<>();

    /** Created by the starter for each accepted handshake; all arguments are kept read-only. */
    public Handshake(
            String pathPattern,
            URI uri,
            Map<String, String> pathVariables,
            Map<String, List<String>> queryParams,
            HttpHeaders headers,
            @Nullable Principal principal,
            @Nullable InetSocketAddress remoteAddress) {
        this.pathPattern = pathPattern;
        this.uri = uri;
        this.pathVariables = Map.copyOf(pathVariables);
        this.queryParams = Map.copyOf(queryParams);
        this.headers = HttpHeaders.readOnlyHttpHeaders(headers);
        this.principal = principal;
        this.remoteAddress = remoteAddress;
    }

    /** The endpoint's path pattern, such as {@code /rooms/{room}}. */
    public String pathPattern() {
        return pathPattern;
    }

    /** The request URI, with its query string. */
    public URI uri() {
        return uri;
    }

    /** The values of the path pattern's variables, decoded. */
    public Map<String, String> pathVariables() {
        return pathVariables;
    }

    /** The value of one path variable, or null when the pattern has no such variable. */
    public @Nullable String pathVariable(String name) {
        return pathVariables.get(name);
    }

    /** The query parameters, decoded, each with its values in order. */
    public Map<String, List<String>> queryParams() {
        return queryParams;
    }

    /** The request headers (read-only). */
    public HttpHeaders headers() {
        return headers;
    }

    /** The authenticated user of the handshake request (for example Spring Security's), or null. */
    public @Nullable Principal principal() {
        return principal;
    }

    /** The client's address as the container saw it, or null when unknown. */
    public @Nullable InetSocketAddress remoteAddress() {
        return remoteAddress;
    }

    /** Mutable, thread-safe per-connection attributes for the application; empty at first. */
    public Map<String, Object> attributes() {
        return attributes;
    }

    @Override
    public String toString() {
        return "Handshake[" + pathPattern + ", " + uri.getRawPath() + ", principal="
                + (principal != null ? principal.getName() : null) + "]";
    }
}
