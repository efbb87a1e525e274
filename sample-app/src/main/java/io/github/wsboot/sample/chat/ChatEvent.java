package io.github.wsboot.sample.chat;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/** What the chat server sends to browsers, as JSON with a {@code "type"} property. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = ChatEvent.Welcome.class, name = "welcome"),
    @JsonSubTypes.Type(value = ChatEvent.Presence.class, name = "presence"),
    @JsonSubTypes.Type(value = ChatEvent.Said.class, name = "message"),
    @JsonSubTypes.Type(value = ChatEvent.Notice.class, name = "event"),
    @JsonSubTypes.Type(value = ChatEvent.Direct.class, name = "direct"),
    @JsonSubTypes.Type(value = ChatEvent.Missed.class, name = "missed")
})
public sealed interface ChatEvent {

    /** Sent to a connection once it joined: the room and the nickname it got. */
    record Welcome(String room, String nick) implements ChatEvent {}

    /** Who is in the room now; sent to the room on every join and leave. */
    record Presence(String room, List<String> members) implements ChatEvent {}

    /** A direct message from one nickname to another (sent to both). */
    record Direct(String from, String to, String text, Instant at) implements ChatEvent {}

    /** After a reconnect: messages of the room were lost (older than the catch-up window); reload to resync. */
    record Missed(String room) implements ChatEvent {}

    /**
     * A chat message. With the Redis relay it carries a {@code position} (added by the hub's PositionStamp), which
     * the page sends back as {@code since} when it reconnects.
     */
    record Said(String from, String text, Instant at) implements ChatEvent {}

    /** Something that happened in the room, such as a join. */
    record Notice(String text, Instant at) implements ChatEvent {}
}
