package io.github.wsboot.websocket.testing;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Strict UTF-8 validation by the JDK's decoder, deliberately not the library's own validator: tests and peers
 * judge the library with an independent implementation.
 */
public final class JdkUtf8 {

    private JdkUtf8() {}

    /**
     * Whether {@code b} is valid UTF-8. Rejects overlong forms, surrogates, code points above U+10FFFF and a
     * sequence cut at the end.
     */
    public static boolean isValid(byte[] b) {
        try {
            StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(b));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}
