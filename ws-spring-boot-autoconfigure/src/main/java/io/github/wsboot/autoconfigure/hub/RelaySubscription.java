package io.github.wsboot.autoconfigure.hub;

import org.springframework.core.task.SyncTaskExecutor;
import org.springframework.data.redis.connection.MessageListener;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;

/**
 * The relay's subscription to its Redis channels: messages are handed to the listener on the subscription's
 * one thread, in arrival order. Redis may be down at startup; {@link #ensure()} retries.
 */
final class RelaySubscription {

    private static final System.Logger LOG = System.getLogger(RedisHubRelay.class.getName());

    private final RelayConnectionState state;
    private final RedisMessageListenerContainer container;
    private boolean initialized; // the publisher loop's thread, and start()
    private volatile boolean subscribed;

    RelaySubscription(RedisConnectionFactory connectionFactory, RelayConnectionState state) {
        this.state = state;
        RedisMessageListenerContainer c = new RedisMessageListenerContainer();
        c.setConnectionFactory(connectionFactory);
        c.setTaskExecutor(new SyncTaskExecutor()); // deliver in arrival order, on the subscription's thread
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
        try {
            container.destroy();
        } catch (Exception e) {
            LOG.log(System.Logger.Level.DEBUG, "hub relay: error stopping the subscription", e);
        }
    }
}
