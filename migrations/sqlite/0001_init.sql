-- sipbot's per-server state. Discord ids (snowflakes) are stored as INTEGER: they fit in a
-- signed 64-bit integer. Statistics are numbers only: no message text, no authors.

CREATE TABLE guilds (
    guild_id         INTEGER PRIMARY KEY,
    auto_mode        TEXT    NOT NULL DEFAULT 'strict' CHECK (auto_mode IN ('off', 'strict', 'loose')),
    -- NULL: follow each reader's language (slash) or the server's preferred locale (auto).
    language         TEXT,
    cooldown_minutes INTEGER NOT NULL DEFAULT 10 CHECK (cooldown_minutes BETWEEN 0 AND 1440),
    max_items        INTEGER NOT NULL DEFAULT 5 CHECK (max_items BETWEEN 1 AND 10),
    note_role        INTEGER,
    -- Unix seconds when sipbot was removed from the server; NULL while it is a member.
    removed_at       INTEGER
);

CREATE TABLE channel_settings (
    guild_id   INTEGER NOT NULL REFERENCES guilds (guild_id) ON DELETE CASCADE,
    channel_id INTEGER NOT NULL,
    auto_mode  TEXT    NOT NULL CHECK (auto_mode IN ('off', 'strict', 'loose')),
    PRIMARY KEY (guild_id, channel_id)
);

CREATE TABLE notes (
    guild_id   INTEGER NOT NULL REFERENCES guilds (guild_id) ON DELETE CASCADE,
    code       INTEGER NOT NULL CHECK (code BETWEEN 100 AND 699),
    body       TEXT    NOT NULL,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (guild_id, code)
);

-- One row per server, day (days since 1970-01-01, UTC) and code.
CREATE TABLE code_stats (
    guild_id INTEGER NOT NULL REFERENCES guilds (guild_id) ON DELETE CASCADE,
    day      INTEGER NOT NULL,
    code     INTEGER NOT NULL CHECK (code BETWEEN 100 AND 699),
    count    INTEGER NOT NULL CHECK (count >= 0),
    PRIMARY KEY (guild_id, day, code)
);

CREATE INDEX code_stats_by_day ON code_stats (day);
CREATE INDEX guilds_removed ON guilds (removed_at) WHERE removed_at IS NOT NULL;
