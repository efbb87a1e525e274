package io.github.wsboot.autoconfigure;

import io.github.wsboot.websocket.Dialer;

/**
 * Adjusts the {@link Dialer.Builder} the starter prepares from {@code ws.client.*}, after the properties have
 * been applied: for example a cookie jar, a proxy or a custom socket factory.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface DialerCustomizer {

    void customize(Dialer.Builder builder);
}
