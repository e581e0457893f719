package xmpp.core.xml;

import java.util.Objects;
import org.osgi.annotation.versioning.ProviderType;

/**
 * One step of {@link Element#path(PathStep...)}: the seed's {@code {elem, Name}},
 * {@code {attr, Name}} and {@code cdata}.
 */
@ProviderType
public sealed interface PathStep {

    /** Go to the first child element called {@code name}; the seed's {@code {elem, Name}}. */
    static PathStep elem(String name) { return new Child(name); }

    /** The value of attribute {@code name}; the seed's {@code {attr, Name}}. Must be last. */
    static PathStep attr(String name) { return new Attr(name); }

    /** The element's character data; the seed's {@code cdata}. Must be last. */
    static PathStep cdata() { return Cdata.INSTANCE; }

    record Child(String name) implements PathStep {
        public Child { Objects.requireNonNull(name, "name"); }
    }

    record Attr(String name) implements PathStep {
        public Attr { Objects.requireNonNull(name, "name"); }
    }

    enum Cdata implements PathStep { INSTANCE }
}
