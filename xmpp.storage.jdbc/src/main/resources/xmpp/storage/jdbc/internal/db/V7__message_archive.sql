-- Message archives (XEP-0313): an archive is a bare JID, a user's account (later also a chat room).
-- id is the archive's own order (the XEP-0359 stanza-id); with_bare and with_resource split the
-- other party, so that a query's bare JID matches all its resources through the index.
CREATE TABLE xmpp_archive (
    archive       VARCHAR(2047)   NOT NULL,
    id            BIGINT          NOT NULL,
    stamp         TIMESTAMP WITH TIME ZONE NOT NULL,
    with_bare     VARCHAR(2047)   NOT NULL,
    with_resource VARCHAR(1023)   NOT NULL,
    stanza        VARCHAR(1000000) NOT NULL,
    PRIMARY KEY (archive, id)
);
CREATE INDEX xmpp_archive_with ON xmpp_archive (archive, with_bare, id);
CREATE INDEX xmpp_archive_stamp ON xmpp_archive (stamp);
