package xmpp.core.route;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Several values of a service property, however they were written. */
class ServicePropertiesTest {

    @Test
    void aCommaSeparatedStringFromACfgFileIsSplitAndTrimmed() {
        assertEquals(List.of("a.example", "b.example"), ServiceProperties.strings("a.example, b.example"));
        assertEquals(List.of("a.example"), ServiceProperties.strings("a.example"));
    }

    @Test
    void arraysAndCollectionsFromAnnotationsAndRegistrationsAreTakenAsTheyAre() {
        assertEquals(List.of("local", "sm"), ServiceProperties.strings(new String[] {"local", "sm"}));
        assertEquals(List.of("local", "sm"), ServiceProperties.strings(List.of("local", "sm")));
        assertEquals(List.of("a", "b", "c"), ServiceProperties.strings(new String[] {"a,b", "c"}), "each element may hold commas too");
    }

    @Test
    void blanksAndRepeatsAreDroppedAndOrderKept() {
        assertEquals(List.of("b", "a"), ServiceProperties.strings(new String[] {"b", " ", "a", "b", ""}));
        assertEquals(List.of("x"), ServiceProperties.strings(Set.of("x")));
        assertEquals(List.of(), ServiceProperties.strings(",, ,"));
        assertEquals(List.of(), ServiceProperties.strings(null));
    }

    @Test
    void theFallbackStandsInForAMissingOrEmptyProperty() {
        assertEquals(List.of("*"), ServiceProperties.strings(Map.of(), "xmpp.host", "*"));
        assertEquals(List.of("*"), ServiceProperties.strings(Map.of("xmpp.host", ""), "xmpp.host", "*"));
        assertEquals(List.of("a", "b"), ServiceProperties.strings(Map.of("xmpp.host", "a,b"), "xmpp.host", "*"));
        assertEquals(List.of(), ServiceProperties.strings(Map.of(), "xmpp.hook"));
    }
}
