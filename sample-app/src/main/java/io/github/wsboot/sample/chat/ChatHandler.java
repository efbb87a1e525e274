package io.github.wsboot.sample.chat;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;

import org.springframework.aot.hint.annotation.RegisterReflectionForBinding;
import org.springframework.beans.factory.ObjectProvider;
import tools.jackson.databind.json.JsonMapper;

import io.github.wsboot.autoconfigure.hub.HubRecovery;
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
 * {@code /chat?room=R&nick=N[&since=P]}: chat rooms on the starter's {@link Hub}. Each message is encoded once and
 * queued to every member's bounded send queue, so a slow or dead browser is cut off by the hub's overflow policy
 * and write timeout instead of stalling the room. Presence (who is in the room) is pushed on every join and leave.
 * A direct message ({@code "to"}) goes to every connection that joined with that nickname, on any instance.
 *
 * <p>With the Redis relay ({@code ws.hub.redis.enabled=true}) all of it spans the instances: presence lists and
 * join/leave notices cover every instance (each instance tells its own members), direct messages reach the
 * nickname wherever it is connected, and rooms are recoverable ({@code ws.hub.redis.recovery.topics: chat:*}):
 * messages carry a position, and the page reconnects with {@code since} set to the last one, so a restart or a
 * crash of its instance shows no gap. The browser side is {@code static/index.html} and {@code static/chat.js}.
 *
 * <p>The events are encoded here with the {@link JsonMapper}, not returned from a handler method, so the starter
 * cannot see them: {@link RegisterReflectionForBinding} names them for AOT and native images.
 */
@WebSocketHandler(path = "/chat", readLimit = "8KB")
@RegisterReflectionForBinding({
    ChatEvent.Welcome.class,
    ChatEvent.Presence.class,
    ChatEvent.Said.class,
    ChatEvent.Notice.class,
    ChatEvent.Direct.class,
    ChatEvent.Missed.class
})
public class ChatHandler {

    /** Hub topics of chat rooms carry this prefix, apart from other users of the same hub. */
    static final String TOPIC_PREFIX = "chat:";

    static final int MAX_TEXT = 1000;

    private static final Pattern ROOM = Pattern.compile("[A-Za-z0-9_-]{1,32}");
    private static final Pattern NICK = Pattern.compile("[\\p{L}\\p{N} _.-]{1,32}");
    private static final String ROOM_ATTRIBUTE = "chat.room";
    private static final String NICK_ATTRIBUTE = "chat.nick";
    private static final String USER_ATTRIBUTE = "chat.user";

    private final Hub hub;
    private final JsonMapper json;
    private final HubRecovery recovery;

    public ChatHandler(Hub hub, JsonMapper json, ObjectProvider<HubRecovery> recovery) {
        this.hub = hub;
        this.json = json;
        this.recovery = recovery.getIfAvailable(); // with the Redis relay only
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
        String user = nick.strip(); // direct messages address the nickname asked for
        nick = unique(TOPIC_PREFIX + room, user);
        handshake.attributes().put(ROOM_ATTRIBUTE, room);
        handshake.attributes().put(NICK_ATTRIBUTE, nick);
        handshake.attributes().put(USER_ATTRIBUTE, user);
        // Through the hub's queue, so the welcome and the room's broadcasts reach this browser in one order.
        hub.send(conn, encode(new ChatEvent.Welcome(room, nick)));
        hub.identifyUser(conn, user);
        String since = first(handshake, "since");
        if (recovery == null) {
            hub.join(TOPIC_PREFIX + room, conn, nick);
        } else if (recovery.resume(TOPIC_PREFIX + room, conn, nick, since).missed()) {
            hub.send(conn, encode(new ChatEvent.Missed(room)));
        }
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
        String to = input.to() == null ? "" : input.to().strip();
        if (!to.isEmpty()) {
            String user = (String) handshake.attributes().get(USER_ATTRIBUTE);
            PreparedMessage direct = encode(new ChatEvent.Direct(nick, to, text, Instant.now()));
            hub.sendToUser(to, direct);
            if (!to.equals(user)) {
                hub.sendToUser(user, direct); // the sender's own connections (other tabs) see it too
            }
            return;
        }
        hub.publish(TOPIC_PREFIX + room, encode(new ChatEvent.Said(nick, text, Instant.now())));
    }

    // Leaving needs no @OnClose: the hub removes a connection from its rooms when it closes, which fires this.
    // Every instance hears every change (with the relay, cluster-wide), so each tells only its own members.
    private void presenceChanged(String topic, String member, boolean joined) {
        if (!topic.startsWith(TOPIC_PREFIX) || hub.localPresence(topic).isEmpty()) {
            return; // not a room, or nobody here to tell
        }
        String room = topic.substring(TOPIC_PREFIX.length());
        hub.publishLocally(topic, encode(new ChatEvent.Notice(member + (joined ? " joined" : " left"), Instant.now())));
        hub.publishLocally(topic, encode(new ChatEvent.Presence(room, hub.presence(topic))));
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
        conn.writeControl(
                MessageType.CLOSE,
                WebSockets.formatCloseMessage(CloseCodes.POLICY_VIOLATION, reason),
                Instant.now().plus(Duration.ofSeconds(5)));
    }

    private static String first(Handshake handshake, String name) {
        List<String> values = handshake.queryParams().get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
