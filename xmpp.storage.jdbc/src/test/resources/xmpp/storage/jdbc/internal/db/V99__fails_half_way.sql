-- A script that fails after its first statement: H2 has committed that one (DDL commits).
CREATE TABLE xmpp_half_way (id INTEGER PRIMARY KEY);
CREATE TABLE xmpp_half_way (id INTEGER PRIMARY KEY);
