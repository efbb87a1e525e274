package io.github.wsboot.autoconfigure.handler;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.reflect.Type;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import io.github.wsboot.autoconfigure.observation.HandlerMethodException;
import io.github.wsboot.autoconfigure.observation.WebSocketObservations;
import io.github.wsboot.spring.CloseStatus;
import io.github.wsboot.spring.Handshake;
import io.github.wsboot.spring.InvalidPayloadException;
import io.github.wsboot.websocket.CloseCodes;
import io.github.wsboot.websocket.CloseException;
import io.github.wsboot.websocket.CloseSentException;
import io.github.wsboot.websocket.Conn;
import io.github.wsboot.websocket.JsonCodec;
import io.github.wsboot.websocket.Message;
import io.github.wsboot.websocket.MessageInputStream;
import io.github.wsboot.websocket.MessageType;
import io.github.wsboot.websocket.ProtocolViolationException;
import io.github.wsboot.websocket.WebSockets;

/**
 * Runs the message-oriented model on a connection's thread: {@code @OnOpen}, then one {@code @OnMessage}
 * call per message in arrival order with its return value sent back, then {@code @OnClose} exactly once.
 * A failure (a handler exception, a payload that cannot be bound, a protocol error) goes to {@code @OnError},
 * ends the connection with the matching close code, and is rethrown after {@code @OnClose} so that the
 * caller can count it; a close from either side is the normal end and returns quietly.
 */
final class MessageHandlerAdapter implements PerMessageHandler, OnErrorRouting {

    private static final Log LOG = LogFactory.getLog(MessageHandlerAdapter.class);

    /** How long a close frame of ours may take to write. */
    private static final Duration CLOSE_WRITE_WAIT = Duration.ofSeconds(1);

    private final @Nullable HandlerMethod open;
    private final @Nullable HandlerMethod text;
    private final @Nullable HandlerMethod binary;
    private final @Nullable HandlerMethod close;
    private final @Nullable HandlerMethod error;
    private final @Nullable JsonCodec codec;
    private final ReplyWriter replies;
    private final HandlerFailureLog failures = new HandlerFailureLog(LOG);
    private final String where;
    private final WebSocketObservations observations;

    /** @param where the bean and the endpoint, for log messages: "of bean 'chat' on /chat" */
    MessageHandlerAdapter(
            String where,
            @Nullable HandlerMethod open,
            @Nullable HandlerMethod text,
            @Nullable HandlerMethod binary,
            @Nullable HandlerMethod close,
            @Nullable HandlerMethod error,
            @Nullable JsonCodec codec,
            ReplyWriter replies,
            WebSocketObservations observations) {
        this.open = open;
        this.text = text;
        this.binary = binary;
        this.close = close;
        this.error = error;
        this.codec = codec;
        this.replies = replies;
        this.where = where;
        this.observations = observations;
    }

    @Override
    public void serve(Conn conn, Handshake handshake) throws Exception {
        Invocation base = Invocation.of(conn, handshake);
        Outcome outcome = run(conn, base);
        closed(base, outcome);
        if (outcome.failure instanceof Exception e) {
            throw e;
        }
        if (outcome.failure instanceof Error e) {
            throw e;
        }
    }

    @Override
    public Session session(Handshake handshake) {
        return new EventSession(handshake);
    }

    private Outcome run(Conn conn, Invocation base) {
        try {
            if (open != null) {
                reply(conn, call(open, base));
            }
            while (true) {
                MessageInputStream in = conn.nextReader();
                Outcome unsupported = handle(conn, base, in.type(), in);
                if (unsupported != null) {
                    return unsupported;
                }
            }
        } catch (IOException | RuntimeException e) {
            return outcomeOf(conn, base, e);
        }
    }

    /**
     * One message: decoded, handed to its method, the reply sent. Returns the outcome that ends the connection
     * when no method takes the message's type (1003), otherwise null.
     */
    private @Nullable Outcome handle(Conn conn, Invocation base, int type, java.io.InputStream in) throws IOException {
        HandlerMethod method = type == MessageType.TEXT ? text : binary;
        if (method == null) {
            return Outcome.of(closeWith(
                    conn, CloseCodes.UNSUPPORTED_DATA, MessageType.name(type) + " messages are not supported"));
        }
        observations.observeMessage(base.handshake().pathPattern(), type, () -> {
            Object payload = decode(type, in, method);
            reply(conn, call(method, base.withPayload(payload)));
        });
        return null;
    }

    /** How an exception from the connection or a handler method ends the connection. */
    private Outcome outcomeOf(Conn conn, Invocation base, Exception failure) {
        try {
            throw failure;
        } catch (CloseException e) {
            return Outcome.of(new CloseStatus(e.code(), e.text()));
        } catch (HandlerFailure e) {
            Throwable cause = Objects.requireNonNullElse(e.getCause(), e);
            notifyError(base, cause);
            return new Outcome(closeWith(conn, CloseCodes.INTERNAL_SERVER_ERR, ""), cause);
        } catch (InvalidPayloadException e) {
            notifyError(base, e);
            return new Outcome(closeWith(conn, CloseCodes.INVALID_FRAME_PAYLOAD_DATA, "payload could not be bound"), e);
        } catch (ProtocolViolationException e) {
            // The connection has already sent its close frame with this code.
            notifyError(base, e);
            return new Outcome(new CloseStatus(e.closeCode(), ""), e);
        } catch (Exception e) {
            notifyError(base, e);
            return new Outcome(new CloseStatus(CloseCodes.ABNORMAL_CLOSURE, String.valueOf(e.getMessage())), e);
        }
    }

