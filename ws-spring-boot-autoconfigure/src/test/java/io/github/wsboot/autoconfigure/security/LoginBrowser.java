package io.github.wsboot.autoconfigure.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import io.github.wsboot.websocket.testing.RawWsClient;

/**
 * A client with a cookie jar that logs in through Spring Security's form, as a browser does, and opens WebSockets
 * with its cookies (the container's {@code JSESSIONID} or Spring Session's {@code SESSION}).
 */
final class LoginBrowser {

    /** Signs {@code user} in (password "secret") and opens the endpoint, which greets with the user's name. */
    static Signed signInAndConnect(int port, String user) throws Exception {
        LoginBrowser browser = new LoginBrowser(port);
        browser.login(user, "secret");
        RawWsClient ws = browser.connect();
        assertThat(ws.readFrame().text()).isEqualTo(user);
        return new Signed(browser, ws);
    }

    /** A signed-in user's browser and WebSocket connection. */
    record Signed(LoginBrowser browser, RawWsClient ws) implements AutoCloseable {

        @Override
        public void close() throws IOException {
            ws.close();
        }
    }

    /** The test applications' users: each signs in with the password "secret" and has the role USER. */
    static UserDetailsService users(String... names) {
        return new InMemoryUserDetailsManager(Arrays.stream(names)
                .map(name -> User.withUsername(name)
                        .password("{noop}secret")
                        .roles("USER")
                        .build())
                .toList());
    }

    /** Signs in as form login does (redirect to "/"), giving {@code user}'s session a timeout of its own. */
    static AuthenticationSuccessHandler sessionTimeoutFor(String user, int seconds) {
        return (request, response, authentication) -> {
            if (authentication.getName().equals(user)) {
                request.getSession().setMaxInactiveInterval(seconds);
            }
            response.sendRedirect("/");
        };
    }

    private static final Pattern CSRF =
            Pattern.compile("name=\"_csrf\"[^>]*?value=\"([^\"]*)\"|value=\"([^\"]*)\"[^>]*?name=\"_csrf\"");

    private final int port;
    private final CookieManager cookies = new CookieManager();
    private final HttpClient http;

    LoginBrowser(int port) {
        this.port = port;
        this.http = HttpClient.newBuilder()
                .cookieHandler(cookies)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    void login(String user, String password) throws Exception {
        String token = csrf("/login");
        HttpResponse<String> response = post(
                "/login",
                "username=" + user + "&password=" + password + "&_csrf="
                        + URLEncoder.encode(token, StandardCharsets.UTF_8));
        assertThat(response.statusCode()).as("login redirect").isEqualTo(302);
        assertThat(response.headers().firstValue("Location").orElse("")).doesNotContain("error");
    }

    void logout() throws Exception {
        String token = csrf("/logout");
        HttpResponse<String> response = post("/logout", "_csrf=" + URLEncoder.encode(token, StandardCharsets.UTF_8));
        assertThat(response.statusCode()).as("logout redirect").isEqualTo(302);
    }

    /**
     * Whether the browser is still signed in: {@link Me} answers with the user's name, or Spring Security redirects
     * to the login page. (A page that does not exist would not tell: its error dispatch does not pass through
     * Spring Session's filter.)
     */
    boolean authenticated() throws Exception {
        HttpResponse<String> response =
                http.send(HttpRequest.newBuilder(uri("/me")).build(), HttpResponse.BodyHandlers.ofString());
        int status = response.statusCode();
        if (status == 200) {
            return true;
        }
        boolean toLogin = status == 302
                && response.headers().firstValue("Location").orElse("").contains("/login");
        assertThat(toLogin)
                .as(
                        "signed in: 200; not: a redirect to /login; was %s %s",
                        status, response.headers().map())
                .isTrue();
        return false;
    }

    /**
     * Waits until a request is no longer authenticated. A container ends a session in two steps: it tells the
     * session listeners (which close the connection at once) and then forgets the session, so a request sent the
     * moment the close arrives can still find it.
     */
    void awaitSignedOut(long timeoutMillis) throws Exception {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
        while (authenticated()) {
            assertThat(System.nanoTime() - deadline).as("still signed in").isNegative();
            Thread.sleep(50);
        }
    }

    /** The value of the session cookie {@code name}. */
    String cookie(String name) {
        return cookies.getCookieStore().getCookies().stream()
                .filter(c -> c.getName().equals(name))
                .map(HttpCookie::getValue)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + name + " cookie"));
    }

    /** Opens a WebSocket to {@code /live} with the browser's cookies. */
    RawWsClient connect() throws IOException {
        List<HttpCookie> jar = cookies.getCookieStore().getCookies();
        assertThat(jar).as("cookies after login").isNotEmpty();
        String cookie = jar.stream().map(c -> c.getName() + "=" + c.getValue()).collect(Collectors.joining("; "));
        RawWsClient ws = RawWsClient.handshake(port, "/live", Map.of("Cookie", cookie));
        assertThat(ws.status()).as("handshake with the session cookie").isEqualTo(101);
        return ws;
    }

    private String csrf(String page) throws Exception {
        HttpResponse<String> response =
                http.send(HttpRequest.newBuilder(uri(page)).build(), HttpResponse.BodyHandlers.ofString());
        Matcher m = CSRF.matcher(response.body());
        assertThat(m.find()).as("a CSRF token on %s: %s", page, response.body()).isTrue();
        return m.group(1) != null ? m.group(1) : m.group(2);
    }

    private HttpResponse<String> post(String path, String form) throws Exception {
        return http.send(
                HttpRequest.newBuilder(uri(path))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(form))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    /** {@code GET /me}: the signed-in user's name (register it as a bean). */
    @RestController
    static class Me {

        @GetMapping("/me")
        String me(Principal principal) {
            return principal.getName();
        }
    }
}
