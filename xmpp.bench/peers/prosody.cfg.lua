-- Prosody (Debian's package) for bin/bench-peers: clients on 127.0.0.1:@PORT@ only, STARTTLS
-- offered but not required (the suite also measures logins without TLS), SCRAM-SHA-256 stored with
-- 4096 iterations as ours; without mod_limits (its default rate limit would measure itself), in
-- the foreground, data in the folder the script gives (PROSODY_DATA). The modules match what our
-- server runs (roster, presence, offline, disco, version, time, last, vCard, private, blocking,
-- carbons, PEP, MUC, ad-hoc and the XEP-0133 admin commands the suite makes its accounts with).
-- bin/bench-peers fills in @PORT@, @CERT@ and @KEY@.
daemonize = false
interfaces = { "127.0.0.1" }
c2s_ports = { @PORT@ }
s2s_ports = { }
c2s_require_encryption = false
allow_unencrypted_plain_auth = true
data_path = os.getenv("PROSODY_DATA")
admins = { "admin@localhost" }
authentication = "internal_hashed"
password_hash = "SHA-256"
default_iteration_count = 4096
modules_enabled = {
	"roster"; "saslauth"; "tls"; "disco"; "offline"; "version"; "time"; "lastactivity";
	"vcard_legacy"; "private"; "blocklist"; "carbons"; "pep"; "ping"; "admin_adhoc";
}
log = { warn = "*console" }
ssl = { certificate = "@CERT@"; key = "@KEY@" }
VirtualHost "localhost"
Component "conference.localhost" "muc"
