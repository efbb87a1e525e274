package io.github.wsboot.autoconfigure.handler;

import java.lang.reflect.Type;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.deser.AbstractDeserializer;

import io.github.wsboot.websocket.JacksonJsonCodec;
import io.github.wsboot.websocket.JsonCodec;

/**
 * Asks Jackson at startup whether a JSON payload type can be bound at all, the way Jackson will bind it for
 * each message: with the application's mapper, so its modules, mix-ins, custom deserializers and abstract type
 * mappings count. A type that no message could ever become (an interface such as {@code Runnable} without type
 * information, a class whose creators conflict) is reported instead of failing every message with 1007.
 * Loaded only when Jackson 3 is present.
 */
final class JacksonPayloadCheck {

    private JacksonPayloadCheck() {}

    /** Why {@code type} cannot be bound by {@code codec}, or null when it can or the codec is not Jackson's. */
    static @Nullable String whyUnbindable(JsonCodec codec, Type type) {
        if (!(codec instanceof JacksonJsonCodec jackson)) {
            return null; // an application's own codec: only it knows
        }
        ObjectMapper mapper = jackson.mapper();
        JavaType javaType = mapper.constructType(type);
        try {
            ValueDeserializer<Object> deserializer =
                    mapper._deserializationContext().findRootValueDeserializer(javaType);
            if (deserializer instanceof AbstractDeserializer) {
                return "Jackson cannot create a " + javaType.getRawClass().getName() + " from JSON: it is abstract, "
                        + "and has no type information (@JsonTypeInfo), no @JsonDeserialize and no deserializer or "
                        + "abstract type mapping registered with the JsonMapper";
            }
            return null;
        } catch (JacksonException e) {
            return "Jackson cannot bind " + javaType.getRawClass().getName() + ": " + e.getOriginalMessage();
        } catch (RuntimeException e) {
            return null; // a deserializer that cannot be looked up ahead of a message: leave it to the message
        }
    }
}
