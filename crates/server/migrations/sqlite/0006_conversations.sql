-- The shop assistant over the API (issue 14, seed 003's /v1/chat and
-- /v1/conversations): each partner's conversations, per mode, and their
-- messages with the engine that wrote each answer, its tokens, and the
-- sources it cites (JSON). Another tenant's conversation is never read.
CREATE TABLE conversations (
    id               TEXT PRIMARY KEY,
    partner_id       TEXT NOT NULL REFERENCES partners(id),
    mode             TEXT NOT NULL,
    title            TEXT NOT NULL,
    created_at       INTEGER NOT NULL,
    last_message_at  INTEGER NOT NULL,
    message_count    INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX conversations_by_tenant ON conversations (partner_id, mode, last_message_at DESC);

CREATE TABLE conversation_messages (
    id               TEXT PRIMARY KEY,
    conversation_id  TEXT NOT NULL REFERENCES conversations(id),
    -- 0 for the question, 1 for its answer: one exchange shares created_at.
    ord              INTEGER NOT NULL,
    role             TEXT NOT NULL CHECK (role IN ('user', 'assistant')),
    content          TEXT NOT NULL,
    engine           TEXT,
    tokens_used      INTEGER NOT NULL DEFAULT 0,
    citations        TEXT NOT NULL DEFAULT '[]',
    note             TEXT,
    created_at       INTEGER NOT NULL
);
CREATE INDEX conversation_messages_in_order ON conversation_messages (conversation_id, created_at, ord);
