-- Secrets the server keeps for itself, one row each. 'made-up-salts' makes the SCRAM salts of
-- accounts that do not exist: the same on every node and after restarts, as real salts are.
CREATE TABLE xmpp_secrets (
    name   VARCHAR(64)  NOT NULL PRIMARY KEY,
    secret VARCHAR(255) NOT NULL
);
