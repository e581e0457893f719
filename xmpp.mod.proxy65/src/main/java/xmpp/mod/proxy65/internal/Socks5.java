package xmpp.mod.proxy65.internal;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The part of SOCKS5 (RFC 1928) that XEP-0065 section 6.3 uses: no authentication, then one
 * CONNECT to a "domain name" that is the session's hash, to port 0. Nothing else is accepted.
 */
final class Socks5 {

    private static final int VERSION = 5;
    private static final int NO_AUTHENTICATION = 0;
    private static final int NO_ACCEPTABLE_METHOD = 0xFF;
    private static final int CONNECT = 1;
    private static final int DOMAIN_NAME = 3;
    private static final int SUCCEEDED = 0;
    private static final int COMMAND_NOT_SUPPORTED = 7;
    private static final int ADDRESS_TYPE_NOT_SUPPORTED = 8;

    private Socks5() {
    }

    /**
     * Reads the client's greeting and request, answers the greeting, and returns the address the
     * request asks for: the hash of XEP-0065 section 5.3.2. The request is answered by {@link #confirm}.
     *
     * @throws IOException when the client does not speak XEP-0065's SOCKS5; it has been told, if
     *         SOCKS5 has a way to tell it
     */
    static String request(InputStream input, OutputStream out) throws IOException {
        DataInputStream in = new DataInputStream(input);
        expectVersion(in.readUnsignedByte());
        byte[] methods = new byte[in.readUnsignedByte()];
        in.readFully(methods);
        boolean noAuthentication = false;
        for (byte m : methods) noAuthentication |= m == NO_AUTHENTICATION;
        out.write(new byte[] {VERSION, (byte) (noAuthentication ? NO_AUTHENTICATION : NO_ACCEPTABLE_METHOD)});
        out.flush();
        if (!noAuthentication) throw new IOException("the client offers no method without authentication");

        expectVersion(in.readUnsignedByte());
        int command = in.readUnsignedByte();
        in.readUnsignedByte();   // reserved
        int addressType = in.readUnsignedByte();
        if (addressType != DOMAIN_NAME) {
            refuse(out, ADDRESS_TYPE_NOT_SUPPORTED);
            throw new IOException("address type " + addressType + " where XEP-0065 sends a hash as a domain name (3)");
        }
        byte[] address = new byte[in.readUnsignedByte()];
        in.readFully(address);
        in.readUnsignedShort();  // port: 0 in XEP-0065
        if (command != CONNECT) {
            refuse(out, COMMAND_NOT_SUPPORTED);
            throw new IOException("command " + command + " where XEP-0065 sends CONNECT (1)");
        }
        return new String(address, StandardCharsets.US_ASCII);
    }

    /** Tells the client its CONNECT to {@code hash} succeeded. */
    static void confirm(OutputStream out, String hash) throws IOException {
        out.write(reply(SUCCEEDED, hash.getBytes(StandardCharsets.US_ASCII)));
        out.flush();
    }

    private static void expectVersion(int version) throws IOException {
        if (version != VERSION) throw new IOException("SOCKS version " + version + ", not 5");
    }

    private static void refuse(OutputStream out, int reason) throws IOException {
        out.write(reply(reason, new byte[0]));
        out.flush();
    }

    private static byte[] reply(int status, byte[] address) {
        byte[] reply = new byte[7 + address.length];
        reply[0] = VERSION;
        reply[1] = (byte) status;
        reply[3] = DOMAIN_NAME;
        reply[4] = (byte) address.length;
        System.arraycopy(address, 0, reply, 5, address.length);
        return reply;   // the port, the last two bytes, is 0
    }
}
