-- detente store, schema version 1.
-- Migrations run in one transaction each, together with the meta.schema_version update,
-- so a crash mid-migration leaves the previous version intact.

CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE documents (
    id             TEXT PRIMARY KEY,          -- sha256 of the text: re-ingesting is a no-op
    name           TEXT NOT NULL,
    title          TEXT,
    url            TEXT,
    source         TEXT,
    path           TEXT,
    published      DATE,
    published_from TEXT,                      -- metadata | text | cli | NULL
    text           TEXT NOT NULL,
    n_chars        INTEGER NOT NULL,
    n_words        INTEGER NOT NULL,
    ingested_at    TIMESTAMP NOT NULL,        -- UTC
    coded_at       TIMESTAMP,                 -- UTC; NULL while uncoded
    coder_version  TEXT,
    -- events written by the last save_coded; lets a re-code skip the delete scans for
    -- documents that never had events
    n_events       INTEGER
);

-- No secondary indexes on purpose: DuckDB answers scans from zone maps, and every extra
-- ART index slows the bulk inserts and has to be held in memory.
CREATE TABLE events (
    event_id         TEXT PRIMARY KEY,
    doc_id           TEXT,                    -- NULL for imported events (GDELT, ...)
    origin           TEXT NOT NULL,           -- 'detente' | 'gdelt' | ...
    event_type       TEXT NOT NULL,
    mode             TEXT,
    cameo            TEXT,
    quad_class       TINYINT NOT NULL CHECK (quad_class BETWEEN 1 AND 4),
    intensity        DOUBLE,
    "symmetric"      BOOLEAN NOT NULL,        -- SYMMETRIC is reserved in SQL: always quote it
    status           TEXT NOT NULL CHECK (status IN ('occurred', 'planned', 'expected', 'cancelled', 'failed')),
    attributed_code  TEXT,
    attributed_json  JSON,
    date_start       DATE,
    date_end         DATE,
    date_precision   TEXT CHECK (date_precision IN ('day', 'month', 'year', 'range')),
    date_approximate BOOLEAN,
    date_text        TEXT,
    location_name    TEXT,
    location_country TEXT,
    location_lat     DOUBLE,
    location_lon     DOUBLE,
    confidence       DOUBLE NOT NULL CHECK (confidence BETWEEN 0 AND 1),
    cluster_id       TEXT,
    extra            JSON,                    -- importer fields such as GDELT NumArticles
    source_url       TEXT,
    -- copied from documents so that date filters can fall back to it without a join
    published        DATE
);

CREATE TABLE event_actors (
    event_id TEXT NOT NULL,
    role     TEXT NOT NULL CHECK (role IN ('source', 'target')),
    position SMALLINT NOT NULL,
    code     TEXT NOT NULL,
    kind     TEXT NOT NULL,
    name     TEXT,
    person   TEXT,
    sector   TEXT,
    body     TEXT,
    text     TEXT
);

CREATE TABLE evidence (
    event_id   TEXT NOT NULL,
    position   SMALLINT NOT NULL,
    sentence   TEXT NOT NULL,
    start_char INTEGER NOT NULL,
    end_char   INTEGER NOT NULL,
    trigger    TEXT
);

-- One row per Event.dyads() pair, materialised at write time for the analysis.
-- Rows arrive in the order documents are coded (published, id), so the date columns are
-- roughly sorted and zone maps prune date-range scans; Store.compact() re-sorts fully.
CREATE TABLE dyads (
    event_id       TEXT NOT NULL,
    position       SMALLINT NOT NULL,         -- index in Event.dyads()
    doc_id         TEXT,
    origin         TEXT NOT NULL,
    event_type     TEXT NOT NULL,
    mode           TEXT,
    quad_class     TINYINT NOT NULL,
    intensity      DOUBLE,
    status         TEXT NOT NULL,
    "symmetric"    BOOLEAN NOT NULL,
    source_code    TEXT NOT NULL,
    source_kind    TEXT NOT NULL,
    target_code    TEXT,
    target_kind    TEXT,
    date_start     DATE,
    date_end       DATE,
    date_precision TEXT,
    published      DATE,
    -- date_start, or the publication date when the text gave none: the one date the
    -- analysis places the event at (the same fallback as EventFilter.since/until)
    event_date     DATE,
    confidence     DOUBLE NOT NULL,
    cluster_id     TEXT
);
