package io.github.wsboot.autoconfigure.hub;

import java.util.UUID;

/**
 * A join or leave on the presence channel: the instance it happened on (for a crashed instance's members, the
 * crashed one), the topic and the member. Text layout: {@code +} or {@code -}, the instance id (36 characters),
 * the topic's length in decimal, {@code :}, the topic, then the member.
 */
record PresenceEvent(boolean joined, UUID origin, String topic, String member) {

    String encode() {
        return (joined ? "+" : "-") + origin + topic.length() + ":" + topic + member;
    }

    /** Decodes an event; throws IllegalArgumentException for anything else on the channel. */
    static PresenceEvent decode(String text) {
        try {
            char kind = text.charAt(0);
            if (kind != '+' && kind != '-') {
                throw new IllegalArgumentException("not a presence event");
            }
            UUID origin = UUID.fromString(text.substring(1, 37));
            int colon = text.indexOf(':', 37);
            int topicLength = Integer.parseInt(text.substring(37, colon));
            String topic = text.substring(colon + 1, colon + 1 + topicLength);
            return new PresenceEvent(kind == '+', origin, topic, text.substring(colon + 1 + topicLength));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("hub presence: malformed event: " + e.getMessage(), e);
        }
    }
}
