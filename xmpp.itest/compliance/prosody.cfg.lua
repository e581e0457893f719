-- Prosody 0.12.3 (Debian bookworm) for the SINT comparison in COMPLIANCE.md: Debian's shipped
-- /etc/prosody/prosody.cfg.lua with its comments removed, and: admin@localhost an admin (SINT
-- makes its accounts through the XEP-0133 commands of mod_admin_adhoc); clients on 127.0.0.1:5222
-- only, without required encryption (SINT runs with securityMode=disabled against every server);
-- no s2s port; no rate limits (the suite is not a denial of service); without mod_posix, in the
-- foreground, logging to the console, data in the folder run-peer.sh gives (PROSODY_DATA); a MUC
-- component conference.localhost, as ejabberd's default configuration has one. See run-peer.sh.
daemonize = false
interfaces = { "127.0.0.1" }
c2s_ports = { 5222 }
s2s_ports = { }
c2s_require_encryption = false
allow_unencrypted_plain_auth = true
data_path = os.getenv("PROSODY_DATA")
admins = { "admin@localhost" }
plugin_paths = { "/usr/local/lib/prosody/modules" }
modules_enabled = {
		"disco"; -- Service discovery
		"roster"; -- Allow users to have a roster. Recommended ;)
		"saslauth"; -- Authentication for clients and servers. Recommended if you want to log in.
		"tls"; -- Add support for secure TLS on c2s/s2s connections
		"blocklist"; -- Allow users to block communications with other users
		"bookmarks"; -- Synchronise the list of open rooms between clients
		"carbons"; -- Keep multiple online clients in sync
		"dialback"; -- Support for verifying remote servers using DNS
		"limits"; -- Enable bandwidth limiting for XMPP connections
		"pep"; -- Allow users to store public and private data in their account
		"private"; -- Legacy account storage mechanism (XEP-0049)
		"smacks"; -- Stream management and resumption (XEP-0198)
		"vcard4"; -- User profiles (stored in PEP)
		"vcard_legacy"; -- Conversion between legacy vCard and PEP Avatar, vcard
		"csi_simple"; -- Simple but effective traffic optimizations for mobile devices
		"invites"; -- Create and manage invites
		"invites_adhoc"; -- Allow admins/users to create invitations via their client
		"invites_register"; -- Allows invited users to create accounts
		"ping"; -- Replies to XMPP pings with pongs
		"register"; -- Allow users to register on this server using a client and change passwords
		"time"; -- Let others know the time here on this server
		"uptime"; -- Report how long server has been running
		"version"; -- Replies to server version requests
		"admin_adhoc"; -- Allows administration via an XMPP client that supports ad-hoc commands
		"admin_shell"; -- Allow secure administration via 'prosodyctl shell'
}
modules_disabled = {
}
s2s_secure_auth = true
authentication = "internal_hashed"
archive_expires_after = "1w" -- Remove archived messages after 1 week
log = { info = "*console" }
certificates = "/etc/prosody/certs"
VirtualHost "localhost"
Component "conference.localhost" "muc"
