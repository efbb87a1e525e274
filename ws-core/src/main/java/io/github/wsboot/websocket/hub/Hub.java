package io.github.wsboot.websocket.hub;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

import org.jspecify.annotations.Nullable;

import io.github.wsboot.websocket.Conn;
import io.github.wsboot.websocket.MessageType;
import io.github.wsboot.websocket.PreparedMessage;
import io.github.wsboot.websocket.WebSockets;
import io.github.wsboot.websocket.internal.ConnThreads;

/**
 * Fans messages out to many connections: topics (rooms) with presence, each connection with one bounded
 * {@link SendQueue}. A published message is encoded once ({@link PreparedMessage}) and put in the queue of every
 * subscriber; a drain task on the hub's executor writes each queue in order. A queue that would exceed its limits
 * (bytes or messages) applies the {@link OverflowPolicy}; a write that takes longer than the write timeout is
 * ended by a watchdog timer, which closes the connection, whether or not another message arrives. Control frames
 * ({@link Conn#writeControl}, pings, close) never wait in the queue: they go out between two queued messages.
 *
 * <p>A connection leaves every topic when it closes (and when the hub terminates it). Publishing goes through
 * the {@link HubBroker}: {@link HubBroker#local()} by default, or a relay that also reaches other instances.
 *
 * <p>Thread-safe: every method may be called from any thread. Publishing never blocks on a slow connection.
 *
 * <pre>{@code
 * Hub hub = Hub.builder().queueLimitMessages(256).overflowPolicy(OverflowPolicy.DROP_OLDEST).build();
 * hub.join("lobby", conn, "alice");
 * hub.publishText("lobby", "alice joined");
 * }</pre>
 */
