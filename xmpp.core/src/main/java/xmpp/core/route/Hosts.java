package xmpp.core.route;

import java.util.Set;
import org.osgi.annotation.versioning.ProviderType;

/** The domains this server serves (ejabberd's hosts), as configured; they may change at run time. */
@ProviderType
public interface Hosts {

    /** The served domains, normalized, in the order configured: the first is the primary domain. A snapshot. */
    Set<String> all();

    /** Whether {@code domain} (normalized, as a {@code Jid} has it) is served here. */
    boolean isServed(String domain);
}
