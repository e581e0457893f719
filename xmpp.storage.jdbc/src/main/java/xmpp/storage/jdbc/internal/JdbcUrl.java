package xmpp.storage.jdbc.internal;

import java.util.regex.Pattern;

/** A database URL as it may be shown: in log lines and errors, with any password in it replaced by {@code ***}. */
final class JdbcUrl {

    // password=, sslpassword=, trustStorePassword=, pwd= ... up to the next & or ; (PostgreSQL, MySQL, H2, SQL Server)
    private static final Pattern PASSWORD_PARAMETER = Pattern.compile("(?i)([?&;]\\s*(?:\\w*password|pwd)\\s*=)[^&;]*");
    // jdbc:mysql://user:secret@host/...
    private static final Pattern USER_INFO = Pattern.compile("(//[^/@:?;]*:)[^/@]*@");

    private JdbcUrl() {
    }

    static String shown(String url) {
        String withoutParameters = PASSWORD_PARAMETER.matcher(url).replaceAll("$1***");
        return USER_INFO.matcher(withoutParameters).replaceFirst("$1***@");
    }
}