public final class Hub implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(Hub.class.getName());
    /** How long a terminated connection gets for its close frame before the transport is closed. */
    private static final Duration TERMINATE_CLOSE_WAIT = Duration.ofSeconds(1);
    /**
     * Topics that address a user ({@link #sendToUser}) are hub topics with this prefix, which application topics
     * cannot have: they travel through the broker like any topic but have no presence.
     */
    static final String USER_TOPIC_PREFIX = "\u0000user:";

    private final long queueLimitBytes;
    private final int queueLimitMessages;
    private final OverflowPolicy overflowPolicy;
    private final long writeTimeoutNanos;
    private final Executor executor;
    private final @Nullable ExecutorService ownedExecutor;
    private final HubObserver observer;
    private final HubBroker broker;
    private final @Nullable ClusterPresence clusterPresence;
    private final AtomicLong queueIds = new AtomicLong();
    private final ScheduledExecutorService timer;
    private final ConcurrentHashMap<String, Topic> topics = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Conn, SendQueue> queues = new ConcurrentHashMap<>();
    private final CopyOnWriteArrayList<PresenceListener> presenceListeners = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    private Hub(Builder b) {
        this.queueLimitBytes = b.queueLimitBytes;
        this.queueLimitMessages = b.queueLimitMessages;
        this.overflowPolicy = b.overflowPolicy;
        this.writeTimeoutNanos = b.writeTimeout.toNanos();
        this.observer = b.observer;
        this.broker = Objects.requireNonNull(b.broker, "broker");
        this.clusterPresence = b.presence;
        if (b.executor != null) {
            this.executor = b.executor;
            this.ownedExecutor = null;
        } else if (ConnThreads.virtualThreadsAvailable()) {
            this.executor = ConnThreads.perTaskExecutor("ws-hub-drain");
            this.ownedExecutor = null;
        } else {
            // Java 17: a bounded pool. A write stuck on a stalled client holds a thread until the write timeout.
            ThreadPoolExecutor pool = new ThreadPoolExecutor(
                    b.drainThreads,
                    b.drainThreads,
                    30,
                    TimeUnit.SECONDS,
                    new LinkedBlockingQueue<>(),
                    task -> ConnThreads.newThread("ws-hub-drain", task));
            pool.allowCoreThreadTimeOut(true);
            this.executor = pool;
            this.ownedExecutor = pool;
        }
        ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1, task -> {
            Thread thread = new Thread(task, "ws-hub-timer");
            thread.setDaemon(true);
            return thread;
        });
        t.setRemoveOnCancelPolicy(true);
        this.timer = t;
        if (writeTimeoutNanos > 0) {
            long period = Math.max(
                    TimeUnit.MILLISECONDS.toNanos(10), Math.min(TimeUnit.SECONDS.toNanos(1), writeTimeoutNanos / 4));
            var unused = timer.scheduleAtFixedRate(this::checkWriteTimeouts, period, period, TimeUnit.NANOSECONDS);
        }
        broker.start(this::deliverLocally);
        if (clusterPresence != null) {
            clusterPresence.start(this::firePresence, this::localMemberships);
        }
    }

    /** A builder with the defaults: 1 MiB and 1,024 messages per queue, terminate with 1013, 10 s write timeout. */
    public static Builder builder() {
        return new Builder();
    }

    // ---- membership ---------------------------------------------------------------------------------------

    /**
     * Adds {@code conn} to {@code topic} as {@code member} (a presence name such as a nickname; several
     * connections may share one). A connection may join several topics; joining a topic again only renames
     * the member. The connection leaves every topic when it closes.
     *
     * @return false when the connection is already closed or was terminated by the hub
     * @throws IllegalStateException when the hub is closed
     */
    public boolean join(String topic, Conn conn, String member) {
        checkTopic(topic);
        return joinAny(topic, conn, member);
    }

    /**
     * Makes {@code conn} one of {@code user}'s connections: {@link #sendToUser} reaches it, on this instance or,
     * through a relay, from any other. {@code user} is the handshake's principal name or any key the
     * application chooses; a user may have many connections, a connection may be several users. Until the
     * connection closes or {@link #forgetUser} is called.
     *
     * @return false when the connection is already closed or was terminated by the hub
     */
    public boolean identifyUser(Conn conn, String user) {
        return joinAny(USER_TOPIC_PREFIX + Objects.requireNonNull(user, "user"), conn, user);
    }

    /** Stops {@link #sendToUser} for {@code user} from reaching {@code conn}; whether it was one of its. */
    public boolean forgetUser(Conn conn, String user) {
        return leave(USER_TOPIC_PREFIX + Objects.requireNonNull(user, "user"), conn);
    }

    /**
     * Sends {@code message} to every connection of {@code user} ({@link #identifyUser}) on every instance the
     * broker reaches, queued like a publish. Messages from one sender keep their order; a user with no
     * connection anywhere gets nothing (nothing is stored).
     */
    public void sendToUser(String user, PreparedMessage message) {
        Objects.requireNonNull(user, "user");
        checkSendable(message);
        checkOpen();
        broker.publish(USER_TOPIC_PREFIX + user, message);
    }

    /** Connections of {@code user} in this process. */
    public int userConnections(String user) {
        Topic t = topics.get(USER_TOPIC_PREFIX + Objects.requireNonNull(user, "user"));
        return t == null ? 0 : t.subscribers.length;
    }

    private boolean joinAny(String topic, Conn conn, String member) {
        Objects.requireNonNull(conn, "conn");
        Objects.requireNonNull(member, "member");
        checkOpen();
        SendQueue queue = queueFor(conn);
        String previous;
        while (true) {
            Topic t = topics.computeIfAbsent(topic, name -> new Topic());
            t.lock.lock();
            try {
                if (t.removed) {
                    continue; // emptied and removed meanwhile: join its successor
                }
                if (!queue.addTopic(topic)) {
                    return false;
                }
                previous = t.members.put(queue, member);
                t.refresh();
                break;
            } finally {
                t.lock.unlock();
            }
        }
        if (isUserTopic(topic)) {
            return true;
        }
        if (previous == null) {
            shareJoin(topic, queue, member);
            firePresence(topic, member, true);
        } else if (!previous.equals(member)) {
            shareJoin(topic, queue, member);
            firePresence(topic, previous, false);
            firePresence(topic, member, true);
        }
        return true;
    }

    /**
     * Removes {@code conn} from {@code topic}. Messages already queued for it are still written.
     *
     * @return whether it was a member
     */
    public boolean leave(String topic, Conn conn) {
        SendQueue queue = queues.get(conn);
        return queue != null && leave(topic, queue);
    }

    /** Removes {@code conn} from every topic; its queue stays for {@link #send} until the connection closes. */
    public void leaveAll(Conn conn) {
        SendQueue queue = queues.get(conn);
        if (queue != null) {
            for (String topic : queue.topics()) {
                leave(topic, queue);
            }
        }
    }

    private boolean leave(String topic, SendQueue queue) {
        Topic t = topics.get(topic);
        if (t == null) {
            return false;
        }
        String member;
        t.lock.lock();
        try {
            member = t.members.remove(queue);
            if (member != null) {
                queue.removeTopic(topic);
                t.refresh();
                if (t.members.isEmpty()) {
                    t.removed = true;
                    topics.remove(topic, t);
                }
            }
        } finally {
            t.lock.unlock();
        }
        if (member != null && !isUserTopic(topic)) {
            if (clusterPresence != null) {
                clusterPresence.left(new ClusterPresence.Membership(topic, queue.id(), member));
            }
            firePresence(topic, member, false);
        }
        return member != null;
    }

    private void shareJoin(String topic, SendQueue queue, String member) {
        if (clusterPresence != null) {
            clusterPresence.joined(new ClusterPresence.Membership(topic, queue.id(), member));
        }
    }

    /**
     * The members of {@code topic}: with {@linkplain Builder#presence cluster presence}, those of this process in
     * join order followed by those on the other instances by join time; else those of this process. A member
     * name appears once per connection.
     */
    public List<String> presence(String topic) {
        List<String> local = localPresence(topic);
        if (clusterPresence == null) {
            return local;
        }
        List<String> all = new ArrayList<>(local);
        all.addAll(clusterPresence.remoteMembers(topic));
        return List.copyOf(all);
    }

    /** The members of {@code topic} in this process, in join order; empty for an unknown topic. */
    public List<String> localPresence(String topic) {
        checkTopic(topic);
        Topic t = topics.get(topic);
        if (t == null) {
            return List.of();
        }
        t.lock.lock();
        try {
            return List.copyOf(t.members.values());
        } finally {
            t.lock.unlock();
        }
    }

    /** The topics that have at least one member in this process. */
    public Set<String> topics() {
        Set<String> names = new java.util.HashSet<>();
        for (String name : topics.keySet()) {
            if (!isUserTopic(name)) {
                names.add(name);
            }
        }
        return Set.copyOf(names);
    }

    /** This process's memberships (user addressing excluded), for cluster presence to record again. */
    private List<ClusterPresence.Membership> localMemberships() {
        List<ClusterPresence.Membership> all = new ArrayList<>();
        for (Map.Entry<String, Topic> e : topics.entrySet()) {
            if (isUserTopic(e.getKey())) {
                continue;
            }
            Topic t = e.getValue();
            t.lock.lock();
            try {
                t.members.forEach(
                        (queue, member) -> all.add(new ClusterPresence.Membership(e.getKey(), queue.id(), member)));
            } finally {
                t.lock.unlock();
            }
        }
        return all;
    }

    /**
     * Registers a listener told of every join and leave in this process and, with
     * {@linkplain Builder#presence cluster presence}, on every other instance (including the members of an
     * instance that crashed, once it is found dead). Every instance's listeners hear every change.
     */
    public void onPresenceChange(PresenceListener listener) {
        presenceListeners.add(Objects.requireNonNull(listener, "listener"));
    }

    // ---- sending ------------------------------------------------------------------------------------------

    /**
     * Publishes {@code message} to every subscriber of {@code topic} (through the broker, so other instances'
     * subscribers too). Returns once the message is queued locally and handed to the broker; never blocks on a
     * connection.
     *
     * @throws IllegalArgumentException for a control message or one larger than the queue's byte limit
     * @throws IllegalStateException    when the hub is closed
     */
    public void publish(String topic, PreparedMessage message) {
        checkTopic(topic);
        checkSendable(message);
        checkOpen();
        broker.publish(topic, message);
    }

    /** Publishes {@code text} as a text message; see {@link #publish}. */
    public void publishText(String topic, String text) {
        publish(topic, PreparedMessage.ofText(text));
    }

    /**
     * Queues {@code message} for the subscribers of {@code topic} in this process only, bypassing the broker: for
     * what each instance tells its own members, such as a presence list computed after a change anywhere.
     */
    public void publishLocally(String topic, PreparedMessage message) {
        checkTopic(topic);
        checkSendable(message);
        checkOpen();
        deliverLocally(topic, message);
    }

    /**
     * Queues {@code message} for {@code conn} alone, behind the broadcasts already queued for it, so a handler's
     * own messages and broadcasts keep one order. Subject to the same limits and overflow policy. A message for
     * a closed or terminated connection is discarded.
     *
     * @throws IllegalArgumentException for a control message or one larger than the queue's byte limit
     * @throws IllegalStateException    when the hub is closed
     */
    public void send(Conn conn, PreparedMessage message) {
        Objects.requireNonNull(conn, "conn");
        checkSendable(message);
        checkOpen();
        queueFor(conn).offer(new SendQueue.Entry(message, null));
    }

    /** Puts a message in the queues of this process's subscribers: the broker's {@link HubBroker.Delivery}. */
    private void deliverLocally(String topic, PreparedMessage message) {
        Topic t = topics.get(topic);
        if (t == null || closed) {
            return;
        }
        SendQueue[] subscribers = t.subscribers;
        if (subscribers.length == 0) {
            return;
        }
        Fanout fanout = new Fanout(topic, System.nanoTime(), observer);
        for (SendQueue queue : subscribers) {
            fanout.add();
            queue.offer(new SendQueue.Entry(message, fanout));
        }
        fanout.seal();
    }

    private static boolean isUserTopic(String topic) {
        return topic.startsWith(USER_TOPIC_PREFIX);
    }

    private static void checkTopic(String topic) {
        Objects.requireNonNull(topic, "topic");
        if (isUserTopic(topic)) {
            throw new IllegalArgumentException("hub: topic names must not start with NUL (reserved for users)");
        }
    }

    private void checkSendable(PreparedMessage message) {
        Objects.requireNonNull(message, "message");
        if (!MessageType.isData(message.type())) {
            throw new IllegalArgumentException("hub: only text and binary messages can be queued, not "
                    + MessageType.name(message.type()) + "; use Conn.writeControl");
        }
        if (message.size() > queueLimitBytes) {
            throw new IllegalArgumentException("hub: message of " + message.size()
                    + " bytes exceeds the queue limit of " + queueLimitBytes + " bytes");
        }
    }

    // ---- queues -------------------------------------------------------------------------------------------

    /** The send queue of {@code conn}, or null when it has none (never joined or sent to, or closed). */
    public @Nullable SendQueue queue(Conn conn) {
        return queues.get(conn);
    }

    /** Connections that have a send queue. */
    public int connections() {
        return queues.size();
    }

    /** Messages queued over all connections. */
    public long queuedMessages() {
        long n = 0;
        for (SendQueue q : queues.values()) {
            n += q.queuedMessages();
        }
        return n;
    }

    /** Payload bytes queued over all connections. */
    public long queuedBytes() {
        long n = 0;
        for (SendQueue q : queues.values()) {
            n += q.queuedBytes();
        }
        return n;
    }

    private SendQueue queueFor(Conn conn) {
        SendQueue queue = queues.get(conn);
        if (queue != null) {
            return queue;
        }
        SendQueue created = new SendQueue(this, conn, queueIds.incrementAndGet());
        queue = queues.putIfAbsent(conn, created);
        if (queue != null) {
            return queue;
        }
        conn.addCloseListener(() -> discard(created)); // runs at once if the conn is already closed
        return created;
    }

    /** Closes {@code queue} and removes it from the hub and every topic; true for the caller that removed it. */
    private boolean discard(SendQueue queue) {
        queue.close();
        boolean removed = queues.remove(queue.conn(), queue);
        for (String topic : queue.topics()) {
            leave(topic, queue);
        }
        return removed;
    }

    /** Overflow under a terminating policy: leave everything, send the close frame off-thread, then close. */
    void terminate(SendQueue queue, int closeCode, String reason) {
        discard(queue);
        Conn conn = queue.conn();
        try {
            executor.execute(() -> {
                try {
                    conn.writeControl(
                            MessageType.CLOSE,
                            WebSockets.formatCloseMessage(closeCode, reason),
                            Instant.now().plus(TERMINATE_CLOSE_WAIT));
                } catch (IOException | RuntimeException e) {
                    LOG.log(System.Logger.Level.DEBUG, "hub: could not send close frame to terminated connection", e);
                }
                schedule(conn::closeNow, TERMINATE_CLOSE_WAIT);
            });
        } catch (RejectedExecutionException e) {
            conn.closeNow();
        }
    }

    private void schedule(Runnable task, Duration delay) {
        try {
            var unused = timer.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            task.run(); // hub closed: do it now
        }
    }

    /** A queued write failed: the connection is broken (or timed out), so it is closed and removed. */
    void writeFailed(SendQueue queue, Exception e) {
        LOG.log(System.Logger.Level.DEBUG, () -> "hub: write to " + queue.conn() + " failed: " + e);
        discard(queue);
        queue.conn().closeNow();
    }

    /** The watchdog: a write in progress for longer than the write timeout closes its connection. */
    private void checkWriteTimeouts() {
        long now = System.nanoTime();
        for (SendQueue queue : queues.values()) {
            if (queue.writeElapsed(now) > writeTimeoutNanos) {
                if (discard(queue)) {
                    observer.writeTimedOut();
                }
                queue.conn().closeNow(); // the blocked write fails at once
            }
        }
    }

    private void firePresence(String topic, String member, boolean joined) {
        for (PresenceListener listener : presenceListeners) {
            try {
                listener.presenceChanged(topic, member, joined);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "hub: presence listener failed", e);
            }
        }
    }

    // ---- settings, for SendQueue --------------------------------------------------------------------------

    long queueLimitBytes() {
        return queueLimitBytes;
    }

    int queueLimitMessages() {
        return queueLimitMessages;
    }

    OverflowPolicy overflowPolicy() {
        return overflowPolicy;
    }

    Executor executor() {
        return executor;
    }

    HubObserver observer() {
        return observer;
    }

    /** The broker messages are published through. */
    public HubBroker broker() {
        return broker;
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("hub: closed");
        }
    }

    /**
     * Closes the hub: stops the broker, the watchdog and the hub's own drain threads, and discards queued
     * messages. Connections stay open (they belong to the application). Later joins and publishes fail.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (clusterPresence != null) {
                clusterPresence.close();
            }
            broker.close();
        } finally {
            timer.shutdownNow();
            if (ownedExecutor != null) {
                ownedExecutor.shutdownNow();
            }
            for (SendQueue queue : queues.values()) {
                queue.close();
            }
            queues.clear();
            topics.clear();
        }
    }

    @Override
    public String toString() {
        return "Hub[topics=" + topics.size() + ", connections=" + queues.size() + ", policy=" + overflowPolicy
                + ", broker=" + broker + "]";
    }

    /** A topic's members; {@code subscribers} is a copy-on-write snapshot so publishing takes no lock. */
    private static final class Topic {
        final ReentrantLock lock = new ReentrantLock();
        final Map<SendQueue, String> members = new LinkedHashMap<>(); // lock
        volatile SendQueue[] subscribers = new SendQueue[0];
        boolean removed; // lock

        /** Rebuilds the snapshot; caller holds the lock. */
        void refresh() {
            subscribers = members.keySet().toArray(new SendQueue[0]);
        }
    }

    /** Settings of a {@link Hub}. Not thread-safe; build once. */
    public static final class Builder {

        private long queueLimitBytes = 1 << 20;
        private int queueLimitMessages = 1024;
        private OverflowPolicy overflowPolicy = OverflowPolicy.TERMINATE_TRY_AGAIN_LATER;
        private Duration writeTimeout = Duration.ofSeconds(10);
        private @Nullable Executor executor;
        private int drainThreads = Math.max(8, 4 * Runtime.getRuntime().availableProcessors());
        private HubObserver observer = HubObserver.NONE;
        private @Nullable HubBroker broker;
        private @Nullable ClusterPresence presence;

        private Builder() {}

        /** Largest payload bytes queued per connection (default 1 MiB); must be positive. */
        public Builder queueLimitBytes(long bytes) {
            if (bytes <= 0) {
                throw new IllegalArgumentException("queue limit bytes must be positive: " + bytes);
            }
            this.queueLimitBytes = bytes;
            return this;
        }

        /** Largest number of messages queued per connection (default 1,024); must be positive. */
        public Builder queueLimitMessages(int messages) {
            if (messages <= 0) {
                throw new IllegalArgumentException("queue limit messages must be positive: " + messages);
            }
            this.queueLimitMessages = messages;
            return this;
        }

        /** What a full queue does (default {@link OverflowPolicy#TERMINATE_TRY_AGAIN_LATER}). */
        public Builder overflowPolicy(OverflowPolicy policy) {
            this.overflowPolicy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /**
         * Longest time one queued write may take before a timer closes the connection (default 10 s); zero
         * disables the watchdog. Enforced within a quarter of the timeout (at least 10 ms, at most 1 s) more.
         */
        public Builder writeTimeout(Duration timeout) {
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.isNegative()) {
                throw new IllegalArgumentException("write timeout must not be negative: " + timeout);
            }
            this.writeTimeout = timeout;
            return this;
        }

        /**
         * The executor that runs drain tasks (one per non-empty queue at a time). By default: a new virtual
         * thread per task on Java 21+, else a hub-owned pool of {@link #drainThreads} platform threads. An
         * executor given here is not shut down by {@link Hub#close()}.
         */
        public Builder executor(Executor executor) {
            this.executor = Objects.requireNonNull(executor, "executor");
            return this;
        }

        /** Size of the hub-owned drain pool on Java 17–20 (default max(8, 4 × CPUs)); ignored otherwise. */
        public Builder drainThreads(int threads) {
            if (threads <= 0) {
                throw new IllegalArgumentException("drain threads must be positive: " + threads);
            }
            this.drainThreads = threads;
            return this;
        }

        /** Receives queue, drop, termination and latency events, for metrics. */
        public Builder observer(HubObserver observer) {
            this.observer = Objects.requireNonNull(observer, "observer");
            return this;
        }

        /** Carries published messages (default {@link HubBroker#local()}); a broker serves one hub. */
        public Builder broker(HubBroker broker) {
            this.broker = Objects.requireNonNull(broker, "broker");
            return this;
        }

        /**
         * Shares presence with the other instances (default: none, {@link Hub#presence} lists this process's
         * members): {@link Hub#presence} then lists every instance's members and presence listeners hear every
         * instance's joins and leaves. A presence serves one hub.
         */
        public Builder presence(ClusterPresence presence) {
            this.presence = Objects.requireNonNull(presence, "presence");
            return this;
        }

        /** Builds and starts the hub (its watchdog timer and broker). */
        public Hub build() {
            if (broker == null) {
                broker = HubBroker.local();
            }
            Hub hub = new Hub(this);
            broker = null; // a broker serves one hub
            presence = null;
            return hub;
        }
    }
}
