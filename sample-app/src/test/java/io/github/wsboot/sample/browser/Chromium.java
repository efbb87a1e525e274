package io.github.wsboot.sample.browser;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's headless Chromium driven through its own chromedriver (Selenium never downloads a browser here).
 * Without Chromium the browser tests are skipped with a message naming the install script; with {@code CI=true}
 * they fail instead, so CI cannot pass by skipping them.
 */
public final class Chromium {

    /** Installs Chromium and chromedriver (with the other test peers); CI runs it before the build. */
    public static final String INSTALL_SCRIPT = ".ci/install-test-peers";

    private static final Path BROWSER = Path.of(System.getProperty("chromium.binary", "/usr/bin/chromium"));
    private static final Path DRIVER = Path.of(System.getProperty("chromium.driver", "/usr/bin/chromedriver"));

    private Chromium() {}

    /** Skips the calling test when Chromium is missing, or fails it under {@code CI=true}. */
    public static void assumeInstalledOrFailInCi() {
        String problem = !Files.isExecutable(BROWSER)
                ? BROWSER + " not found"
                : !Files.isExecutable(DRIVER) ? DRIVER + " not found" : null;
        if (problem == null) {
            return;
        }
        String message = "BROWSER TESTS SKIPPED: headless Chromium is not available (" + problem + "); run "
                + INSTALL_SCRIPT + " to install it";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail(message + " (CI=true: browser tests must run)");
        }
        Assumptions.abort(message);
    }

    /** Starts a fresh headless browser with its own empty profile. The caller quits it. */
    public static ChromeDriver start() throws IOException {
        Path profile = Files.createTempDirectory("ws-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BROWSER.toString());
        // The flags keep Chromium off the network (the machine's network is closed) and fit it to a container.
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--window-size=1280,900",
                "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort()
                .withTimeout(Duration.ofSeconds(30))
                .build();
        return new ChromeDriver(service, options);
    }

    /**
     * Saves a screenshot under {@code target/screenshots}; with {@code -Dsample.screenshots=DIR} also into DIR
     * (the README's pictures in {@code docs/} are made that way).
     */
    public static void screenshot(ChromeDriver browser, String name) throws IOException {
        byte[] png = browser.getScreenshotAs(OutputType.BYTES);
        Path dir = Path.of("target", "screenshots");
        Files.createDirectories(dir);
        Files.write(dir.resolve(name + ".png"), png);
        String extra = System.getProperty("sample.screenshots");
        if (extra != null && !extra.isBlank()) {
            Path other = Path.of(extra);
            Files.createDirectories(other);
            Files.write(other.resolve(name + ".png"), png);
        }
    }
}
