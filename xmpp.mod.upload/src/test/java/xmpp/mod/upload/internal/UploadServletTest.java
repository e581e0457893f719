package xmpp.mod.upload.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import xmpp.core.jid.Jid;

class UploadServletTest {

    static String disposition(String type) {
        return UploadServlet.disposition(new FileStore.StoredFile("id", Jid.of("juliet@localhost"), "a b.x", type, 1, Instant.EPOCH));
    }

    @Test
    void typesABrowserWouldRunOrRenderAsAPageComeAsAttachments() {
        for (String type : new String[] {"text/html", "image/svg+xml", "application/xhtml+xml", "text/xml", "application/javascript",
                "application/pdf", "application/octet-stream"})
            assertEquals("attachment; filename*=UTF-8''a%20b.x", disposition(type), type);
    }

    @Test
    void picturesSoundVideoAndPlainTextAreShownInPlace() {
        for (String type : new String[] {"image/jpeg", "image/png", "video/mp4", "audio/ogg", "text/plain"})
            assertEquals("inline; filename*=UTF-8''a%20b.x", disposition(type), type);
    }
}
