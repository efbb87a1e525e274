package io.github.wsboot.autoconfigure.hub;

import java.nio.charset.StandardCharsets;

import io.github.wsboot.websocket.MessageType;
import io.github.wsboot.websocket.PreparedMessage;

/**
 * Puts a recoverable topic's position into a message before it is written to a client, so that the client can
 * send its last position when it reconnects. Applied once per message and instance (not per connection), to
 * live messages and to caught-up ones alike. Define a bean to replace the default, {@link #jsonField}.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface PositionStamp {

    /** The message as clients get it, carrying {@code position}. */
    PreparedMessage stamp(String position, PreparedMessage message);

    /**
     * Adds {@code "name":"position"} as the first member of a text message that is a JSON object; other messages
     * go out unchanged (and carry no position).
     */
    static PositionStamp jsonField(String name) {
        String member = "\"" + name + "\":\"";
        return (position, message) -> {
            if (message.type() != MessageType.TEXT) {
                return message;
            }
            String text = new String(message.payload(), StandardCharsets.UTF_8);
            String body = text.stripLeading();
            if (!body.startsWith("{")) {
                return message;
            }
            String rest = body.substring(1).stripLeading();
            String separator = rest.startsWith("}") ? "" : ",";
            return PreparedMessage.ofText("{" + member + position + "\"" + separator + rest);
        };
    }
}
