package io.github.wsboot.websocket;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;

import org.jspecify.annotations.Nullable;

/**
 * gorilla/websocket's package-level functions that are not tied to the server side: close-message helpers,
 * error classification, {@code JoinMessages} and the deprecated JSON functions. The server-side ones
 * ({@code IsWebSocketUpgrade}, {@code Subprotocols}, {@code Upgrade}) are static methods of {@link Upgrader},
 * so that a client-only application never loads the servlet API.
 */
public final class WebSockets {

    private WebSockets() {}

    /**
     * Formats a close frame payload: the code in two bytes, then the UTF-8 text. {@link CloseCodes#NO_STATUS_RECEIVED} gives an empty payload.
     *
     * @throws IllegalArgumentException when the payload would exceed 125 bytes
     */
    public static byte[] formatCloseMessage(int closeCode, String text) {
        if (closeCode == CloseCodes.NO_STATUS_RECEIVED) {
            return new byte[0];
        }
        byte[] t = text == null ? new byte[0] : text.getBytes(StandardCharsets.UTF_8);
        if (t.length + 2 > 125) {
            throw new IllegalArgumentException("websocket: close reason longer than 123 bytes");
        }
        byte[] out = new byte[2 + t.length];
        out[0] = (byte) (closeCode >>> 8);
        out[1] = (byte) closeCode;
        System.arraycopy(t, 0, out, 2, t.length);
        return out;
    }

    /** Whether {@code error} is a {@link CloseException} with one of {@code codes}. */
    public static boolean isCloseError(Throwable error, int... codes) {
        if (error instanceof CloseException e) {
            for (int code : codes) {
                if (e.code() == code) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Whether {@code error} is a {@link CloseException} whose code is not among {@code expectedCodes}
     *.
     */
    public static boolean isUnexpectedCloseError(Throwable error, int... expectedCodes) {
        if (error instanceof CloseException e) {
            for (int code : expectedCodes) {
                if (e.code() == code) {
                    return false;
                }
            }
            return true;
        }
        return false;
    }

    /**
     * Concatenates the messages read from {@code conn} into one stream, appending {@code term} after each
     *. The stream ends when the connection ends (a close frame or an error
     * ends it; the error is then thrown by the following read). Not for concurrent use.
     */
    public static InputStream joinMessages(Conn conn, String term) {
        byte[] terminator = term == null ? new byte[0] : term.getBytes(StandardCharsets.UTF_8);
        return new InputStream() {
            private @Nullable InputStream current;
            private int termPos = -1;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                int n = read(one, 0, 1);
                return n < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (len == 0) {
                    return 0;
                }
                while (true) {
                    if (termPos >= 0) {
                        if (termPos < terminator.length) {
                            int n = Math.min(len, terminator.length - termPos);
                            System.arraycopy(terminator, termPos, b, off, n);
                            termPos += n;
                            return n;
                        }
                        termPos = -1;
                        current = null;
                    }
                    if (current == null) {
                        try {
                            current = conn.nextReader();
                        } catch (CloseException e) {
                            return -1;
                        }
                    }
                    int n = current.read(b, off, len);
                    if (n >= 0) {
                        return n;
                    }
                    termPos = 0;
                }
            }
        };
    }

    /** Same as {@link PreparedMessage#of(int, byte[])}. */
    public static PreparedMessage newPreparedMessage(int messageType, byte[] data) {
        return PreparedMessage.of(messageType, data);
    }

    /**
     * Reads a JSON message from {@code conn}.
     *
     * @deprecated use {@link Conn#readJson(Type)}, as gorilla deprecates {@code ReadJSON}
     */
    @Deprecated
    public static <T> T readJson(Conn conn, Type type) throws IOException {
        return conn.readJson(type);
    }

    /**
     * Writes {@code value} to {@code conn} as a JSON message.
     *
     * @deprecated use {@link Conn#writeJson(Object)}, as gorilla deprecates {@code WriteJSON}
     */
    @Deprecated
    public static void writeJson(Conn conn, Object value) throws IOException {
        conn.writeJson(value);
    }
}
