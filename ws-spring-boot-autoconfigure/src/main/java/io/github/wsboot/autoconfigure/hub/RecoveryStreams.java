package io.github.wsboot.autoconfigure.hub;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.ReturnType;

/**
 * The Redis side of catch-up: each recoverable topic has a stream {@code {prefix}stream:{topic}} whose entry ids
 * are the topic's positions. A message is appended and announced by one Lua script, so the order of the
 * announcements on {@code {prefix}recoverable} is the order of the positions: XADD (capped at
 * {@code maxLength}, approximately), XTRIM of entries older than {@code window}, PEXPIRE of the idle stream (a
 * day, or the window if longer) and PUBLISH of {@code id \n envelope}. Needs Redis 7 (XINFO STREAM's
 * {@code recorded-first-entry-id}). A client's position is the id of an entry it received: if it is before the
 * first entry kept, that entry was trimmed or the stream was lost (Redis restarted without persistence), so
 * what followed it may be gone and the resume is reported as missed (also when the client had seen exactly the
 * last trimmed entry, which the stream cannot tell).
 */
final class RecoveryStreams {

    /** A stream id: milliseconds, a dash, a sequence number. */
    static final Pattern POSITION = Pattern.compile("\\d{1,20}-\\d{1,20}");

    private static final byte[] APPEND = script("""
            local id = redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[2], '*', 'e', ARGV[1])
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            redis.call('XTRIM', KEYS[1], 'MINID', '~', tostring(now - tonumber(ARGV[3])))
            redis.call('PEXPIRE', KEYS[1], ARGV[4])
            local receivers = redis.call('PUBLISH', ARGV[5], id .. '\\n' .. ARGV[1])
            return {id, receivers}
            """);

    private static final byte[] SINCE = script("""
            if redis.call('EXISTS', KEYS[1]) == 0 then return {'missing'} end
            local info = redis.call('XINFO', 'STREAM', KEYS[1])
            local f = {}
            for i = 1, #info, 2 do f[info[i]] = info[i + 1] end
            local out = {f['recorded-first-entry-id']}
            if tonumber(f['length']) == 0 then out[1] = f['last-generated-id'] end
            for _, e in ipairs(redis.call('XRANGE', KEYS[1], '(' .. ARGV[1], '+', 'COUNT', ARGV[2])) do
              local f = e[2]
              for j = 1, #f, 2 do
                if f[j] == 'e' then
                  out[#out + 1] = e[1]
                  out[#out + 1] = f[j + 1]
                end
              end
            end
            return out
            """);

    /** One stored message: its position and envelope. */
    record Stored(String position, RelayEnvelope envelope) {}

    /** What {@link #since} found: the messages after the position, and whether some were trimmed away before. */
    record Since(List<Stored> messages, boolean missed) {}

    private final RedisConnectionFactory connectionFactory;
    private final String prefix;
    private final String channel;
    private final int maxLength;
    private final Duration window;

    RecoveryStreams(RedisConnectionFactory connectionFactory, String prefix, int maxLength, Duration window) {
        if (maxLength <= 0 || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException(
                    "hub recovery: max length (" + maxLength + ") and window (" + window + ") must be positive");
        }
        this.connectionFactory = connectionFactory;
        this.prefix = prefix;
        this.channel = prefix + "recoverable";
        this.maxLength = maxLength;
        this.window = window;
    }

    String channel() {
        return channel;
    }

    int maxLength() {
        return maxLength;
    }

    /** An appended message: its position, and how many subscribers its announcement reached. */
    record Appended(String position, long receivers) {}

    /** Appends and announces {@code envelope}. */
    Appended append(RelayEnvelope envelope) {
        long idleExpiry = Math.max(window.toMillis(), Duration.ofDays(1).toMillis());
        List<Object> reply;
        try (RedisConnection c = connectionFactory.getConnection()) {
            reply = c.scriptingCommands()
                    .eval(
                            APPEND,
                            ReturnType.MULTI,
                            1,
                            key(envelope.topic()),
                            envelope.encode(),
                            bytes(Integer.toString(maxLength)),
                            bytes(Long.toString(window.toMillis())),
                            bytes(Long.toString(idleExpiry)),
                            bytes(channel));
        }
        if (reply == null || reply.size() != 2) {
            throw new IllegalStateException("hub recovery: unexpected reply to the append script: " + reply);
        }
        return new Appended(text(reply.get(0)), reply.get(1) instanceof Long n ? n : 0);
    }

    /** Announces an appended message again (after subscribers came back); returns the receivers. */
    long announce(Appended appended, RelayEnvelope envelope) {
        byte[] id = bytes(appended.position() + "\n");
        byte[] body = envelope.encode();
        byte[] message = new byte[id.length + body.length];
        System.arraycopy(id, 0, message, 0, id.length);
        System.arraycopy(body, 0, message, id.length, body.length);
        try (RedisConnection c = connectionFactory.getConnection()) {
            Long receivers = c.publish(bytes(channel), message);
            return receivers == null ? 0 : receivers;
        }
    }

    /** The messages of {@code topic} after {@code position} (at most the stream's length), and whether any were lost. */
    Since since(String topic, String position) {
        List<Object> reply;
        try (RedisConnection c = connectionFactory.getConnection()) {
            reply = c.scriptingCommands()
                    .eval(SINCE, ReturnType.MULTI, 1, key(topic), bytes(position), bytes(Integer.toString(maxLength)));
        }
        if (reply == null || reply.isEmpty()) {
            return new Since(List.of(), true);
        }
        String firstKept = text(reply.get(0)); // the first entry kept (the last id when none is)
        if ("missing".equals(firstKept)) {
            return new Since(List.of(), true); // expired or never written: what came before is unknown
        }
        List<Stored> messages = new ArrayList<>();
        for (int i = 1; i + 1 < reply.size(); i += 2) {
            messages.add(new Stored(text(reply.get(i)), RelayEnvelope.decode((byte[]) reply.get(i + 1))));
        }
        return new Since(messages, compare(position, firstKept) < 0);
    }

    /** Splits a message of the recoverable channel into its position and envelope. */
    static Stored parseAnnouncement(byte[] body) {
        int newline = 0;
        while (newline < body.length && body[newline] != '\n') {
            newline++;
        }
        if (newline == body.length) {
            throw new IllegalArgumentException("hub recovery: not an announcement");
        }
        byte[] envelope = new byte[body.length - newline - 1];
        System.arraycopy(body, newline + 1, envelope, 0, envelope.length);
        return new Stored(new String(body, 0, newline, StandardCharsets.US_ASCII), RelayEnvelope.decode(envelope));
    }

    /** Orders two stream ids. */
    static int compare(String a, String b) {
        int da = a.indexOf('-');
        int db = b.indexOf('-');
        int c = Long.compareUnsigned(
                Long.parseUnsignedLong(a.substring(0, da)), Long.parseUnsignedLong(b.substring(0, db)));
        return c != 0
                ? c
                : Long.compareUnsigned(
                        Long.parseUnsignedLong(a.substring(da + 1)), Long.parseUnsignedLong(b.substring(db + 1)));
    }

    private byte[] key(String topic) {
        return bytes(prefix + "stream:" + topic);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(@Nullable Object o) {
        return o instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : String.valueOf(o);
    }

    private static byte[] script(String lua) {
        return lua.getBytes(StandardCharsets.UTF_8);
    }
}
