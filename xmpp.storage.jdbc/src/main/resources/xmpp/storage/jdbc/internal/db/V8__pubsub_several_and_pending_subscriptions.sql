-- Subscriptions to pubsub nodes (XEP-0060 section 6), now several per JID and node (section
-- 6.1.6), so keyed by subid; state is subscribed, or pending until the node's owner approves
-- (the authorize access model). The table is copied, as H2 and PostgreSQL drop a primary key
-- with different statements.
CREATE TABLE xmpp_pubsub_subscriptions_v8 (
    service     VARCHAR(2047) NOT NULL,
    node        VARCHAR(1023) NOT NULL,
    jid         VARCHAR(3071) NOT NULL,
    bare_jid    VARCHAR(2047) NOT NULL,
    subid       VARCHAR(255)  NOT NULL,
    options     VARCHAR(100000) NOT NULL,
    state       VARCHAR(31)   NOT NULL,
    PRIMARY KEY (service, node, subid),
    FOREIGN KEY (service, node) REFERENCES xmpp_pubsub_nodes (service, node) ON DELETE CASCADE
);
INSERT INTO xmpp_pubsub_subscriptions_v8 (service, node, jid, bare_jid, subid, options, state)
    SELECT service, node, jid, bare_jid, subid, options, 'subscribed' FROM xmpp_pubsub_subscriptions;
DROP TABLE xmpp_pubsub_subscriptions;
ALTER TABLE xmpp_pubsub_subscriptions_v8 RENAME TO xmpp_pubsub_subscriptions;
CREATE INDEX xmpp_pubsub_subscriptions_bare ON xmpp_pubsub_subscriptions (service, bare_jid);
