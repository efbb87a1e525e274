package io.github.wsboot.websocket.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AsciiCaseTest {

    @Test
    void foldsAsciiLettersOnly() {
        assertThat(AsciiCase.equalsIgnoreCase("WebSocket", "websocket")).isTrue();
        assertThat(AsciiCase.equalsIgnoreCase("Example.COM:8080", "example.com:8080"))
                .isTrue();
        // String.equalsIgnoreCase says true to each of these.
        assertThat("öyster".equalsIgnoreCase("Öyster")).isTrue();
        assertThat(AsciiCase.equalsIgnoreCase("öyster", "Öyster")).isFalse();
        assertThat(AsciiCase.equalsIgnoreCase("websoc\u212Aet", "websocket")).isFalse(); // Kelvin sign
        assertThat(AsciiCase.equalsIgnoreCase("permessage-deflate", "permessage-deflate"))
                .isTrue();
        assertThat(AsciiCase.equalsIgnoreCase("Sec-WebSocket-Exten\u017Fions", "Sec-WebSocket-Extensions"))
                .isFalse();
        assertThat(AsciiCase.equalsIgnoreCase("a", "ab")).isFalse();
        assertThat(AsciiCase.equalsIgnoreCase(null, "a")).isFalse();
    }

    @Test
    void lowersAsciiCapitalsOnly() {
        assertThat(AsciiCase.toLowerCase("Client_Max_Window_Bits")).isEqualTo("client_max_window_bits");
        assertThat(AsciiCase.toLowerCase("\u212A")).isEqualTo("\u212A");
        String unchanged = "already lower";
        assertThat(AsciiCase.toLowerCase(unchanged)).isSameAs(unchanged);
    }
}
