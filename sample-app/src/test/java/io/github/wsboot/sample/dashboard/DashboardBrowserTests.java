package io.github.wsboot.sample.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import io.github.wsboot.sample.SampleAppTest;
import io.github.wsboot.sample.browser.Chromium;
import io.github.wsboot.test.WebSocketTestClient;
import io.github.wsboot.test.WebSocketTestConnection;

/**
 * {@code /dashboard.html} in headless Chromium draws live, non-empty charts from the actuator while traffic flows,
 * over a rolling minute whose axis is labelled with wall-clock times.
 */
@SampleAppTest
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class DashboardBrowserTests {

    @LocalServerPort
    int port;

    @Autowired
    WebSocketTestClient client;

    private ChromeDriver browser;

    @BeforeEach
    void startBrowser() throws Exception {
        Chromium.assumeInstalledOrFailInCi();
        browser = Chromium.start();
    }

    @AfterEach
    void quitBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void chartsShowConnectionsAndMessageRatesOfLiveTraffic() throws Exception {
        AtomicBoolean running = new AtomicBoolean(true);
        Thread traffic = new Thread(
                () -> {
                    try (WebSocketTestConnection echo = client.connect("/echo")) {
                        while (running.get()) {
                            echo.sendText("ping from the dashboard test").expectText();
                            Thread.sleep(5);
                        }
                    } catch (Exception e) {
                        if (running.get()) {
                            throw new IllegalStateException(e);
                        }
                    }
                },
                "echo-traffic");
        traffic.start();
        try {
            browser.get("http://localhost:" + port + "/dashboard.html");
            WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
            wait.until(b -> number(b, "return window.wsDashboard.points()") >= 4
                    && maxOf(b, "messages") > 0
                    && maxOf(b, "connections") >= 1);

            assertThat(browser.findElement(By.id("status")).getText()).isEqualTo("live");
            assertThat(browser.findElements(By.cssSelector(".chart canvas"))).hasSize(3);
            @SuppressWarnings("unchecked")
            List<String> endpoints = (List<String>) browser.executeScript("return window.wsDashboard.endpoints()");
            assertThat(endpoints).contains("/echo", "/json");
            assertThat(maxOf(browser, "bytes")).isPositive();
            @SuppressWarnings("unchecked")
            List<String> timeLabels = (List<String>) browser.executeScript("return window.wsDashboard.timeLabels()");
            assertThat(timeLabels)
                    .as("wall-clock labels of the time axis")
                    .isNotEmpty()
                    .allMatch(label -> label.matches("\\d\\d:\\d\\d:\\d\\d"), "HH:MM:SS");
            @SuppressWarnings("unchecked")
            List<Number> range = (List<Number>) browser.executeScript("return window.wsDashboard.timeRange()");
            assertThat(range.get(1).doubleValue() - range.get(0).doubleValue())
                    .as("seconds on the time axis")
                    .isCloseTo(60.0, within(0.001));
            assertThat(browser.findElement(By.cssSelector("#totals tbody")).getText())
                    .contains("/echo");
            Chromium.screenshot(browser, "dashboard");
        } finally {
            running.set(false);
            traffic.join(10_000);
        }
    }

    /** The largest value the chart {@code key} holds for {@code /echo}. */
    private static double maxOf(org.openqa.selenium.WebDriver browser, String key) {
        return number(
                browser,
                "const v = window.wsDashboard.latest('" + key + "', '/echo');"
                        + " return v.length ? Math.max(...v) : 0;");
    }

    private static double number(org.openqa.selenium.WebDriver browser, String script) {
        Object value = ((ChromeDriver) browser).executeScript(script);
        return value == null ? 0 : ((Number) value).doubleValue();
    }
}
