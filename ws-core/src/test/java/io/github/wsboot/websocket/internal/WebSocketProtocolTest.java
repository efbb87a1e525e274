package io.github.wsboot.websocket.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WebSocketProtocolTest {

    private static final HexFormat HEX = HexFormat.of();

    /** Header bytes for a final binary frame (b0 = 0x82), unmasked and masked with key 0x11223344. */
    @ParameterizedTest(name = "length {0}")
    @CsvSource({
        "0,          8200,                 828011223344",
        "1,          8201,                 828111223344",
        "125,        827d,                 82fd11223344",
        "126,        827e007e,             82fe007e11223344",
        "127,        827e007f,             82fe007f11223344",
        "128,        827e0080,             82fe008011223344",
        "65535,      827effff,             82feffff11223344",
        "65536,      827f0000000000010000, 82ff000000000001000011223344",
        "4294967296, 827f0000000100000000, 82ff000000010000000011223344",
    })
    void writesHeadersByteExact(long length, String unmasked, String masked) {
        assertHeader(length, false, unmasked);
        assertHeader(length, true, masked);
    }

    private static void assertHeader(long length, boolean masked, String expectedHex) {
        byte[] buf = new byte[20];
        java.util.Arrays.fill(buf, (byte) 0xee);
        int end = 16;
        int start = WebSocketProtocol.writeHeader(buf, end, 0x82, length, masked, 0x11223344);
        assertThat(HEX.formatHex(buf, start, end)).isEqualTo(expectedHex);
        assertThat(end - start).isEqualTo(WebSocketProtocol.headerSize(length, masked));
        // Nothing outside the header was touched.
        for (int i = 0; i < start; i++) {
            assertThat(buf[i]).isEqualTo((byte) 0xee);
        }
        for (int i = end; i < buf.length; i++) {
            assertThat(buf[i]).isEqualTo((byte) 0xee);
        }
    }

    @Test
    void headerNeverExceedsTheMaximum() {
        assertThat(WebSocketProtocol.headerSize(Long.MAX_VALUE, true)).isEqualTo(WebSocketProtocol.MAX_HEADER_SIZE);
        assertThat(WebSocketProtocol.headerSize(Long.MAX_VALUE, false))
                .isEqualTo(WebSocketProtocol.MAX_SERVER_HEADER_SIZE);
    }

    @Test
    void writesFlagsAndOpcodesAsGiven() {
        byte[] buf = new byte[14];
        int start = WebSocketProtocol.writeHeader(
                buf, 14, WebSocketProtocol.OPCODE_PING | WebSocketProtocol.B0_FLAG_FIN, 0, false, 0);
        assertThat(HEX.formatHex(buf, start, 14)).isEqualTo("8900");
        start = WebSocketProtocol.writeHeader(buf, 14, WebSocketProtocol.OPCODE_CONTINUATION, 5, false, 0);
        assertThat(HEX.formatHex(buf, start, 14)).isEqualTo("0005");
    }

    @Test
    void computesTheRfcAcceptKey() {
        // RFC 6455 section 1.3.
        assertThat(WebSocketProtocol.acceptKey("dGhlIHNhbXBsZSBub25jZQ==")).isEqualTo("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
    }

    @Test
    void validatesKeys() {
        assertThat(WebSocketProtocol.isValidKey("dGhlIHNhbXBsZSBub25jZQ==")).isTrue();
        assertThat(WebSocketProtocol.isValidKey(null)).isFalse();
        assertThat(WebSocketProtocol.isValidKey("")).isFalse();
        assertThat(WebSocketProtocol.isValidKey("dGhlIHNhbXBsZSBub25jZQ=")).isFalse(); // 23 chars
        assertThat(WebSocketProtocol.isValidKey("dGhlIHNhbXBsZSBub25jZQ===")).isFalse(); // 25 chars
        assertThat(WebSocketProtocol.isValidKey("dGhlIHNhbXBsZSBub25jZ!==")).isFalse(); // not base64
        assertThat(WebSocketProtocol.isValidKey("dGhlIHNhbXBsZSBub25jZQQQ")).isFalse(); // 18 bytes
    }
}
