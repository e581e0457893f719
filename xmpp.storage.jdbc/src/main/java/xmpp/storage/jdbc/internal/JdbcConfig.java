package xmpp.storage.jdbc.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration PID {@code xmpp.storage.jdbc} (file {@code etc/xmpp.storage.jdbc.cfg}). */
@ObjectClassDefinition(name = "XMPP storage over JDBC",
        description = "Where accounts, rosters, offline messages, private XML and vCards are kept.")
public @interface JdbcConfig {

    String PID = "xmpp.storage.jdbc";
    String H2_DRIVER_FILTER = "(osgi.jdbc.driver.class=org.h2.Driver)";

    @AttributeDefinition(description = "JDBC URL. Empty: an H2 database in the data folder (framework property xmpp.data, default ./data). "
            + "For PostgreSQL, e.g. jdbc:postgresql://127.0.0.1:5432/xmpp, and set dataSourceFactory.target too.")
    String url() default "";

    @AttributeDefinition(required = false)
    String user() default "";

    @AttributeDefinition(type = AttributeType.PASSWORD, required = false)
    String password() default "";

    @AttributeDefinition(description = "Which JDBC driver's DataSourceFactory service to use: "
            + "(osgi.jdbc.driver.class=org.h2.Driver) or (osgi.jdbc.driver.class=org.postgresql.Driver).")
    String dataSourceFactory_target() default H2_DRIVER_FILTER;

    @AttributeDefinition(description = "Connections in the pool.", min = "1")
    int pool_size() default 10;

    @AttributeDefinition(description = "Milliseconds to wait for a connection before a store call fails (and its stanza gets an error).", min = "250")
    long connection_timeout_ms() default 5_000;

    @AttributeDefinition(description = "PBKDF2 iterations for new SCRAM credentials (RFC 7677 asks for at least 4096).", min = "4096")
    int scram_iterations() default 4096;
}
