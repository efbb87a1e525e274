package io.github.wsboot.autoconfigure.server;

import jakarta.servlet.http.HttpServletRequest;

/**
 * The per-client limits of {@code ws.server.limits.*} with the resolver of client addresses they apply to.
 *
 * @param addresses how a handshake's client address is found (trusted proxies)
 * @param limits    the per-address connection and handshake-rate limits
 * @since 0.1.0
 */
public record ClientLimits(ClientAddresses addresses, PerAddressLimits limits) {

    /** No limits. */
    public static ClientLimits none() {
        return new ClientLimits(
                new ClientAddresses(java.util.List.of()),
                new PerAddressLimits(-1, -1, java.time.Duration.ofSeconds(1), java.time.Duration.ofSeconds(1)));
    }

    /** Counts the handshake of {@code request} against its client's limits. */
    PerAddressLimits.Decision admit(HttpServletRequest request) {
        return limits.admit(addresses.of(request));
    }
}
