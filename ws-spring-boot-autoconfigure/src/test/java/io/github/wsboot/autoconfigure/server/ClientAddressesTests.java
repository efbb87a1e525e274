package io.github.wsboot.autoconfigure.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

/** Which address a handshake's client has, with and without trusted proxies. */
class ClientAddressesTests {

    @Test
    void withoutTrustedProxiesTheHeadersAreIgnored() {
        ClientAddresses addresses = new ClientAddresses(List.of());
        assertThat(addresses.of(request("10.0.0.5", "X-Forwarded-For", "203.0.113.9")))
                .isEqualTo("10.0.0.5");
        assertThat(addresses.of(request("10.0.0.5", "Forwarded", "for=203.0.113.9")))
                .isEqualTo("10.0.0.5");
    }

    @Test
    void behindTrustedProxiesTheNearestUntrustedHopIsTheClient() {
        ClientAddresses addresses = new ClientAddresses(List.of("10.0.0.0/8", "2001:db8::/32"));
        // client, then two of our proxies: the last hop before them is the client.
        assertThat(addresses.of(request("10.0.0.5", "X-Forwarded-For", "198.51.100.1, 203.0.113.9, 10.1.2.3")))
                .isEqualTo("203.0.113.9");
        assertThat(addresses.of(request(
                        "10.0.0.5", "Forwarded", "for=192.0.2.60;proto=http, for=\"[2001:db8:cafe::17]:4711\"")))
                .as("IPv6 hop of ours")
                .isEqualTo("192.0.2.60");
        assertThat(addresses.of(request("10.0.0.5", "Forwarded", "For=\"192.0.2.61:8080\"")))
                .isEqualTo("192.0.2.61");
        assertThat(addresses.of(request("10.0.0.5"))).as("no header").isEqualTo("10.0.0.5");
        assertThat(addresses.of(request("192.0.2.1", "X-Forwarded-For", "203.0.113.9")))
                .as("an untrusted peer")
                .isEqualTo("192.0.2.1");
    }

    @Test
    void entriesMustBeAddressesOrRanges() {
        assertThatIllegalArgumentException().isThrownBy(() -> new ClientAddresses(List.of("proxy.internal")));
        assertThatIllegalArgumentException().isThrownBy(() -> new ClientAddresses(List.of("10.0.0.0/40")));
        assertThat(new ClientAddresses(List.of("::1", "127.0.0.1/32"))).isNotNull();
    }

    private static MockHttpServletRequest request(String remote, String... header) {
        MockHttpServletRequest request = new MockHttpServletRequest();
        request.setRemoteAddr(remote);
        for (int i = 0; i + 1 < header.length; i += 2) {
            request.addHeader(header[i], header[i + 1]);
        }
        return request;
    }
}
