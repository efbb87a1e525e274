package io.github.wsboot.sample.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import io.github.wsboot.autoconfigure.server.ConnectionTracker;
import io.github.wsboot.sample.browser.Chromium;
import io.github.wsboot.websocket.CloseCodes;
import io.github.wsboot.websocket.MessageType;
import io.github.wsboot.websocket.WebSockets;

/**
 * The chat page in two real headless Chromium sessions: both join a room, see each other in the presence list,
 * exchange messages; one leaves and the other's presence updates; a server-side disconnect is healed by the
 * page's reconnect with backoff.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ChatBrowserTests {

    @LocalServerPort
    int port;

    @Autowired
    ConnectionTracker connections;

    private ChromeDriver alice;
    private ChromeDriver bob;

    @BeforeEach
    void startBrowsers() throws Exception {
        Chromium.assumeInstalledOrFailInCi();
        alice = Chromium.start();
        bob = Chromium.start();
    }

    @AfterEach
    void quitBrowsers() {
        for (ChromeDriver browser : new ChromeDriver[] {alice, bob}) {
            if (browser != null) {
                browser.quit();
            }
        }
    }

    @Test
    void twoBrowsersChatAndSeeEachOtherComeAndGo() throws Exception {
        joinWithForm(alice, "alice", "browsers");
        waitForPresence(alice, List.of("alice"));
        bob.get(base() + "/?room=browsers&nick=bob"); // the page joins at once with these parameters
        waitForPresence(alice, List.of("alice", "bob"));
        waitForPresence(bob, List.of("alice", "bob"));

        say(alice, "hello bob");
        waitForMessage(bob, "alice", "hello bob");
        waitForMessage(alice, "alice", "hello bob");
        say(bob, "hi alice <b>not bold</b>");
        waitForMessage(alice, "bob", "hi alice <b>not bold</b>"); // text, never HTML
        Chromium.screenshot(alice, "chat");

        bob.findElement(By.id("leave-button")).click();
        waitForPresence(alice, List.of("alice"));
        assertThat(texts(alice, "#messages li.event")).contains("bob joined", "bob left");
        assertThat(bob.findElement(By.id("status")).getText()).isEqualTo("not connected");
    }

    @Test
    void thePageReconnectsWhenTheServerDropsTheConnection() throws Exception {
        alice.get(base() + "/?room=restart&nick=alice");
        waitForPresence(alice, List.of("alice"));

        // Every /chat connection gets 1012 (service restart), as a rolling deployment would do.
        connections.snapshot().stream()
                .filter(e -> e.pathPattern().equals("/chat"))
                .forEach(e -> {
                    try {
                        e.conn()
                                .writeControl(
                                        MessageType.CLOSE,
                                        WebSockets.formatCloseMessage(CloseCodes.SERVICE_RESTART, "restarting"),
                                        Instant.now().plusSeconds(5));
                    } catch (Exception ignored) {
                        // already closing
                    }
                });
        new WebDriverWait(alice, Duration.ofSeconds(10))
                .until(b ->
                        texts(b, "#messages li.event").contains("connection lost (1012: restarting); reconnecting"));
        new WebDriverWait(alice, Duration.ofSeconds(20))
                .until(b -> b.findElement(By.id("status")).getText().equals("connected"));
        waitForPresence(alice, List.of("alice"));
        say(alice, "back again");
        waitForMessage(alice, "alice", "back again");
    }

    @Test
    void anInvalidNicknameIsRefusedWithoutRetrying() throws Exception {
        alice.get(base() + "/?room=browsers&nick=" + "x".repeat(40));
        new WebDriverWait(alice, Duration.ofSeconds(10))
                .until(b -> texts(b, "#messages li.event").stream().anyMatch(t -> t.startsWith("refused: nick")));
        assertThat(alice.findElement(By.id("status")).getText()).isEqualTo("not connected");
    }

    private String base() {
        return "http://localhost:" + port;
    }

    private void joinWithForm(ChromeDriver browser, String nick, String room) {
        browser.get(base() + "/");
        browser.findElement(By.id("nick")).sendKeys(nick);
        WebElement roomField = browser.findElement(By.id("room"));
        roomField.clear();
        roomField.sendKeys(room);
        browser.findElement(By.id("join-button")).click();
    }

    private static void say(ChromeDriver browser, String text) {
        new WebDriverWait(browser, Duration.ofSeconds(10))
                .until(b -> b.findElement(By.id("text")).isEnabled());
        browser.findElement(By.id("text")).sendKeys(text);
        browser.findElement(By.id("send-button")).click();
    }

    private static void waitForPresence(ChromeDriver browser, List<String> members) {
        new WebDriverWait(browser, Duration.ofSeconds(15))
                .until(b -> texts(b, "#presence li").equals(members));
    }

    private static void waitForMessage(ChromeDriver browser, String from, String text) {
        new WebDriverWait(browser, Duration.ofSeconds(15))
                .until(b -> texts(b, "#messages li.message").contains(from + ": " + text));
    }

    /**
     * The texts of the matching elements, read in one script so that a list the page re-renders meanwhile cannot
     * go stale under us; a chat line reads {@code "from: text"}.
     */
    @SuppressWarnings("unchecked")
    private static List<String> texts(org.openqa.selenium.WebDriver browser, String css) {
        return (List<String>) ((ChromeDriver) browser)
                .executeScript(
                        "return [...document.querySelectorAll(arguments[0])].map(e => {"
                                + " const from = e.querySelector('b'), text = e.querySelector('span');"
                                + " return from ? from.textContent + ': ' + text.textContent : (text || e).textContent; });",
                        css);
    }
}
