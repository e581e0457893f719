package xmpp.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.igniterealtime.smack.inttest.FailedTest;
import org.igniterealtime.smack.inttest.SmackIntegrationTestFramework.TestRunResult;
import org.jivesoftware.smack.roster.RosterIntegrationTest;
import org.jivesoftware.smackx.iqregister.AccountManager;
import org.junit.After;
import org.junit.Test;

/**
 * Smack's own integration suite for RFC 6121 rosters and subscriptions (its
 * {@code RosterIntegrationTest}) with the accounts the suite registers and removes itself
 * through XEP-0077 in-band registration (its inBandRegistration mode). Its serviceAdministration
 * mode runs in {@link SmackComplianceIT}, with the rest of the suite.
 */
public class SmackSuiteIT {

    private ServerProcess server;

    @After
    public void stop() throws Exception {
        if (server != null) server.close();
    }

    @Test
    public void smacksRosterSuitePassesWithAccountsRegisteredInBand() throws Exception {
        SintRun.requirePort5222();
        server = new ServerProcess();
        server.configure("xmpp.c2s-default.cfg", "port", "5222");
        var register = server.home.resolve("etc/xmpp.mod.register-default.cfg");
        Files.writeString(register, Files.readString(register).replace("in.band=false", "in.band=true").replace("per.address=3", "per.address=100"));
        server.started();
        // The suite runs over plain text (allowed from loopback), where Smack refuses to send passwords unless told.
        AccountManager.sensitiveOperationOverInsecureConnectionDefault(true);
        TestRunResult result;
        try {
            result = new SintRun("accountRegistration", "inBandRegistration")
                    .with("enabledTests", RosterIntegrationTest.class.getSimpleName()).run();
        } finally {
            AccountManager.sensitiveOperationOverInsecureConnectionDefault(false);
        }
        // Judged as SmackComplianceIT judges the whole suite: a listed test is one of SINT's own races (its proof is in the list).
        Set<String> gaps = SmackComplianceIT.knownGaps(Path.of(System.getProperty("project.root"), "xmpp.itest/compliance/known-gaps.txt"));
        List<FailedTest> listed = result.getFailedTests().stream().filter(f -> SmackComplianceIT.listed(gaps, SintRun.name(f))).toList();
        String failed = result.getFailedTests().stream().filter(f -> !listed.contains(f))
                .map(f -> f.concreteTest + ": " + SintRun.causes(f.failureReason)).collect(Collectors.joining("\n"));
        assertEquals("failed outside compliance/known-gaps.txt:\n" + failed, "", failed);
        assertTrue("impossible: " + result.getImpossibleTestClasses(), result.getImpossibleTestClasses().isEmpty());
        assertTrue("not possible: " + result.getNotPossibleTests(), result.getNotPossibleTests().isEmpty());
        assertEquals("every test of the suite ran and passed, but for a listed race", result.getNumberOfAvailableTests(),
                result.getSuccessfulTests().size() + listed.size());
        assertTrue(result.getSuccessfulTests().size() >= 7);
        assertEquals("the suite removed the accounts it registered (XEP-0077)", List.of("admin"), SintRun.accounts(server));
    }
}
