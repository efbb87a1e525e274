package io.github.wsboot.autoconfigure.hub;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.springframework.data.redis.connection.MessageListener;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;

/**
 * The relay's subscription to its Redis channels: messages are handed to the listeners on one thread of the
 * subscription's own, in arrival order — not on the Redis client's I/O thread, because a listener may wait for a
 * lock held by a thread that is waiting for a Redis reply (a recoverable join asking presence), and that reply is
 * read by an I/O thread. At most {@code QUEUE_LIMIT} messages wait; beyond it the I/O thread waits for room.
 * Redis may be down at startup; {@link #ensure()} retries.
 */
final class RelaySubscription {

    private static final System.Logger LOG = System.getLogger(RedisHubRelay.class.getName());

    private static final int QUEUE_LIMIT = 10_000;

    private final RelayConnectionState state;
    private final ThreadPoolExecutor dispatcher;
    private final RedisMessageListenerContainer container;
    private boolean initialized; // the publisher loop's thread, and start()
    private volatile boolean subscribed;

    RelaySubscription(RedisConnectionFactory connectionFactory, RelayConnectionState state) {
        this.state = state;
        RedisMessageListenerContainer c = new RedisMessageListenerContainer();
        c.setConnectionFactory(connectionFactory);
        this.dispatcher = new ThreadPoolExecutor(
                1,
                1,
                0,
                TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(QUEUE_LIMIT),
                task -> {
                    Thread t = new Thread(task, "ws-hub-redis-delivery");
                    t.setDaemon(true);
                    return t;
                },
                (task, executor) -> {
                    try {
                        if (!executor.isShutdown()) {
                            executor.getQueue().put(task); // full: the I/O thread waits, the order is kept
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
        c.setTaskExecutor(dispatcher); // one thread: arrival order
        c.setRecoveryInterval(500);
        this.container = c;
    }

    /** Adds a channel; call before the first {@link #ensure()}. */
    void listen(String channel, MessageListener listener) {
        container.addMessageListener(listener, new ChannelTopic(channel));
    }

    /** Subscribes unless subscribed; false (and the relay marked down) when Redis cannot be reached. */
    boolean ensure() {
        if (subscribed) {
            return true;
        }
        try {
            if (!initialized) {
                container.afterPropertiesSet();
                initialized = true;
            }
            container.start();
            subscribed = true;
            return true;
        } catch (RuntimeException e) {
            state.markDown(e);
            try {
                container.stop();
            } catch (RuntimeException stopFailure) {
                LOG.log(System.Logger.Level.DEBUG, "hub relay: stopping the failed subscription", stopFailure);
            }
            return false;
        }
    }

    void close() {
        dispatcher.shutdown();
        try {
            container.destroy();
        } catch (Exception e) {
            LOG.log(System.Logger.Level.DEBUG, "hub relay: error stopping the subscription", e);
        }
    }
}
