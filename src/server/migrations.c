/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * migrations.c - the server database's schema, as numbered migrations. A database records the
 * number of the last migration applied in PRAGMA user_version; db_open() applies the rest in
 * order, each in its own transaction. A migration, once released, is never edited: changes
 * are new migrations at the end.
 */
#include "migrations.h"

#include <stddef.h>

static const char *const migrations[] = {
    /* 1: organizations, users, sessions, tokens, scenarios and revisions, shares, runs,
     * the audit log and the login limiter. */
    "CREATE TABLE organizations ("
    "  id INTEGER PRIMARY KEY,"
    "  name TEXT NOT NULL UNIQUE,"
    "  created_at INTEGER NOT NULL);"
    "CREATE TABLE users ("
    "  id INTEGER PRIMARY KEY,"
    "  email TEXT NOT NULL UNIQUE COLLATE NOCASE,"
    "  password_hash TEXT NOT NULL,"
    "  site_admin INTEGER NOT NULL DEFAULT 0,"
    "  org_id INTEGER REFERENCES organizations(id),"
    "  role TEXT CHECK (role IN ('viewer', 'editor', 'admin')),"
    "  created_at INTEGER NOT NULL,"
    "  CHECK ((org_id IS NULL) = (role IS NULL)));"
    "CREATE TABLE sessions ("
    "  id INTEGER PRIMARY KEY,"
    "  token_hash BLOB NOT NULL UNIQUE,"
    "  csrf TEXT NOT NULL,"
    "  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
    "  created_at INTEGER NOT NULL,"
    "  expires_at INTEGER NOT NULL);"
    "CREATE TABLE api_tokens ("
    "  id INTEGER PRIMARY KEY,"
    "  token_hash BLOB NOT NULL UNIQUE,"
    "  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
    "  name TEXT NOT NULL,"
    "  created_at INTEGER NOT NULL);"
    "CREATE TABLE scenarios ("
    "  id INTEGER PRIMARY KEY,"
    "  org_id INTEGER NOT NULL REFERENCES organizations(id),"
    "  name TEXT NOT NULL,"
    "  forked_from INTEGER REFERENCES revisions(id),"
    "  created_by INTEGER NOT NULL REFERENCES users(id),"
    "  created_at INTEGER NOT NULL);"
    "CREATE TABLE revisions ("
    "  id INTEGER PRIMARY KEY,"
    "  scenario_id INTEGER NOT NULL REFERENCES scenarios(id),"
    "  number INTEGER NOT NULL,"
    "  yaml TEXT NOT NULL,"
    "  author_id INTEGER NOT NULL REFERENCES users(id),"
    "  created_at INTEGER NOT NULL,"
    "  message TEXT NOT NULL,"
    "  UNIQUE (scenario_id, number));"
    /* A revision, once saved, is what was saved: no update or delete, whatever the code. */
    "CREATE TRIGGER revisions_immutable BEFORE UPDATE ON revisions"
    "  BEGIN SELECT RAISE(ABORT, 'revisions are immutable'); END;"
    "CREATE TRIGGER revisions_kept BEFORE DELETE ON revisions"
    "  BEGIN SELECT RAISE(ABORT, 'revisions are never deleted'); END;"
    "CREATE TABLE shares ("
    "  scenario_id INTEGER NOT NULL REFERENCES scenarios(id),"
    "  org_id INTEGER NOT NULL REFERENCES organizations(id),"
    "  access TEXT NOT NULL CHECK (access IN ('read', 'edit')),"
    "  created_at INTEGER NOT NULL,"
    "  PRIMARY KEY (scenario_id, org_id));"
    "CREATE TABLE runs ("
    "  id INTEGER PRIMARY KEY,"
    "  revision_id INTEGER NOT NULL REFERENCES revisions(id),"
    "  org_id INTEGER NOT NULL REFERENCES organizations(id),"
    "  requested_by INTEGER NOT NULL REFERENCES users(id),"
    "  replications INTEGER NOT NULL,"
    "  seed INTEGER NOT NULL,"
    "  status TEXT NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed')),"
    "  progress REAL NOT NULL DEFAULT 0,"
    "  error TEXT,"
    "  created_at INTEGER NOT NULL,"
    "  started_at INTEGER,"
    "  finished_at INTEGER,"
    "  results TEXT);"
    "CREATE INDEX runs_status ON runs(status, id);"
    "CREATE INDEX runs_revision ON runs(revision_id);"
    "CREATE TABLE run_csv ("
    "  run_id INTEGER NOT NULL REFERENCES runs(id),"
    "  name TEXT NOT NULL,"
    "  content TEXT NOT NULL,"
    "  PRIMARY KEY (run_id, name));"
    "CREATE TABLE audit ("
    "  id INTEGER PRIMARY KEY,"
    "  at INTEGER NOT NULL,"
    "  org_id INTEGER REFERENCES organizations(id),"
    "  user_id INTEGER REFERENCES users(id),"
    "  email TEXT,"
    "  action TEXT NOT NULL,"
    "  detail TEXT NOT NULL,"
    "  client TEXT NOT NULL);"
    "CREATE INDEX audit_org ON audit(org_id, id);"
    "CREATE TABLE login_failures ("
    "  key TEXT NOT NULL,"
    "  at INTEGER NOT NULL);"
    "CREATE INDEX login_failures_key ON login_failures(key, at);",
    /* 2: members can be removed (their revisions and runs keep naming them, so a removed
     * member's row stays, disabled: no login, no session, no token), and a first password
     * is used once: its owner must choose their own before anything else. */
    "ALTER TABLE users ADD COLUMN disabled_at INTEGER;"
    "ALTER TABLE users ADD COLUMN must_change INTEGER NOT NULL DEFAULT 0;",
    /* 3: bounded work. A run can be cancelled (a status the CHECK of 1 refuses, and SQLite
     * cannot change a CHECK in place: the table is built again, its rows copied, while the
     * foreign keys of run_csv wait for the commit, by when every run is back under its id).
     * The queue takes organizations in turn (last_claim: when each last got a worker, by a
     * counter, not the clock, whose seconds tie), and an organization's stored scenario text
     * is counted as it grows (revisions are never deleted), for its quota. */
    "PRAGMA defer_foreign_keys = ON;"
    "CREATE TEMP TABLE runs_v2 AS SELECT * FROM runs;"
    "DROP TABLE runs;"
    "CREATE TABLE runs ("
    "  id INTEGER PRIMARY KEY,"
    "  revision_id INTEGER NOT NULL REFERENCES revisions(id),"
    "  org_id INTEGER NOT NULL REFERENCES organizations(id),"
    "  requested_by INTEGER NOT NULL REFERENCES users(id),"
    "  replications INTEGER NOT NULL,"
    "  seed INTEGER NOT NULL,"
    "  status TEXT NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed',"
    "    'cancelled')),"
    "  progress REAL NOT NULL DEFAULT 0,"
    "  error TEXT,"
    "  created_at INTEGER NOT NULL,"
    "  started_at INTEGER,"
    "  finished_at INTEGER,"
    "  results TEXT);"
    "INSERT INTO runs (id, revision_id, org_id, requested_by, replications, seed, status,"
    "  progress, error, created_at, started_at, finished_at, results)"
    "  SELECT id, revision_id, org_id, requested_by, replications, seed, status, progress,"
    "  error, created_at, started_at, finished_at, results FROM temp.runs_v2;"
    "DROP TABLE temp.runs_v2;"
    "CREATE INDEX runs_status ON runs(status, id);"
    "CREATE INDEX runs_revision ON runs(revision_id);"
    "CREATE INDEX runs_org_created ON runs(org_id, created_at);"
    "ALTER TABLE organizations ADD COLUMN last_claim INTEGER NOT NULL DEFAULT 0;"
    "ALTER TABLE organizations ADD COLUMN stored_bytes INTEGER NOT NULL DEFAULT 0;"
    "UPDATE organizations SET stored_bytes = (SELECT coalesce(sum(length(CAST(r.yaml AS BLOB))),"
    "  0) FROM revisions r JOIN scenarios s ON s.id = r.scenario_id"
    "  WHERE s.org_id = organizations.id);"
    "CREATE TRIGGER revisions_stored AFTER INSERT ON revisions BEGIN"
    "  UPDATE organizations SET stored_bytes = stored_bytes + length(CAST(new.yaml AS BLOB))"
    "  WHERE id = (SELECT org_id FROM scenarios WHERE id = new.scenario_id);"
    "END;",
    /* 4: each user's entries in the audit log, counted by the hour as they are added, for
     * their quota (a check reads 26 rows at most, whatever the count); a user's hours more
     * than 25 before the one counted are deleted then, as no check reads them. */
    "CREATE TABLE audit_hours ("
    "  user_id INTEGER NOT NULL,"
    "  hour INTEGER NOT NULL,"
    "  n INTEGER NOT NULL,"
    "  PRIMARY KEY (user_id, hour)) WITHOUT ROWID;"
    "INSERT INTO audit_hours (user_id, hour, n) SELECT user_id, at / 3600, count(*) FROM audit"
    "  WHERE user_id IS NOT NULL AND at / 3600 >= CAST(strftime('%s', 'now') AS INTEGER) / 3600"
    "  - 25 GROUP BY user_id, at / 3600;"
    "CREATE TRIGGER audit_hours_count AFTER INSERT ON audit WHEN new.user_id IS NOT NULL BEGIN"
    "  INSERT INTO audit_hours (user_id, hour, n) VALUES (new.user_id, new.at / 3600, 1)"
    "    ON CONFLICT (user_id, hour) DO UPDATE SET n = n + 1;"
    "  DELETE FROM audit_hours WHERE user_id = new.user_id AND hour < new.at / 3600 - 25;"
    "END;",
};

int migration_count(void)
{
    return (int)(sizeof migrations / sizeof migrations[0]);
}

const char *migration_sql(int version)
{
    return version >= 1 && version <= migration_count() ? migrations[version - 1] : NULL;
}
