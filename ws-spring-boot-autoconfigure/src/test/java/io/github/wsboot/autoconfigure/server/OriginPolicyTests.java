package io.github.wsboot.autoconfigure.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.mock.web.MockHttpServletRequest;

class OriginPolicyTests {

    private static MockHttpServletRequest request(String host, String origin) {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/ws");
        request.addHeader("Host", host);
        if (origin != null) {
            request.addHeader("Origin", origin);
        }
        return request;
    }

    /** No patterns: gorilla's same-origin check, never allow-all. An empty origin column sends no Origin. */
    @ParameterizedTest(name = "Host {0}, Origin {1}: {2}")
    @CsvSource({
        "app.example:8080, , true",
        "app.example:8080, https://app.example:8080, true",
        "app.example:8080, https://APP.example:8080, true",
        "app.example:8080, https://app.example, false",
        "app.example:8080, https://evil.example, false",
        "app.example:8080, null, false"
    })
    void defaultIsGorillasSameOriginCheckNeverAllowAll(String host, String origin, boolean allowed) {
        OriginPolicy policy = new OriginPolicy(List.of());
        assertThat(policy.test(request(host, origin))).isEqualTo(allowed);
    }

    @ParameterizedTest(name = "Origin {0}: {1}")
    @CsvSource({
        "https://a.partner.example, true",
        "http://a.partner.example, false",
        "https://ops.example:9443, true",
        "https://ops.example:8080, false",
        "https://app.example, true"
    })
    void patternsWidenTheSameOriginRule(String origin, boolean allowed) {
        OriginPolicy policy = new OriginPolicy(List.of("https://*.partner.example", "https://ops.example:[8443,9443]"));
        assertThat(policy.test(request("app.example", origin))).isEqualTo(allowed);
    }
}
