package io.github.wsboot.sample.chat;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.aot.hint.annotation.RegisterReflectionForBinding;

import io.github.wsboot.spring.Handshake;
import io.github.wsboot.spring.OnMessage;
import io.github.wsboot.spring.OnOpen;
import io.github.wsboot.spring.WebSocketHandler;
import io.github.wsboot.websocket.CloseCodes;
import io.github.wsboot.websocket.Conn;
import io.github.wsboot.websocket.MessageType;
import io.github.wsboot.websocket.PreparedMessage;
import io.github.wsboot.websocket.WebSockets;
import io.github.wsboot.websocket.hub.Hub;

/**
 * {@code /chat?room=R&nick=N}: chat rooms on the starter's {@link Hub}. Each message is encoded once and queued
 * to every member's bounded send queue, so a slow or dead browser is cut off by the hub's overflow policy and
 * write timeout instead of stalling the room. Presence (who is in the room) is pushed on every join and leave.
 * The browser side is {@code static/index.html} and {@code static/chat.js}.
 *
 * <p>The events are encoded here with the {@link JsonMapper}, not returned from a handler method, so the starter
 * cannot see them: {@link RegisterReflectionForBinding} names them for AOT and native images.
 */
@WebSocketHandler(path = "/chat", readLimit = "8KB")
@RegisterReflectionForBinding({ChatEvent.Welcome.class, ChatEvent.Presence.class, ChatEvent.Said.class,
        ChatEvent.Notice.class})
public class ChatHandler {

    /** Hub topics of chat rooms carry this prefix, apart from other users of the same hub. */
    static final String TOPIC_PREFIX = "chat:";
    static final int MAX_TEXT = 1000;

    private static final Pattern ROOM = Pattern.compile("[A-Za-z0-9_-]{1,32}");
    private static final Pattern NICK = Pattern.compile("[\\p{L}\\p{N} _.-]{1,32}");
    private static final String ROOM_ATTRIBUTE = "chat.room";
    private static final String NICK_ATTRIBUTE = "chat.nick";

    private final Hub hub;
    private final JsonMapper json;

    public ChatHandler(Hub hub, JsonMapper json) {
        this.hub = hub;
        this.json = json;
        hub.onPresenceChange(this::presenceChanged);
    }

    @OnOpen
    void join(Conn conn, Handshake handshake) throws IOException {
        String room = first(handshake, "room");
        String nick = first(handshake, "nick");
        if (room == null || !ROOM.matcher(room).matches()) {
            refuse(conn, "room must be 1-32 letters, digits, '-' or '_'");
            return;
        }
        if (nick == null || !NICK.matcher(nick.strip()).matches()) {
            refuse(conn, "nick must be 1-32 letters, digits, spaces, '.', '-' or '_'");
            return;
        }
        nick = unique(TOPIC_PREFIX + room, nick.strip());
        handshake.attributes().put(ROOM_ATTRIBUTE, room);
        handshake.attributes().put(NICK_ATTRIBUTE, nick);
        // Through the hub's queue, so the welcome and the room's broadcasts reach this browser in one order.
        hub.send(conn, encode(new ChatEvent.Welcome(room, nick)));
        hub.join(TOPIC_PREFIX + room, conn, nick);
    }

    @OnMessage
    void say(ChatInput input, Handshake handshake) {
        String room = (String) handshake.attributes().get(ROOM_ATTRIBUTE);
        String nick = (String) handshake.attributes().get(NICK_ATTRIBUTE);
        if (room == null || input.text() == null) {
            return; // refused at open, waiting for the close reply; or an empty message
        }
        String text = input.text().strip();
        if (text.isEmpty()) {
            return;
        }
        if (text.length() > MAX_TEXT) {
            text = text.substring(0, MAX_TEXT);
        }
        hub.publish(TOPIC_PREFIX + room, encode(new ChatEvent.Said(nick, text, Instant.now())));
    }

    // Leaving needs no @OnClose: the hub removes a connection from its rooms when it closes, which fires this.
    private void presenceChanged(String topic, String member, boolean joined) {
        if (!topic.startsWith(TOPIC_PREFIX)) {
            return;
        }
        String room = topic.substring(TOPIC_PREFIX.length());
        hub.publish(topic, encode(new ChatEvent.Notice(member + (joined ? " joined" : " left"), Instant.now())));
        hub.publish(topic, encode(new ChatEvent.Presence(room, hub.presence(topic))));
    }

    /** The nickname, or the nickname with the first free suffix when someone in the room already has it. */
    private String unique(String topic, String nick) {
        List<String> present = hub.presence(topic);
        String candidate = nick;
        for (int i = 2; present.contains(candidate); i++) {
            candidate = nick + " (" + i + ")";
        }
        return candidate;
    }

    private PreparedMessage encode(ChatEvent event) {
        return PreparedMessage.ofText(json.writeValueAsString(event));
    }

    private static void refuse(Conn conn, String reason) throws IOException {
        conn.writeControl(MessageType.CLOSE, WebSockets.formatCloseMessage(CloseCodes.POLICY_VIOLATION, reason),
                Instant.now().plus(Duration.ofSeconds(5)));
    }

    private static String first(Handshake handshake, String name) {
        List<String> values = handshake.queryParams().get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
