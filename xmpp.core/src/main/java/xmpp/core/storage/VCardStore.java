package xmpp.core.storage;

import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;
import xmpp.core.jid.Jid;
import xmpp.core.xml.Element;

/** vCards (XEP-0054): one {@code <vCard xmlns='vcard-temp'/>} per account. */
@ProviderType
public interface VCardStore {

    Optional<Element> get(Jid owner) throws StorageException;

    void put(Jid owner, Element vcard) throws StorageException;
}