    private void closed(Invocation base, Outcome outcome) {
        if (close != null) {
            try {
                close.invoke(base.withCloseStatus(outcome.status));
            } catch (Exception e) {
                failures.unhandled("@OnClose method " + close + " " + where, e, "the exception was ignored");
            }
        }
    }

    /**
     * The same model, driven by the event engine one message at a time: no thread waits for the connection
     * between messages. Every rule is the loop's ({@link #handle}, {@link #outcomeOf}).
     */
    private final class EventSession implements Session {

        private final Handshake handshake;
        private @Nullable Invocation base;
        private @Nullable Outcome outcome;

        EventSession(Handshake handshake) {
            this.handshake = handshake;
        }

        @Override
        public void onOpen(Conn conn) throws Exception {
            Invocation b = Invocation.of(conn, handshake);
            base = b;
            if (open != null) {
                try {
                    reply(conn, call(open, b));
                } catch (IOException | RuntimeException e) {
                    throw end(outcomeOf(conn, b, e));
                }
            }
        }

        @Override
        public void onMessage(Conn conn, Message message) throws Exception {
            if (outcome != null) {
                return; // ending: the peer's close frame is on its way
            }
            Invocation b = Objects.requireNonNull(base, "opened");
            Outcome unsupported;
            try {
                unsupported = handle(conn, b, message.type(), new ByteArrayInputStream(message.data()));
            } catch (IOException | RuntimeException e) {
                throw end(outcomeOf(conn, b, e));
            }
            if (unsupported != null) {
                throw end(unsupported);
            }
        }

        private Exception end(Outcome o) {
            outcome = o;
            if (o.failure instanceof Exception e) {
                return e;
            }
            if (o.failure != null) {
                return new HandlerFailure(o.failure); // an Error a handler raised; failure() reports the Error itself
            }
            return new CloseException(o.status.code(), o.status.reason());
        }

        @Override
        public void onClose(Conn conn, Exception cause) {
            Invocation b = base != null ? base : Invocation.of(conn, handshake);
            base = b;
            Outcome o = outcome != null ? outcome : outcomeOf(conn, b, cause);
            outcome = o;
            closed(b, o);
        }

        @Override
        public @Nullable Throwable failure() {
            return outcome != null ? outcome.failure : null;
        }
    }

    private void reply(Conn conn, @Nullable Object value) throws IOException {
        try {
            replies.send(conn, value);
        } catch (CloseSentException e) {
            // We are closing (for example, shutting down): the reply is dropped and the read loop sees the
            // peer's answering close frame.
        }
    }

    private static @Nullable Object call(HandlerMethod method, Invocation invocation) {
        try {
            return method.invoke(invocation);
        } catch (Exception | AssertionError | LinkageError | StackOverflowError e) {
            // Errors a handler bug raises (a failed assert, a missing class, runaway recursion) count as failures.
            throw new HandlerFailure(e);
        }
    }

    private Object decode(int type, java.io.InputStream in, HandlerMethod method) throws IOException {
        PayloadKind kind = Objects.requireNonNull(method.payloadKind(), "an @OnMessage method has a payload kind");
        if (kind == PayloadKind.STREAM) {
            return in; // the next nextReader() discards what the method left unread
        }
        byte[] data = in.readAllBytes();
        return switch (kind) {
            case STRING -> new String(data, StandardCharsets.UTF_8);
            case BYTES -> data;
            case BYTE_BUFFER -> ByteBuffer.wrap(data);
            case MESSAGE -> new Message(type, data);
            default -> decodeJson(data, method);
        };
    }

    private Object decodeJson(byte[] data, HandlerMethod method) {
        Type type = Objects.requireNonNull(method.payloadType(), "a JSON payload has a type");
        try {
            JsonCodec json = this.codec;
            if (json == null) {
                throw new IllegalStateException("no JSON codec");
            }
            // Decoding from the bytes already read keeps a JSON error apart from a connection error.
            Object value = json.read(new ByteArrayInputStream(data), type);
            if (value == null) {
                throw new IllegalArgumentException("JSON null is not a message");
            }
            return value;
        } catch (IOException | RuntimeException e) {
            throw new InvalidPayloadException(
                    "could not bind the message to " + type.getTypeName() + " for " + method + ": " + e.getMessage(),
                    e);
        }
    }

    @Override
    public boolean passedToOnError(Throwable failure) {
        return error != null && error.handles(failure);
    }

    /** Passes the failure to {@code @OnError}; the caller of {@link #serve} logs it (at DEBUG when handled). */
    private void notifyError(Invocation base, Throwable failure) {
        HandlerMethod onError = error;
        if (onError == null || !passedToOnError(failure)) {
            return;
        }
        try {
            onError.invoke(base.withError(failure));
        } catch (Exception e) {
            failures.unhandled("@OnError method " + error + " " + where, e, "the exception was ignored");
        }
    }

    private static CloseStatus closeWith(Conn conn, int code, String reason) {
        try {
            conn.writeControl(
                    MessageType.CLOSE,
                    WebSockets.formatCloseMessage(code, reason),
                    Instant.now().plus(CLOSE_WRITE_WAIT));
        } catch (IOException e) {
            LOG.debug("could not send close frame " + code, e);
        }
        return new CloseStatus(code, reason);
    }

    /** How the read loop ended: the close status for {@code @OnClose} and the failure to rethrow, if any. */
    private record Outcome(CloseStatus status, @Nullable Throwable failure) {

        static Outcome of(CloseStatus status) {
            return new Outcome(status, null);
        }
    }

    /** Marks an exception thrown by a handler method, as opposed to one from the connection. */
    private static final class HandlerFailure extends HandlerMethodException {

        private static final long serialVersionUID = 1L;

        HandlerFailure(Throwable cause) {
            super(cause);
        }
    }
}
