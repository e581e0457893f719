package xmpp.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeTrue;
import static xmpp.itest.ServerProcess.eventually;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.iqversion.VersionManager;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;
import org.jxmpp.jid.impl.JidCreate;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web console in a real headless browser (Debian's chromium and chromium-driver, driven by
 * Selenium), against the exported server: a wrong password and an account outside the admin list
 * refused; an admin's bundles, components, a module's configuration form (an option changed there
 * and applied, seen by a Smack client), and the XMPP page showing a connected Smack client, who is
 * kicked and gone. Screenshots in target/screenshots (the README's come from here).
 */
public class WebConsoleBrowserIT {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path DRIVER = Path.of("/usr/bin/chromedriver");

    private static ServerProcess server;
    private static WebDriver browser;
    private static WebDriverWait waiting;
    private static Path screenshots;

    @BeforeClass
    public static void start() throws Exception {
        boolean installed = Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER);
        // bin/test installs both, so in CI their absence is a failure; a developer's machine without them skips.
        if (System.getenv("CI") != null && !installed) throw new AssertionError("CI must run bin/test as root, which installs chromium and chromium-driver");
        assumeTrue("chromium and chromium-driver are not installed (apt-get install chromium chromium-driver)", installed);
        server = new ServerProcess().started();
        screenshots = Files.createDirectories(Path.of(System.getProperty("screenshots.dir")));
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile())
                .addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,1000", "--lang=en");
        browser = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile()).usingAnyFreePort().build(), options);
        waiting = new WebDriverWait(browser, Duration.ofSeconds(20));
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        java.net.URI bundles = java.net.URI.create("http://127.0.0.1:" + server.httpPort + "/system/console/bundles");
        eventually(() -> http.send(java.net.http.HttpRequest.newBuilder(bundles).build(), java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode(),
                s -> s == 401);   // the console and its security provider are up
    }

    @AfterClass
    public static void stop() throws Exception {
        if (browser != null) browser.quit();
        if (server != null) server.close();
    }

    private static String url(String user, String password, String path) {
        return "http://" + user.replace("@", "%40") + ":" + password + "@127.0.0.1:" + server.httpPort + "/system/console" + path;
    }

    private static void shoot(String name) throws Exception {
        Files.write(screenshots.resolve(name + ".png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    }

    @Test
    public void theConsoleInABrowser() throws Exception {
        // Refusals first: once the admin is in, the browser keeps her credentials for the origin.
        browser.get(url(WebConsoleIT.ADMIN, "wrong", "/bundles"));
        shoot("01-wrong-password");
        assertFalse("a wrong password shows no console", browser.getPageSource().contains("appRoot"));
        String plain = server.newUser("browser");
        browser.get(url(plain + "@localhost", "pw", "/bundles"));
        shoot("02-not-an-admin");
        assertFalse("an account outside the admin list sees no console", browser.getPageSource().contains("appRoot"));
        assertTrue(browser.getPageSource().contains("403"));

        browser.get(url(WebConsoleIT.ADMIN, WebConsoleIT.ADMIN_PASSWORD, "/bundles"));
        waiting.until(ExpectedConditions.textToBePresentInElementLocated(By.id("plugin_table"), "xmpp.router"));
        shoot("03-bundles");

        browser.get(url(WebConsoleIT.ADMIN, WebConsoleIT.ADMIN_PASSWORD, "/components"));
        waiting.until(ExpectedConditions.textToBePresentInElementLocated(By.id("plugin_table"), "xmpp.webconsole.internal.XmppPlugin"));
        shoot("04-components");

        editAModulesOptionInItsForm();
        kickAConnectedClient();
    }

    /** hide.os of the version module, through its metatype form: a client's version query no longer shows the OS. */
    private void editAModulesOptionInItsForm() throws Exception {
        XMPPTCPConnection client = server.available(server.newUser("asker"), "desk");
        try {
            VersionManager versions = VersionManager.getInstanceFor(client);
            assertTrue("the OS is shown as shipped", versions.getVersion(JidCreate.from("localhost")).getOs() != null);
            browser.get(url(WebConsoleIT.ADMIN, WebConsoleIT.ADMIN_PASSWORD, "/configMgr"));
            WebElement row = waiting.until(ExpectedConditions.elementToBeClickable(By.xpath("//tr[contains(., 'xmpp.mod.version~default')]//td[contains(@class,'name') or position()=2]")));
            row.click();
            WebElement hideOs = waiting.until(ExpectedConditions.presenceOfElementLocated(By.name("hide.os")));
            shoot("05-module-configuration-form");
            if (!hideOs.isSelected()) hideOs.click();
            browser.findElement(By.xpath("//div[contains(@class,'ui-dialog')]//button[normalize-space()='Save']")).click();
            eventually(() -> versions.getVersion(JidCreate.from("localhost")).getOs(), os -> os == null);
            assertNull(versions.getVersion(JidCreate.from("localhost")).getOs());
        } finally {
            client.disconnect();
        }
    }

    private void kickAConnectedClient() throws Exception {
        String user = server.newUser("kicked");
        XMPPTCPConnection client = server.available(user, "laptop");
        String full = user + "@localhost/laptop";
        browser.get(url(WebConsoleIT.ADMIN, WebConsoleIT.ADMIN_PASSWORD, "/xmpp"));
        WebElement sessions = waiting.until(ExpectedConditions.presenceOfElementLocated(By.id("xmpp-session-table")));
        assertTrue("the connected client on the sessions table", sessions.getText().contains(full));
        waiting.until(d -> !d.findElement(By.id("xmpp-rate")).getText().equals("-"));   // the live counters polled twice
        shoot("06-xmpp-sessions");
        browser.findElement(By.xpath("//tr[td[text()='" + full + "']]//input[@value='Kick']")).click();
        waiting.until(ExpectedConditions.presenceOfElementLocated(By.id("xmpp-done")));
        eventually(client::isConnected, connected -> !connected);
        browser.navigate().refresh();
        waiting.until(ExpectedConditions.presenceOfElementLocated(By.id("xmpp-session-table")));
        assertFalse("gone from the sessions table", browser.findElement(By.id("xmpp-session-table")).getText().contains(full));
        shoot("07-xmpp-kicked");
        assertEquals(0, browser.findElements(By.id("xmpp-failed")).size());
    }
}
