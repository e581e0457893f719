-- Publish-subscribe (XEP-0060) and personal eventing (XEP-0163): a service is a bare JID, an
-- account for PEP or a component's domain. A node's configuration is its submitted data form.
CREATE TABLE xmpp_pubsub_nodes (
    service     VARCHAR(2047) NOT NULL,
    node        VARCHAR(1023) NOT NULL,
    owner       VARCHAR(2047) NOT NULL,
    config      VARCHAR(100000) NOT NULL,
    PRIMARY KEY (service, node)
);

-- seq orders a node's items by publication: a republished id gets a new one and becomes the last item.
CREATE TABLE xmpp_pubsub_items (
    service     VARCHAR(2047) NOT NULL,
    node        VARCHAR(1023) NOT NULL,
    item_id     VARCHAR(1023) NOT NULL,
    seq         BIGINT NOT NULL,
    publisher   VARCHAR(3071) NOT NULL,
    published   TIMESTAMP WITH TIME ZONE NOT NULL,
    payload     VARCHAR(1000000) NOT NULL,
    PRIMARY KEY (service, node, item_id),
    FOREIGN KEY (service, node) REFERENCES xmpp_pubsub_nodes (service, node) ON DELETE CASCADE
);
CREATE INDEX xmpp_pubsub_items_seq ON xmpp_pubsub_items (service, node, seq);
