package io.github.wsboot.websocket;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Type;

/**
 * Encodes and decodes JSON for {@link Conn#writeJson(Object)} and {@link Conn#readJson(Type)}. The default,
 * {@link #jackson()}, needs Jackson 3 ({@code tools.jackson.core:jackson-databind}) on the class path; the
 * Spring Boot starter supplies one built on Boot's configured {@code JsonMapper}.
 */
public interface JsonCodec {

    /** Writes {@code value} as JSON to {@code out}; must not close {@code out}. */
    void write(Object value, OutputStream out) throws IOException;

    /** Reads one JSON value of type {@code type} from {@code in} (which ends at the message end). */
    <T> T read(InputStream in, Type type) throws IOException;

    /**
     * A codec over a default Jackson 3 {@code JsonMapper}.
     *
     * @throws IllegalStateException when Jackson 3 is not on the class path
     */
    static JsonCodec jackson() {
        return JacksonJsonCodec.defaultCodec();
    }
}
