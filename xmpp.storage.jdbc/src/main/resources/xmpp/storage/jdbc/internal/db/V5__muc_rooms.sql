-- Persistent chat rooms (XEP-0045), one row each: the room's state as the chat module writes it.
CREATE TABLE xmpp_muc_rooms (
    service VARCHAR(1023)    NOT NULL,
    name    VARCHAR(1023)    NOT NULL,
    xml     VARCHAR(1000000) NOT NULL,
    PRIMARY KEY (service, name)
);
