"""The progress store's schema: one migration per version, applied in order, never edited once shipped.

``PRAGMA user_version`` holds the number of migrations applied. A database whose version is higher than
``SCHEMA_VERSION`` was written by a newer courseware and is not touched.
"""

MIGRATIONS: tuple[str, ...] = (
    # 1: reading progress, flashcard schedule and reviews, quiz/exam/practice attempts and answers.
    """
    CREATE TABLE module_progress (
        module_id   TEXT PRIMARY KEY,
        anchor      TEXT,
        scroll      REAL NOT NULL DEFAULT 0,
        read_at     TEXT,
        updated_at  TEXT NOT NULL
    );
    CREATE TABLE card_state (
        card_key      TEXT PRIMARY KEY,
        state         TEXT NOT NULL,
        due           TEXT NOT NULL,
        lapses        INTEGER NOT NULL DEFAULT 0,
        introduced_at TEXT NOT NULL
    );
    CREATE INDEX card_state_due ON card_state(due);
    CREATE TABLE reviews (
        id          INTEGER PRIMARY KEY,
        card_key    TEXT NOT NULL,
        rating      INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 4),
        reviewed_at TEXT NOT NULL,
        duration_ms INTEGER,
        mode        TEXT NOT NULL DEFAULT 'schedule'
    );
    CREATE INDEX reviews_card ON reviews(card_key, reviewed_at);
    CREATE INDEX reviews_time ON reviews(reviewed_at);
    CREATE TABLE attempts (
        id           INTEGER PRIMARY KEY,
        kind         TEXT NOT NULL CHECK (kind IN ('quiz', 'exam', 'practice')),
        ref_id       TEXT NOT NULL,
        seed         INTEGER,
        plan         TEXT NOT NULL DEFAULT '[]',
        started_at   TEXT NOT NULL,
        deadline     TEXT,
        submitted_at TEXT,
        earned       REAL,
        possible     REAL,
        passed       INTEGER
    );
    CREATE INDEX attempts_ref ON attempts(kind, ref_id, started_at);
    CREATE TABLE answers (
        id           INTEGER PRIMARY KEY,
        attempt_id   INTEGER NOT NULL REFERENCES attempts(id),
        question_key TEXT NOT NULL,
        topic        TEXT,
        response     TEXT NOT NULL,
        correct      INTEGER NOT NULL,
        earned       REAL NOT NULL,
        possible     REAL NOT NULL,
        answered_at  TEXT NOT NULL
    );
    CREATE INDEX answers_attempt ON answers(attempt_id, question_key);
    CREATE INDEX answers_time ON answers(answered_at);
    CREATE TABLE flags (
        attempt_id   INTEGER NOT NULL REFERENCES attempts(id),
        question_key TEXT NOT NULL,
        PRIMARY KEY (attempt_id, question_key)
    );
    CREATE TABLE study_time (
        id         INTEGER PRIMARY KEY,
        activity   TEXT NOT NULL,
        ref_id     TEXT,
        started_at TEXT NOT NULL,
        seconds    REAL NOT NULL
    );
    """,
    # 2: which xAPI statements each learning record store has received, and which failed and await a retry.
    """
    CREATE TABLE xapi_sent (
        endpoint     TEXT NOT NULL,
        statement_id TEXT NOT NULL,
        sent_at      TEXT NOT NULL,
        PRIMARY KEY (endpoint, statement_id)
    );
    CREATE TABLE xapi_retry (
        endpoint     TEXT NOT NULL,
        statement_id TEXT NOT NULL,
        failed_at    TEXT NOT NULL,
        error        TEXT NOT NULL,
        PRIMARY KEY (endpoint, statement_id)
    );
    """,
    # 3: the FSRS phase of each card (1 learning, 2 review, 3 relearning) for counting in SQL, suspended
    # cards, and FSRS parameters fitted to the learner's own reviews.
    """
    ALTER TABLE card_state ADD COLUMN phase INTEGER;
    UPDATE card_state SET phase = CASE WHEN json_valid(state) THEN json_extract(state, '$.state') END;
    CREATE INDEX card_state_phase_due ON card_state(phase, due);
    CREATE TABLE suspended (
        card_key     TEXT PRIMARY KEY,
        suspended_at TEXT NOT NULL
    );
    CREATE INDEX reviews_mode_card ON reviews(mode, card_key, reviewed_at);
    CREATE TABLE fsrs_parameters (
        id          INTEGER PRIMARY KEY,
        fitted_at   TEXT NOT NULL,
        parameters  TEXT NOT NULL,
        reviews     INTEGER NOT NULL,
        loss_before REAL NOT NULL,
        loss_after  REAL NOT NULL
    );
    """,
    # 4: the course's card directions as the store last saw them (rebuilt when the course's fingerprint
    # changes), so that due, new and leech counts, the next card and the cards left are indexed SQL over the
    # course's cards and never a loop over them. ``seen`` mirrors "has a schedule", and ``stray_states`` holds
    # the schedules of cards no longer in the course, both kept by triggers (so a count over every schedule
    # less the few stray ones is a count over the course's, read from an index).
    """
    CREATE TABLE course_cards (
        card_key   TEXT PRIMARY KEY,
        position   INTEGER NOT NULL,
        deck_id    TEXT NOT NULL,
        card_id    TEXT NOT NULL,
        card_index INTEGER NOT NULL,
        module_id  TEXT,
        tags       TEXT NOT NULL DEFAULT '',
        seen       INTEGER NOT NULL DEFAULT 0
    ) WITHOUT ROWID;
    CREATE INDEX course_cards_new ON course_cards(position) WHERE seen = 0;
    CREATE INDEX course_cards_deck ON course_cards(deck_id, position);
    CREATE TABLE store_meta (
        name  TEXT PRIMARY KEY,
        value TEXT NOT NULL
    );
    CREATE TABLE stray_states (
        card_key TEXT PRIMARY KEY
    ) WITHOUT ROWID;
    CREATE INDEX card_state_lapses ON card_state(lapses DESC, card_key);
    DROP INDEX card_state_due;
    CREATE INDEX card_state_due ON card_state(due, phase, card_key);
    DROP INDEX reviews_time;
    CREATE INDEX reviews_time ON reviews(reviewed_at, card_key);
    CREATE INDEX card_state_introduced ON card_state(introduced_at);
    CREATE TRIGGER card_seen AFTER INSERT ON card_state BEGIN
        UPDATE course_cards SET seen = 1 WHERE card_key = NEW.card_key;
        INSERT OR IGNORE INTO stray_states SELECT NEW.card_key
            WHERE NOT EXISTS (SELECT 1 FROM course_cards WHERE card_key = NEW.card_key);
    END;
    CREATE TRIGGER card_unseen AFTER DELETE ON card_state BEGIN
        UPDATE course_cards SET seen = 0 WHERE card_key = OLD.card_key;
        DELETE FROM stray_states WHERE card_key = OLD.card_key;
    END;
    """,
)

SCHEMA_VERSION = len(MIGRATIONS)
