package xmpp.storage.jdbc.internal;

import java.sql.SQLException;
import xmpp.core.stream.XmlParseException;
import xmpp.core.stream.XmlStreams;
import xmpp.core.xml.Element;

/** Stored XML back into elements. */
final class Xml {

    private Xml() {
    }

    /** Parses XML the server stored itself; unreadable XML means a damaged row, reported as a database error. */
    static Element parse(String xml) throws SQLException {
        try {
            return XmlStreams.parseElement(xml);
        } catch (XmlParseException e) {
            throw new SQLException("stored XML is unreadable (" + e.getMessage() + ")", e);
        }
    }
}
