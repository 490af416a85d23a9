-- 0008: the assistant's conversations and their messages (`shopbench ask`,
-- the desktop's Ask screen).
--
-- A conversation may be about a case (deleting the case keeps the
-- conversation, unlinked). Messages are kept in the order said; an
-- assistant message names the engine that wrote it, how many tokens it took,
-- the sources it cited (resolved, as JSON) and, when a language model's
-- answer was set aside, why. Timestamps are UTC RFC 3339 text.
CREATE TABLE conversations (
    id               INTEGER PRIMARY KEY,
    title            TEXT NOT NULL,
    case_id          INTEGER REFERENCES cases (id) ON DELETE SET NULL,
    created_at       TEXT NOT NULL,
    last_message_at  TEXT NOT NULL
);
CREATE INDEX conversations_last ON conversations (last_message_at, id);

CREATE TABLE conversation_messages (
    id               INTEGER PRIMARY KEY,
    conversation_id  INTEGER NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    role             TEXT NOT NULL CHECK (role IN ('user', 'assistant')),
    content          TEXT NOT NULL,
    engine           TEXT,
    tokens_used      INTEGER NOT NULL DEFAULT 0 CHECK (tokens_used >= 0),
    citations_json   TEXT NOT NULL DEFAULT '[]'
                     CHECK (json_valid(citations_json) AND json_type(citations_json) = 'array'),
    note             TEXT,
    created_at       TEXT NOT NULL,
    CHECK ((role = 'assistant') = (engine IS NOT NULL))
);
CREATE INDEX conversation_messages_conversation ON conversation_messages (conversation_id, id);
