package io.github.wsboot.autoconfigure.hub;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Decides which envelopes from the channel are new: not this instance's own (delivered locally when published),
 * not a probe, and with a sequence number above the last one seen from its instance (a publish retried after a
 * lost reply may reach Redis twice). Memory: one entry per instance ever heard from.
 */
final class RelayDeduplicator {

    /** The sequence number of a probe message, which only counts subscribers; real messages start at 1. */
    static final long PROBE_SEQUENCE = 0;

    private final UUID self;
    private final Map<UUID, Long> lastSeen = new ConcurrentHashMap<>();

    RelayDeduplicator(UUID self) {
        this.self = self;
    }

    /** True for an envelope to deliver; records its sequence number. Called on the subscription's one thread. */
    boolean accept(RelayEnvelope envelope) {
        if (envelope.sequence() == PROBE_SEQUENCE || envelope.instance().equals(self)) {
            return false;
        }
        Long last = lastSeen.get(envelope.instance());
        if (last != null && envelope.sequence() <= last) {
            return false;
        }
        lastSeen.put(envelope.instance(), envelope.sequence());
        return true;
    }
}
