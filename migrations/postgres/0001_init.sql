-- sipbot's per-server state on PostgreSQL: the same tables as the SQLite schema, with BIGINT
-- for Discord ids (snowflakes fit in a signed 64-bit integer) and for every number, so that
-- one Rust type reads them all. Statistics are numbers only: no message text, no authors.

CREATE TABLE guilds (
    guild_id         BIGINT PRIMARY KEY,
    auto_mode        TEXT   NOT NULL DEFAULT 'strict' CHECK (auto_mode IN ('off', 'strict', 'loose')),
    -- NULL: follow each reader's language (slash) or the server's preferred locale (auto).
    language         TEXT,
    cooldown_minutes BIGINT NOT NULL DEFAULT 10 CHECK (cooldown_minutes BETWEEN 0 AND 1440),
    max_items        BIGINT NOT NULL DEFAULT 5 CHECK (max_items BETWEEN 1 AND 10),
    note_role        BIGINT,
    -- Unix seconds when sipbot was removed from the server; NULL while it is a member.
    removed_at       BIGINT
);

CREATE TABLE channel_settings (
    guild_id   BIGINT NOT NULL REFERENCES guilds (guild_id) ON DELETE CASCADE,
    channel_id BIGINT NOT NULL,
    auto_mode  TEXT   NOT NULL CHECK (auto_mode IN ('off', 'strict', 'loose')),
    PRIMARY KEY (guild_id, channel_id)
);

CREATE TABLE notes (
    guild_id   BIGINT NOT NULL REFERENCES guilds (guild_id) ON DELETE CASCADE,
    code       BIGINT NOT NULL CHECK (code BETWEEN 100 AND 699),
    body       TEXT   NOT NULL,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (guild_id, code)
);

-- One row per server, day (days since 1970-01-01, UTC) and code.
CREATE TABLE code_stats (
    guild_id BIGINT NOT NULL REFERENCES guilds (guild_id) ON DELETE CASCADE,
    day      BIGINT NOT NULL,
    code     BIGINT NOT NULL CHECK (code BETWEEN 100 AND 699),
    count    BIGINT NOT NULL CHECK (count >= 0),
    PRIMARY KEY (guild_id, day, code)
);

CREATE INDEX code_stats_by_day ON code_stats (day);
CREATE INDEX guilds_removed ON guilds (removed_at) WHERE removed_at IS NOT NULL;

-- Every sipbot process caches settings and notes. Any change to them, by any process (or by
-- hand in psql), tells the others which server changed: NOTIFY sipbot_changes '<guild id>',
-- delivered when the transaction commits (one per server and transaction), so they drop that
-- server's cached entry. A new server row changes nothing (it holds the defaults): no notice.
CREATE FUNCTION sipbot_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        PERFORM pg_notify('sipbot_changes', OLD.guild_id::text);
    ELSE
        PERFORM pg_notify('sipbot_changes', NEW.guild_id::text);
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER guilds_changed AFTER UPDATE OR DELETE ON guilds
    FOR EACH ROW EXECUTE FUNCTION sipbot_changed();
CREATE TRIGGER channel_settings_changed AFTER INSERT OR UPDATE OR DELETE ON channel_settings
    FOR EACH ROW EXECUTE FUNCTION sipbot_changed();
CREATE TRIGGER notes_changed AFTER INSERT OR UPDATE OR DELETE ON notes
    FOR EACH ROW EXECUTE FUNCTION sipbot_changed();
