package io.github.wsboot.websocket;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Type;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@link JsonCodec} over a Jackson 3 {@link ObjectMapper}. Jackson is an optional dependency: this class is
 * only loaded when a JSON method is used, and fails then with a clear message if Jackson is missing.
 */
public final class JacksonJsonCodec implements JsonCodec {

    private final ObjectMapper mapper;

    public JacksonJsonCodec(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** The mapper this codec reads and writes with. */
    public ObjectMapper mapper() {
        return mapper;
    }

    static JsonCodec defaultCodec() {
        try {
            return Holder.DEFAULT;
        } catch (NoClassDefFoundError e) {
            throw new IllegalStateException(
                    "JSON methods need Jackson 3 (tools.jackson.core:jackson-databind) on the "
                            + "class path, or a JsonCodec set on the Upgrader or Dialer",
                    e);
        }
    }

    @Override
    public void write(Object value, OutputStream out) throws IOException {
        try {
            mapper.writeValue(out, value);
        } catch (JacksonException e) {
            throw new IOException("websocket: JSON encoding failed: " + e.getOriginalMessage(), e);
        }
    }

    @Override
    public <T> T read(InputStream in, Type type) throws IOException {
        try {
            JavaType javaType = mapper.constructType(type);
            return mapper.readValue(in, javaType);
        } catch (JacksonException e) {
            if (e.getCause() instanceof IOException io) {
                throw io; // a connection error surfaced through the parser: keep its type
            }
            throw new IOException("websocket: JSON decoding failed: " + e.getOriginalMessage(), e);
        }
    }

    private static final class Holder {
        static final JsonCodec DEFAULT =
                new JacksonJsonCodec(JsonMapper.builder().build());
    }
}
