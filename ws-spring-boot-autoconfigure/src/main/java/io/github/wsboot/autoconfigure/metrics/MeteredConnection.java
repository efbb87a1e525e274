package io.github.wsboot.autoconfigure.metrics;

import java.time.Duration;

import io.github.wsboot.websocket.CloseCodes;

/** Records one connection into its endpoint's meters. */
final class MeteredConnection implements ConnectionMetrics {

    private final EndpointMeters meters;
    /** Whether a close frame went either way; without one the connection counts as lost (1006). */
    private volatile boolean closeSeen;

    MeteredConnection(EndpointMeters meters) {
        this.meters = meters;
        meters.opened.increment();
    }

    @Override
    public void messageReceived(int messageType, long payloadBytes) {
        meters.received(messageType, payloadBytes);
    }

    @Override
    public void messageSent(int messageType, long payloadBytes) {
        meters.sent(messageType, payloadBytes);
    }

    @Override
    public void closeReceived(int code) {
        closeSeen = true;
        meters.close(code, "received");
    }

    @Override
    public void closeSent(int code) {
        closeSeen = true;
        meters.close(code, "sent");
    }

    @Override
    public void keepalivePong(Duration roundTrip) {
        meters.pingRoundTrip.record(roundTrip);
    }

    @Override
    public void keepaliveMissed() {
        meters.pingsMissed.increment();
    }

    @Override
    public void error(Throwable error) {
        meters.error(error);
    }

    @Override
    public void connectionClosed(Duration duration) {
        if (!closeSeen) {
            meters.close(CloseCodes.ABNORMAL_CLOSURE, "received");
        }
        meters.ended(duration);
    }
}
