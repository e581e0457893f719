-- Message archives: no index on stamp. Queries read an archive by (archive, id) or (archive,
-- with_bare, id) and filter start/end along that range; only the expiry job's delete used this
-- index, while every archived message paid to maintain it (archive writes ran about half as fast
-- on H2). Expiry now scans the table once per run.
DROP INDEX IF EXISTS xmpp_archive_stamp;
