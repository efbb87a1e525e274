package io.github.wsboot.autoconfigure.observation;

import java.io.IOException;
import java.util.Objects;

import jakarta.servlet.http.HttpServletRequest;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

import io.github.wsboot.autoconfigure.metrics.HandshakeOutcome;

/**
 * {@link WebSocketObservations} on a Micrometer {@link ObservationRegistry}: every handshake, and with
 * {@code messagesObserved} every message a message-oriented handler handles. See
 * {@link WebSocketObservationDocumentation}.
 *
 * @since 0.1.0
 */
public final class MicrometerWebSocketObservations implements WebSocketObservations {

    private static final DefaultWebSocketHandshakeObservationConvention DEFAULT_HANDSHAKE =
            new DefaultWebSocketHandshakeObservationConvention();
    private static final DefaultWebSocketMessageObservationConvention DEFAULT_MESSAGE =
            new DefaultWebSocketMessageObservationConvention();

    private final ObservationRegistry registry;
    private final boolean messagesObserved;
    private final @Nullable WebSocketHandshakeObservationConvention handshakeConvention;
    private final @Nullable WebSocketMessageObservationConvention messageConvention;

    /**
     * @param messagesObserved    whether to observe each handled message ({@code ws.server.observations.messages})
     * @param handshakeConvention replaces the default convention of handshakes; may be null
     * @param messageConvention   replaces the default convention of messages; may be null
     */
    public MicrometerWebSocketObservations(
            ObservationRegistry registry,
            boolean messagesObserved,
            @Nullable WebSocketHandshakeObservationConvention handshakeConvention,
            @Nullable WebSocketMessageObservationConvention messageConvention) {
        this.registry = registry;
        this.messagesObserved = messagesObserved;
        this.handshakeConvention = handshakeConvention;
        this.messageConvention = messageConvention;
    }

    @Override
    public HandshakeObservation handshakeStarted(String pathPattern, HttpServletRequest request) {
        if (registry.isNoop()) {
            return HandshakeObservation.NONE;
        }
        WebSocketHandshakeContext context = new WebSocketHandshakeContext(pathPattern, request);
        Observation observation = WebSocketObservationDocumentation.HANDSHAKE
                .observation(handshakeConvention, DEFAULT_HANDSHAKE, () -> context, registry)
                .start();
        return new MicrometerHandshakeObservation(observation, context);
    }

    @Override
    @SuppressWarnings("try") // the scope is only opened around the handler, never referenced
    public void observeMessage(String pathPattern, int messageType, MessageHandling handling) throws IOException {
        if (!messagesObserved || registry.isNoop()) {
            handling.run();
            return;
        }
        WebSocketMessageContext context = new WebSocketMessageContext(pathPattern, messageType);
        Observation observation = WebSocketObservationDocumentation.MESSAGE
                .observation(messageConvention, DEFAULT_MESSAGE, () -> context, registry)
                .start();
        try (Observation.Scope scope = observation.openScope()) {
            handling.run();
        } catch (HandlerMethodException e) {
            observation.error(Objects.requireNonNullElse(e.getCause(), e));
            throw e;
        } catch (IOException | RuntimeException | Error e) {
            observation.error(e);
            throw e;
        } finally {
            observation.stop();
        }
    }

    /** A started handshake observation. */
    private record MicrometerHandshakeObservation(Observation observation, WebSocketHandshakeContext context)
            implements HandshakeObservation {

        @Override
        public void stop(HandshakeOutcome outcome, @Nullable Throwable error) {
            context.setOutcome(outcome);
            if (error != null) {
                observation.error(error);
            }
            observation.stop();
        }

        @Override
        public Scope openScope() {
            Observation.Scope scope = observation.openScope();
            return scope::close;
        }
    }
}
