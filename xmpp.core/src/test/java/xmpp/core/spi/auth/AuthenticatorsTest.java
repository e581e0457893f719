package xmpp.core.spi.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import xmpp.core.auth.Authenticator;

/** Which authenticator serves a host, from the services' properties as they arrive. */
class AuthenticatorsTest {

    private final Authenticators registry = new Authenticators();
    private final Authenticator internal = named();
    private final Authenticator external = named();

    @Test
    void aHostOfItsOwnBeatsTheWildcardWhateverTheRanking() {
        registry.add(internal, Map.of(Authenticator.HOST, "*", "service.ranking", 100, "service.id", 1L));
        registry.add(external, Map.of(Authenticator.HOST, "ext.example", "service.id", 2L));
        assertEquals(Optional.of(external), registry.forHost("ext.example"));
        assertEquals(Optional.of(internal), registry.forHost("localhost"));
    }

    @Test
    void hostsComeAsACommaSeparatedCfgValueAnArrayOrACollectionAndMayRepeat() {
        registry.add(external, Map.of(Authenticator.HOST, "a.example, b.example", "service.id", 1L));
        registry.add(internal, Map.of(Authenticator.HOST, List.of("c.example", "c.example"), "service.id", 2L));
        assertEquals(Optional.of(external), registry.forHost("a.example"));
        assertEquals(Optional.of(external), registry.forHost("b.example"));
        assertEquals(Optional.of(internal), registry.forHost("c.example"));
        assertEquals(Optional.empty(), registry.forHost("d.example"));
    }

    @Test
    void withoutAHostPropertyAnAuthenticatorServesEveryHost() {
        registry.add(internal, Map.of("service.id", 1L));
        assertEquals(Optional.of(internal), registry.forHost("anything.example"));
        registry.remove(internal);
        assertEquals(Optional.empty(), registry.forHost("anything.example"));
    }

    private static Authenticator named() {
        return new Authenticator() {
            @Override
            public boolean checkPassword(String user, String host, String password) {
                return false;
            }

            @Override
            public boolean userExists(String user, String host) {
                return false;
            }

            @Override
            public boolean setPassword(String user, String host, String password) {
                return false;
            }
        };
    }
}
