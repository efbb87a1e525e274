package io.github.wsboot.autoconfigure.metrics;

import java.time.Duration;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.BaseUnits;

import io.github.wsboot.websocket.MessageType;

/**
 * The meters of one server endpoint, or of the client side, registered once so that per-message recording is a
 * plain counter increment. Meters whose tags vary (close codes, exceptions, outcomes) are looked up in the
 * registry on use; their tag values are bounded.
 */
final class EndpointMeters {

    private final MeterRegistry registry;
    private final MeterSide side;
    private final Tags tags;
    final Counter opened;
    final Timer duration;
    final Timer pingRoundTrip;
    final Counter pingsMissed;
    private final Counter[] messagesReceived = new Counter[3];
    private final Counter[] messagesSent = new Counter[3];
    private final Counter[] bytesReceived = new Counter[3];
    private final Counter[] bytesSent = new Counter[3];

    EndpointMeters(MeterRegistry registry, String uri) {
        this(registry, MeterSide.SERVER, Tags.of(MeterNames.URI, uri));
    }

    EndpointMeters(MeterRegistry registry, MeterSide side, Tags tags) {
        this.registry = registry;
        this.side = side;
        this.tags = tags;
        this.opened = Counter.builder(side.name(MeterNames.CONNECTIONS_OPENED))
                .description("WebSocket connections opened")
                .tags(tags)
                .register(registry);
        this.duration = Timer.builder(side.name(MeterNames.CONNECTION_DURATION))
                .description("How long WebSocket connections stayed open")
                .tags(tags)
                .register(registry);
        this.pingRoundTrip = Timer.builder(side.name(MeterNames.PING_ROUND_TRIP))
                .description("Round-trip time of keepalive pings")
                .tags(tags)
                .register(registry);
        this.pingsMissed = Counter.builder(side.name(MeterNames.PINGS_MISSED))
                .description("Keepalive pings left unanswered; each closed a dead connection")
                .tags(tags)
                .register(registry);
        for (int type : new int[] {MessageType.TEXT, MessageType.BINARY}) {
            Tags typed = tags.and(MeterNames.TYPE, MessageType.name(type));
            messagesReceived[type] = Counter.builder(side.name(MeterNames.MESSAGES_RECEIVED))
                    .description("WebSocket data messages received")
                    .tags(typed)
                    .register(registry);
            messagesSent[type] = Counter.builder(side.name(MeterNames.MESSAGES_SENT))
                    .description("WebSocket data messages sent")
                    .tags(typed)
                    .register(registry);
            bytesReceived[type] = Counter.builder(side.name(MeterNames.DATA_RECEIVED))
                    .baseUnit(BaseUnits.BYTES)
                    .description("Payload bytes of WebSocket data messages received")
                    .tags(typed)
                    .register(registry);
            bytesSent[type] = Counter.builder(side.name(MeterNames.DATA_SENT))
                    .baseUnit(BaseUnits.BYTES)
                    .description("Payload bytes of WebSocket data messages sent")
                    .tags(typed)
                    .register(registry);
        }
    }

    void received(int type, long bytes) {
        if (MessageType.isData(type)) {
            messagesReceived[type].increment();
            bytesReceived[type].increment((double) bytes);
        }
    }

    void sent(int type, long bytes) {
        if (MessageType.isData(type)) {
            messagesSent[type].increment();
            bytesSent[type].increment((double) bytes);
        }
    }

    void close(int code, String direction) {
        Counter.builder(side.name(MeterNames.CLOSES))
                .description("WebSocket close frames; code 1006 counts connections lost without one")
                .tags(tags)
                .tag(MeterNames.CODE, MeterNames.codeTag(code))
                .tag(MeterNames.DIRECTION, direction)
                .register(registry)
                .increment();
    }

    void error(Throwable error) {
        Counter.builder(side.name(MeterNames.ERRORS))
                .description("WebSocket handler failures and broken connections")
                .tags(tags)
                .tag(MeterNames.EXCEPTION, error.getClass().getSimpleName())
                .register(registry)
                .increment();
    }

    void handshake(HandshakeOutcome outcome) {
        Counter.builder(side.name(MeterNames.HANDSHAKES))
                .description("WebSocket handshakes by outcome")
                .tags(tags)
                .tag(MeterNames.OUTCOME, outcome.tagValue())
                .register(registry)
                .increment();
    }

    void ended(Duration d) {
        duration.record(d);
    }
}
