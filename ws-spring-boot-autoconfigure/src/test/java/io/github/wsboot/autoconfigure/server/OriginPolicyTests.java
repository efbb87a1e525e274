package io.github.wsboot.autoconfigure.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
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

    @Test
    void defaultIsGorillasSameOriginCheckNeverAllowAll() {
        OriginPolicy policy = new OriginPolicy(List.of());
        assertThat(policy.test(request("app.example:8080", null))).isTrue();
        assertThat(policy.test(request("app.example:8080", "https://app.example:8080")))
                .isTrue();
        assertThat(policy.test(request("app.example:8080", "https://APP.example:8080")))
                .isTrue();
        assertThat(policy.test(request("app.example:8080", "https://app.example")))
                .isFalse();
        assertThat(policy.test(request("app.example:8080", "https://evil.example")))
                .isFalse();
        assertThat(policy.test(request("app.example:8080", "null"))).isFalse();
    }

    @Test
    void patternsWidenTheSameOriginRule() {
        OriginPolicy policy = new OriginPolicy(List.of("https://*.partner.example", "https://ops.example:[8443,9443]"));
        assertThat(policy.test(request("app.example", "https://a.partner.example")))
                .isTrue();
        assertThat(policy.test(request("app.example", "http://a.partner.example")))
                .isFalse();
        assertThat(policy.test(request("app.example", "https://ops.example:9443")))
                .isTrue();
        assertThat(policy.test(request("app.example", "https://ops.example:8080")))
                .isFalse();
        assertThat(policy.test(request("app.example", "https://app.example"))).isTrue();
    }
}
