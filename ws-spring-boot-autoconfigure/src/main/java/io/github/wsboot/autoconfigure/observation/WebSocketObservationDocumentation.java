package io.github.wsboot.autoconfigure.observation;

import io.micrometer.common.docs.KeyName;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;
import io.micrometer.observation.docs.ObservationDocumentation;

/**
 * The WebSocket server's observations and their key values.
 *
 * @since 0.1.0
 */
public enum WebSocketObservationDocumentation implements ObservationDocumentation {

    /** A WebSocket handshake, from the request reaching the endpoint to the 101 or the refusal. */
    HANDSHAKE {
        @Override
        public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
            return DefaultWebSocketHandshakeObservationConvention.class;
        }

        @Override
        public KeyName[] getLowCardinalityKeyNames() {
            return HandshakeKeyNames.values();
        }
    },

    /**
     * The handling of one message by a message-oriented handler: decoding, the {@code @OnMessage} call and the
     * reply. Only with {@code ws.server.observations.messages=true}.
     */
    MESSAGE {
        @Override
        public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
            return DefaultWebSocketMessageObservationConvention.class;
        }

        @Override
        public KeyName[] getLowCardinalityKeyNames() {
            return MessageKeyNames.values();
        }
    };

    /** Low-cardinality keys of {@link #HANDSHAKE}. */
    public enum HandshakeKeyNames implements KeyName {

        /** The endpoint's path pattern. */
        URI {
            @Override
            public String asString() {
                return "uri";
            }
        },
        /** A {@link io.github.wsboot.autoconfigure.metrics.HandshakeOutcome#tagValue()}. */
        OUTCOME {
            @Override
            public String asString() {
                return "outcome";
            }
        }
    }

    /** Low-cardinality keys of {@link #MESSAGE}. */
    public enum MessageKeyNames implements KeyName {

        /** The endpoint's path pattern. */
        URI {
            @Override
            public String asString() {
                return "uri";
            }
        },
        /** {@code text} or {@code binary}. */
        TYPE {
            @Override
            public String asString() {
                return "type";
            }
        },
        /** {@code success} or {@code error}. */
        OUTCOME {
            @Override
            public String asString() {
                return "outcome";
            }
        },
        /** The simple class name of the exception that failed the handling, {@code none} without one. */
        EXCEPTION {
            @Override
            public String asString() {
                return "exception";
            }
        }
    }
}
