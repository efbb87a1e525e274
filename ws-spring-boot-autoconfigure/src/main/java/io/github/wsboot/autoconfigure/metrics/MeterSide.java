package io.github.wsboot.autoconfigure.metrics;

/**
 * Which side a meter describes: server endpoints ({@code websocket.server.*}) or the auto-configured
 * {@code Dialer}'s connections ({@code websocket.client.*}). Both sides share the meter names after the prefix.
 */
enum MeterSide {
    SERVER("websocket.server."),
    CLIENT("websocket.client.");

    private final String prefix;

    MeterSide(String prefix) {
        this.prefix = prefix;
    }

    /** The name on this side of a server meter name from {@link MeterNames}. */
    String name(String serverName) {
        return prefix + serverName.substring(SERVER.prefix.length());
    }
}
