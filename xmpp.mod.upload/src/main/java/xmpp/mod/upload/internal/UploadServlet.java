package xmpp.mod.upload.internal;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
import xmpp.mod.upload.internal.FileStore.StoredFile;

/**
 * The HTTP side of XEP-0363 at {@code <path>/<slot id>/<name>}: PUT stores a slot's file, GET
 * and HEAD serve it. Files are served so that a browser never runs them: types a browser would
 * render as a page or script come as attachments, and nothing is sniffed.
 */
final class UploadServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    /** Types shown inline: pictures, sound and video a chat shows in place, and plain text. Anything else is an attachment. */
    private static final Set<String> INLINE = Set.of("image/png", "image/jpeg", "image/gif", "image/webp", "image/avif", "image/heic",
            "audio/mpeg", "audio/ogg", "audio/opus", "audio/mp4", "audio/aac", "audio/webm", "video/mp4", "video/webm", "video/ogg",
            "video/quicktime", "text/plain");

    private final transient Uploads uploads;

    UploadServlet(Uploads uploads) {
        this.uploads = uploads;
    }

    @Override
    protected void doPut(HttpServletRequest request, HttpServletResponse response) throws IOException {
        allowOtherOrigins(response);
        Optional<String> id = slotId(request);
        if (id.isEmpty()) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND, "no such upload slot");
            return;
        }
        Uploads.Outcome outcome;
        try (InputStream body = request.getInputStream()) {
            outcome = uploads.put(id.get(), request.getHeader("Authorization"), request.getContentLengthLong(), body);
        }
        if (outcome.status() == HttpServletResponse.SC_CREATED) response.setStatus(outcome.status());
        else {
            // The body is not read: close the connection rather than drain what may be gigabytes.
            response.setHeader("Connection", "close");
            response.sendError(outcome.status(), outcome.reason());
        }
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        serve(request, response, true);
    }

    @Override
    protected void doHead(HttpServletRequest request, HttpServletResponse response) throws IOException {
        serve(request, response, false);
    }

    @Override
    protected void doOptions(HttpServletRequest request, HttpServletResponse response) {
        allowOtherOrigins(response);
        response.setHeader("Access-Control-Allow-Methods", "GET, HEAD, PUT, OPTIONS");
        response.setHeader("Access-Control-Allow-Headers", "Authorization, Content-Type");
        response.setHeader("Access-Control-Max-Age", "86400");
        response.setStatus(HttpServletResponse.SC_NO_CONTENT);
    }

    private void serve(HttpServletRequest request, HttpServletResponse response, boolean withBody) throws IOException {
        allowOtherOrigins(response);
        Optional<StoredFile> file = slotId(request).flatMap(uploads::find);
        if (file.isEmpty()) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND, "no such file, or it has expired");
            return;
        }
        StoredFile f = file.get();
        response.setContentType(f.contentType());
        response.setContentLengthLong(f.size());
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Content-Security-Policy", "default-src 'none'; media-src 'self'; img-src 'self'; sandbox");
        response.setHeader("Content-Disposition", disposition(f));
        response.setHeader("Cache-Control", "private, max-age=" + uploads.limits().expiry().toSeconds());
        if (!withBody) return;
        try (InputStream in = uploads.open(f)) {
            in.transferTo(response.getOutputStream());
        }
    }

    static String disposition(StoredFile f) {
        String kind = INLINE.contains(f.contentType()) ? "inline" : "attachment";
        return kind + "; filename*=UTF-8''" + URLEncoder.encode(f.name(), StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static void allowOtherOrigins(HttpServletResponse response) {
        response.setHeader("Access-Control-Allow-Origin", "*");   // web clients upload from their own origin
    }

    /** The slot id, the first segment after the servlet's path. */
    private static Optional<String> slotId(HttpServletRequest request) {
        String info = request.getPathInfo();
        if (info == null || info.length() < 2) return Optional.empty();
        String id = info.substring(1).split("/", 2)[0];
        return Uploads.isId(id) ? Optional.of(id) : Optional.empty();
    }
}
