-- Subscriptions to pubsub nodes (XEP-0060 section 6), one per JID and node: jid as subscribed
-- (bare or full), bare_jid to find all of an entity's. options is the submitted options form.
CREATE TABLE xmpp_pubsub_subscriptions (
    service     VARCHAR(2047) NOT NULL,
    node        VARCHAR(1023) NOT NULL,
    jid         VARCHAR(3071) NOT NULL,
    bare_jid    VARCHAR(2047) NOT NULL,
    subid       VARCHAR(255)  NOT NULL,
    options     VARCHAR(100000) NOT NULL,
    PRIMARY KEY (service, node, jid),
    FOREIGN KEY (service, node) REFERENCES xmpp_pubsub_nodes (service, node) ON DELETE CASCADE
);
CREATE INDEX xmpp_pubsub_subscriptions_bare ON xmpp_pubsub_subscriptions (service, bare_jid);

-- Affiliations with pubsub nodes (section 4.1) besides the creator's, one per bare JID and node.
CREATE TABLE xmpp_pubsub_affiliations (
    service     VARCHAR(2047) NOT NULL,
    node        VARCHAR(1023) NOT NULL,
    jid         VARCHAR(2047) NOT NULL,
    affiliation VARCHAR(31)   NOT NULL,
    PRIMARY KEY (service, node, jid),
    FOREIGN KEY (service, node) REFERENCES xmpp_pubsub_nodes (service, node) ON DELETE CASCADE
);
CREATE INDEX xmpp_pubsub_affiliations_jid ON xmpp_pubsub_affiliations (service, jid);
