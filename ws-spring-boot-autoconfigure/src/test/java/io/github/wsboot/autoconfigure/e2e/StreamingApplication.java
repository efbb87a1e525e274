package io.github.wsboot.autoconfigure.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.zip.CRC32;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

import io.github.wsboot.spring.ConnectionHandler;
import io.github.wsboot.spring.Handshake;
import io.github.wsboot.spring.WebSocketHandler;
import io.github.wsboot.websocket.Conn;
import io.github.wsboot.websocket.MessageType;

/**
 * An application whose {@code /stream} endpoint sends every client a steady stream of numbered, checksummed
 * text messages from a writer thread while the connection thread reads what the client sends. It records, per
 * client (query parameter {@code client}), the last sequence number whose write returned and the number of
 * messages received, so a test can compare them with what the clients saw.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(StreamingApplication.Stream.class)
class StreamingApplication {

    @Bean
    SecurityFilterChain permitAll(HttpSecurity http) throws Exception {
        return http.authorizeHttpRequests(auth -> auth.anyRequest().permitAll()).build();
    }

    /**
     * The message for sequence number {@code seq}: {@code seq:body:crc}, where crc is the CRC-32 of
     * {@code seq:body} and the body's length varies with {@code seq} (0 to 1,999 bytes).
     */
    static String message(long seq) {
        String head = seq + ":" + "x".repeat((int) (seq * 37 % 2000));
        return head + ":" + crc(head);
    }

    /** The sequence number of a message that passes its checksum; fails otherwise. */
    static long verify(String message) {
        int last = message.lastIndexOf(':');
        String head = message.substring(0, last);
        if (Long.parseLong(message.substring(last + 1)) != crc(head)) {
            throw new AssertionError("checksum mismatch in message " + head.substring(0, head.indexOf(':')));
        }
        return Long.parseLong(head.substring(0, head.indexOf(':')));
    }

    private static long crc(String s) {
        CRC32 crc = new CRC32();
        crc.update(s.getBytes(StandardCharsets.UTF_8));
        return crc.getValue();
    }

    @WebSocketHandler("/stream")
    static class Stream implements ConnectionHandler {

        /** Pause between two messages: a steady stream, not a flood that only measures queueing. */
        private static final long PAUSE_NANOS = TimeUnit.MICROSECONDS.toNanos(500);

        final Map<String, AtomicLong> lastWritten = new ConcurrentHashMap<>();
        final Map<String, AtomicLong> received = new ConcurrentHashMap<>();
        final Map<String, Throwable> writerEnds = new ConcurrentHashMap<>();

        @Override
        public void serve(Conn conn, Handshake handshake) throws IOException {
            String client = handshake.queryParams().get("client").get(0);
            AtomicLong written = lastWritten.computeIfAbsent(client, c -> new AtomicLong());
            AtomicLong count = received.computeIfAbsent(client, c -> new AtomicLong());
            Thread writer = new Thread(
                    () -> {
                        try {
                            for (long seq = 1; ; seq++) {
                                conn.writeMessage(MessageType.TEXT, message(seq).getBytes(StandardCharsets.UTF_8));
                                written.set(seq);
                                LockSupport.parkNanos(PAUSE_NANOS);
                            }
                        } catch (IOException | RuntimeException e) {
                            // Expected end: the 1001 close frame went out, after which writes fail.
                            writerEnds.put(client, e);
                        }
                    },
                    "stream-writer-" + client);
            writer.start();
            try {
                while (true) {
                    conn.readMessage();
                    count.incrementAndGet();
                }
            } finally {
                // Reading ends with the client's answering close frame; the writer stops at its next write.
                try {
                    writer.join(TimeUnit.SECONDS.toMillis(30));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }
}
