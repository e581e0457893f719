package xmpp.core.storage;

import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;
import xmpp.core.jid.Jid;
import xmpp.core.xml.Element;

/** Private XML storage (XEP-0049): one element per owner and namespace. */
@ProviderType
public interface PrivateXmlStore {

    Optional<Element> get(Jid owner, String namespace) throws StorageException;

    /** Stores {@code element} under its own namespace ({@code xmlns}), replacing what was there. */
    void put(Jid owner, Element element) throws StorageException;
}
