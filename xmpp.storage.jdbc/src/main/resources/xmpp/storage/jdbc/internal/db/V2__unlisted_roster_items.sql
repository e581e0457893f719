-- A subscription request from a contact the user never added is kept, unlisted, until the
-- user answers it (RFC 6121 section 3.1.3); every existing item is one the user added.
ALTER TABLE xmpp_roster ADD COLUMN listed BOOLEAN DEFAULT TRUE NOT NULL;
