package io.github.wsboot.autoconfigure.metrics;

/**
 * Names and tag keys of the server-side meters and of the auto-configured {@code Dialer}'s client-side meters
 * ({@code websocket.client.*}: the same names after the prefix, without the {@code uri} tag), following Micrometer's conventions (lower-case dotted names,
 * bounded tag values; registries add unit suffixes such as Prometheus's {@code _seconds} and {@code _total}).
 *
 * @since 0.1.0
 */
public final class MeterNames {

    /** Gauge: open connections. */
    public static final String CONNECTIONS_ACTIVE = "websocket.server.connections.active";
    /** Counter: connections that were opened. */
    public static final String CONNECTIONS_OPENED = "websocket.server.connections.opened";
    /** Timer: how long connections stayed open, recorded when they end. */
    public static final String CONNECTION_DURATION = "websocket.server.connection.duration";
    /** Counter: handshakes, tagged with {@link #OUTCOME}. */
    public static final String HANDSHAKES = "websocket.server.handshakes";
    /** Counter: data messages received, tagged with {@link #TYPE}. */
    public static final String MESSAGES_RECEIVED = "websocket.server.messages.received";
    /** Counter: data messages sent, tagged with {@link #TYPE}. */
    public static final String MESSAGES_SENT = "websocket.server.messages.sent";
    /** Counter (bytes): payload bytes received, tagged with {@link #TYPE}. */
    public static final String DATA_RECEIVED = "websocket.server.data.received";
    /** Counter (bytes): payload bytes sent, tagged with {@link #TYPE}. */
    public static final String DATA_SENT = "websocket.server.data.sent";
    /** Counter: close frames, tagged with {@link #CODE} and {@link #DIRECTION}; 1006 counts lost connections. */
    public static final String CLOSES = "websocket.server.closes";
    /** Counter: handler failures and broken connections, tagged with {@link #EXCEPTION}. */
    public static final String ERRORS = "websocket.server.errors";
    /** Timer: round-trip time of keepalive pings. */
    public static final String PING_ROUND_TRIP = "websocket.server.ping.round.trip";
    /** Counter: keepalive pings that went unanswered (the connection was closed as dead). */
    public static final String PINGS_MISSED = "websocket.server.pings.missed";
    /**
     * Counter: connections served by a portable path because the container's native hand-over was unavailable,
     * tagged with {@link #CONTAINER} and {@link #REASON}.
     */
    public static final String HANDOVER_FALLBACKS = "websocket.server.handover.fallbacks";

    /** Gauge: open connections of the auto-configured {@code Dialer}. */
    public static final String CLIENT_CONNECTIONS_ACTIVE = "websocket.client.connections.active";
    /** Counter: dials of the auto-configured {@code Dialer}, tagged with {@link #OUTCOME} and {@link #STATUS}. */
    public static final String CLIENT_DIALS = "websocket.client.dials";
    /** Timer: how long successful dials took, from connecting to the end of the opening handshake. */
    public static final String CLIENT_DIAL_DURATION = "websocket.client.dial.duration";

    /** Tag: the endpoint's path pattern, such as {@code /rooms/{room}}. */
    public static final String URI = "uri";
    /** Tag: {@code text} or {@code binary}. */
    public static final String TYPE = "type";
    /** Tag: a {@link HandshakeOutcome#tagValue()}. */
    public static final String OUTCOME = "outcome";
    /** Tag: a close code such as {@code 1000}; application codes are bucketed as {@code 3xxx} and {@code 4xxx}. */
    public static final String CODE = "code";
    /** Tag: {@code received} or {@code sent}. */
    public static final String DIRECTION = "direction";
    /** Tag: the HTTP status a server refused a dial with, {@code none} for dials that got no refusal. */
    public static final String STATUS = "status";
    /** Tag: the simple class name of the exception. */
    public static final String EXCEPTION = "exception";
    /** Tag: {@code tomcat} or {@code jetty}. */
    public static final String CONTAINER = "container";
    /** Tag: why a hand-over fell back or a handshake was refused, from a fixed set of values. */
    public static final String REASON = "reason";

    private MeterNames() {}

    /** The bounded tag value for a close code. */
    static String codeTag(int code) {
        if (code >= 1000 && code <= 1015) {
            return Integer.toString(code);
        }
        if (code >= 3000 && code <= 3999) {
            return "3xxx";
        }
        if (code >= 4000 && code <= 4999) {
            return "4xxx";
        }
        return "other";
    }
}
