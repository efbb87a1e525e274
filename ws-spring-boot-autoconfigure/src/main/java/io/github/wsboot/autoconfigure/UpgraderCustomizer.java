package io.github.wsboot.autoconfigure;

import io.github.wsboot.websocket.Upgrader;

/**
 * Adjusts the {@link Upgrader.Builder} the starter prepares from {@code ws.server.*}, for every endpoint,
 * after the properties have been applied. Prefer a customizer over defining an {@link Upgrader} bean: a
 * customizer keeps the per-endpoint attributes of {@code @WebSocketHandler} working.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface UpgraderCustomizer {

    void customize(Upgrader.Builder builder);
}
