package io.github.wsboot.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.springframework.util.unit.DataSize;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

/**
 * Settings shared by server connections ({@code ws.server.*}) and client connections ({@code ws.client.*}).
 * The classes validate themselves after binding (Boot calls a properties bean that is a {@link Validator}),
 * so that every bad value in {@code application.yml} is reported at startup, by property name, at once.
 *
 * @since 0.1.0
 */
public abstract class WebSocketConnectionProperties implements Validator {

    /** Largest buffer a connection can be given (a Java array, with the frame header in front of it, must fit). */
    static final DataSize MAX_BUFFER_SIZE = DataSize.ofGigabytes(1);

    /**
     * Size of each connection's read buffer. Does not limit the size of a message.
     */
    private DataSize readBufferSize = DataSize.ofKilobytes(4);

    /**
     * Size of each connection's write buffer; also the largest frame a streamed message is cut into. Does
     * not limit the size of a message.
     */
    private DataSize writeBufferSize = DataSize.ofKilobytes(4);

    /**
     * How long the opening handshake may take.
     */
    private Duration handshakeTimeout = Duration.ofSeconds(30);

    /**
     * Comma-separated list of subprotocols, in order of preference.
     */
    private List<String> subprotocols = new ArrayList<>();

    private final WriteBufferPool writeBufferPool = new WriteBufferPool();

    public DataSize getReadBufferSize() {
        return readBufferSize;
    }

    public void setReadBufferSize(DataSize readBufferSize) {
        this.readBufferSize = readBufferSize;
    }

    public DataSize getWriteBufferSize() {
        return writeBufferSize;
    }

    public void setWriteBufferSize(DataSize writeBufferSize) {
        this.writeBufferSize = writeBufferSize;
    }

    public Duration getHandshakeTimeout() {
        return handshakeTimeout;
    }

    public void setHandshakeTimeout(Duration handshakeTimeout) {
        this.handshakeTimeout = handshakeTimeout;
    }

    public List<String> getSubprotocols() {
        return subprotocols;
    }

    public void setSubprotocols(List<String> subprotocols) {
        this.subprotocols = new ArrayList<>(subprotocols);
    }

    public WriteBufferPool getWriteBufferPool() {
        return writeBufferPool;
    }

    @Override
    public boolean supports(Class<?> type) {
        return getClass().isAssignableFrom(type);
    }

    @Override
    public void validate(Object target, Errors errors) {
        checkBufferSize(errors, "readBufferSize", readBufferSize);
        checkBufferSize(errors, "writeBufferSize", writeBufferSize);
        checkPositive(errors, "handshakeTimeout", handshakeTimeout);
        for (String p : subprotocols) {
            if (!isToken(p)) {
                errors.rejectValue(
                        "subprotocols", "token", "'" + p + "' is not an HTTP token (RFC 9110 section 5.6.2)");
            }
        }
        if (writeBufferPool.getCapacity() < 1) {
            errors.rejectValue("writeBufferPool.capacity", "range", "must be at least 1");
        }
    }

    /** The checks of the settings both sides have: read limit, write timeout, keepalive, compression level. */
    static void checkLimits(
            Errors errors,
            DataSize readLimit,
            Duration writeTimeout,
            WebSocketServerProperties.Keepalive keepalive,
            int compressionLevel) {
        if (readLimit.isNegative()) {
            errors.rejectValue("readLimit", "negative", "must not be negative (0 means no limit)");
        }
        if (writeTimeout.isNegative()) {
            errors.rejectValue("writeTimeout", "negative", "must not be negative (0 means no limit)");
        }
        Duration ping = keepalive.getPingInterval();
        if (ping != null && ping.isNegative()) {
            errors.rejectValue(
                    "keepalive.pingInterval", "negative", "must not be negative (unset or 0 disables keepalive)");
        }
        checkPositive(errors, "keepalive.pongTimeout", keepalive.getPongTimeout());
        if (compressionLevel < -2 || compressionLevel > 9) {
            errors.rejectValue("compression.level", "range", "must be between -2 and 9");
        }
    }

    static void checkPositive(Errors errors, String field, Duration d) {
        if (d.isNegative() || d.isZero()) {
            errors.rejectValue(field, "positive", "must be positive");
        }
    }

    private static void checkBufferSize(Errors errors, String field, DataSize size) {
        if (size.toBytes() < 1 || size.toBytes() > MAX_BUFFER_SIZE.toBytes()) {
            errors.rejectValue(field, "range", "must be between 1 B and 1 GiB");
        }
    }

    /** Whether {@code s} is an HTTP token: the syntax of subprotocol names. */
    static boolean isToken(String s) {
        return !s.isEmpty() && s.chars().allMatch(c -> c > 0x20 && c < 0x7f && "()<>@,;:\\\"/[]?={}".indexOf(c) < 0);
    }

    /** A pool of write buffers shared by all connections of one side. */
    public static class WriteBufferPool {

        /**
         * Whether connections share pooled write buffers and hold one only while writing: 4 KiB less per idle
         * connection (at the default buffer size) for about 30 ns more per message written.
         */
        private boolean enabled = true;

        /**
         * Largest number of idle buffers the pool keeps.
         */
        private int capacity = 256;

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public int getCapacity() {
            return capacity;
        }

        public void setCapacity(int capacity) {
            this.capacity = capacity;
        }
    }
}
