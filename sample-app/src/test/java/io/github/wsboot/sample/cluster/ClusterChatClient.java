package io.github.wsboot.sample.cluster;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.github.wsboot.websocket.Conn;
import io.github.wsboot.websocket.Dialer;

/**
 * A chat client as the page behaves, through the load balancer: it keeps the last room position and, when its
 * connection drops, reconnects with {@code since} set to it. It publishes "nick:n" messages stop-and-wait: the
 * next one only after its own copy came back. When its instance dies with a message unconfirmed, it waits for
 * the catch-up to finish (its own join notice follows the caught-up messages) and sends it again only if the
 * message was not among them, so every message is in the room exactly once.
 */
final class ClusterChatClient implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    final String nick;
    final String room;
    private final URI balancer;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ReentrantLock writeLock = new ReentrantLock();
    // lock:
    private final Map<String, List<Integer>> said = new LinkedHashMap<>();
    private final List<String> directs = new ArrayList<>();
    private List<String> presence = List.of();
    private long presenceChangedNanos;
    private int echoed = -1;
    private int generation;
    private boolean caughtUp;
    private boolean missed;
    private String shownNick;
    private String lastPosition;
    private int reconnects;
    private volatile Conn conn;
    private volatile boolean closed;

    ClusterChatClient(URI balancer, String nick, String room) throws IOException {
        this.balancer = balancer;
        this.nick = nick;
        this.room = room;
        connect();
        Thread reader = new Thread(this::readLoop, "chat-client-" + nick);
        reader.setDaemon(true);
        reader.start();
    }

    private void connect() throws IOException {
        String since;
        lock.lock();
        try {
            since = lastPosition;
            caughtUp = false;
        } finally {
            lock.unlock();
        }
        String uri = balancer + "/chat?room=" + room + "&nick=" + nick
                + (since == null ? "" : "&since=" + URLEncoder.encode(since, StandardCharsets.UTF_8));
        conn = Dialer.DEFAULT.dial(URI.create(uri), null);
        lock.lock();
        try {
            generation++;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void readLoop() {
        while (!closed) {
            try {
                handle(JSON.readTree(conn.readMessage().text()));
            } catch (IOException | RuntimeException e) {
                if (closed) {
                    return;
                }
                reconnect();
            }
        }
    }

    private void reconnect() {
        long backoff = 100;
        while (!closed) {
            try {
                Thread.sleep(backoff);
                connect();
                lock.lock();
                try {
                    reconnects++;
                } finally {
                    lock.unlock();
                }
                return;
            } catch (IOException e) {
                backoff = Math.min(1000, backoff * 2);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void handle(JsonNode event) {
        lock.lock();
        try {
            switch (event.path("type").asString()) {
                case "welcome" -> shownNick = event.path("nick").asString();
                case "message" -> {
                    lastPosition = event.path("position").asString(null);
                    String[] parts = event.path("text").asString().split(":");
                    int n = Integer.parseInt(parts[1]);
                    said.computeIfAbsent(parts[0], k -> new ArrayList<>()).add(n);
                    if (parts[0].equals(nick)) {
                        echoed = Math.max(echoed, n);
                    }
                }
                case "event" -> {
                    if (event.path("text").asString().equals(shownNick + " joined")) {
                        caughtUp = true; // the catch-up is written before the join, so before this notice
                    }
                }
                case "presence" -> {
                    List<String> members = new ArrayList<>();
                    event.path("members").forEach(m -> members.add(m.asString().replaceFirst(" \\(\\d+\\)$", "")));
                    members.sort(null);
                    if (!members.equals(presence)) {
                        presence = members;
                        presenceChangedNanos = System.nanoTime();
                    }
                }
                case "direct" ->
                    directs.add(event.path("from").asString().replaceFirst(" \\(\\d+\\)$", "") + ">"
                            + event.path("text").asString());
                case "missed" -> missed = true;
                default -> {}
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Publishes nick:n to the room and returns once it came back, resending only if its instance lost it. */
    void publish(int n, long timeoutMillis) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        int sentOn = send("{\"text\":\"" + nick + ":" + n + "\"}");
        lock.lock();
        try {
            while (echoed < n) {
                if (generation != sentOn && caughtUp) {
                    lock.unlock();
                    try {
                        sentOn = send("{\"text\":\"" + nick + ":" + n + "\"}"); // lost with its instance
                    } finally {
                        lock.lock();
                    }
                    continue;
                }
                if (!changed.await(deadline - System.nanoTime(), TimeUnit.NANOSECONDS)
                        && System.nanoTime() > deadline) {
                    throw new AssertionError(nick + ": message " + n + " not confirmed");
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** Sends a direct message to {@code to}. */
    void direct(String to, String text) throws Exception {
        send("{\"text\":\"" + text + "\",\"to\":\"" + to + "\"}");
    }

    /** Writes on the current connection, waiting for a reconnect when it is broken; returns its generation. */
    private int send(String json) throws Exception {
        while (true) {
            int g;
            lock.lock();
            try {
                g = generation;
            } finally {
                lock.unlock();
            }
            writeLock.lock();
            try {
                conn.writeText(json);
                return g;
            } catch (IOException e) {
                lock.lock();
                try {
                    while (generation == g && !closed) {
                        changed.await(100, TimeUnit.MILLISECONDS);
                    }
                } finally {
                    lock.unlock();
                }
            } finally {
                writeLock.unlock();
            }
        }
    }

    Map<String, List<Integer>> said() {
        return locked(() -> {
            Map<String, List<Integer>> copy = new LinkedHashMap<>();
            said.forEach((k, v) -> copy.put(k, List.copyOf(v)));
            return copy;
        });
    }

    List<String> directs() {
        return locked(() -> List.copyOf(directs));
    }

    List<String> presence() {
        return locked(() -> presence);
    }

    long presenceChangedNanos() {
        return locked(() -> presenceChangedNanos);
    }

    int reconnects() {
        return locked(() -> reconnects);
    }

    boolean missed() {
        return locked(() -> missed);
    }

    private <T> T locked(Supplier<T> read) {
        lock.lock();
        try {
            return read.get();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        closed = true;
        Conn c = conn;
        if (c != null) {
            c.close();
        }
    }

    @Override
    public String toString() {
        return nick + "@" + room;
    }
}
