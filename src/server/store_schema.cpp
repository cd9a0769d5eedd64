// store_schema.cpp: the reference server's SQLite schema, as numbered migrations, and the code that
// brings a database file to the latest version (with the backfills some migrations need).
//   kMigrations ........... version i -> i+1, never edited once released
//   Store::migrate ........ runs the missing ones, each in its transaction
#include <tuple>

#include "core/util/case_fold.hpp"
#include "server/store.hpp"
#include "server/store_internal.hpp"

namespace crm::server {

namespace {

// Each entry migrates from version i to i+1; PRAGMA user_version records where a file is.
// Never edit a released migration: add the next one.
const char* const kMigrations[] = {
    // 1: the foundation's schema.
    R"sql(
    CREATE TABLE users (
      id    TEXT PRIMARY KEY,
      name  TEXT NOT NULL,
      email TEXT NOT NULL DEFAULT ''
    );
    CREATE TABLE accounts (
      id              TEXT PRIMARY KEY,
      name            TEXT NOT NULL,
      website         TEXT NOT NULL DEFAULT '',
      industry        TEXT NOT NULL DEFAULT '',
      company_size    TEXT NOT NULL DEFAULT '',
      annual_revenue  REAL,
      stage           TEXT NOT NULL DEFAULT 'prospect',
      phone           TEXT NOT NULL DEFAULT '',
      billing_address TEXT,                      -- JSON object or NULL
      assigned_to     TEXT REFERENCES users(id) ON DELETE SET NULL,
      tags            TEXT NOT NULL DEFAULT '[]', -- JSON array of strings
      description     TEXT NOT NULL DEFAULT '',
      created_at      TEXT NOT NULL,
      updated_at      TEXT NOT NULL,
      version         INTEGER NOT NULL DEFAULT 1  -- bumped on every write (ETag)
    );
    CREATE INDEX accounts_updated ON accounts(updated_at DESC, id);
    CREATE INDEX accounts_stage ON accounts(stage, updated_at DESC, id);
    CREATE INDEX accounts_industry ON accounts(industry COLLATE NOCASE);
    CREATE INDEX accounts_assigned ON accounts(assigned_to);
    CREATE TABLE contacts (
      id         TEXT PRIMARY KEY,
      account_id TEXT REFERENCES accounts(id) ON DELETE SET NULL,
      first_name TEXT NOT NULL DEFAULT '',
      last_name  TEXT NOT NULL DEFAULT '',
      email      TEXT NOT NULL DEFAULT '',
      title      TEXT NOT NULL DEFAULT '',
      stage      TEXT NOT NULL DEFAULT ''
    );
    CREATE INDEX contacts_account ON contacts(account_id);
    CREATE TABLE opportunities (
      id         TEXT PRIMARY KEY,
      account_id TEXT REFERENCES accounts(id) ON DELETE SET NULL,
      name       TEXT NOT NULL DEFAULT '',
      is_open    INTEGER NOT NULL DEFAULT 1
    );
    CREATE INDEX opportunities_account ON opportunities(account_id, is_open);
    CREATE TABLE cases (
      id         TEXT PRIMARY KEY,
      account_id TEXT REFERENCES accounts(id) ON DELETE SET NULL,
      subject    TEXT NOT NULL DEFAULT '',
      is_open    INTEGER NOT NULL DEFAULT 1
    );
    CREATE INDEX cases_account ON cases(account_id, is_open);
    )sql",
    // 2: search and counts at scale. accounts gets a stable INTEGER PRIMARY KEY (seq, the FTS rowid:
    // VACUUM may renumber implicit rowids), case-folded copies of name and website (maintained by the
    // server with core::case_fold), an FTS5 trigram index on them, per-filter indexes in the default
    // order, and per-stage counters kept by triggers. Runs with foreign keys off (table rebuild).
    R"sql(
    CREATE TABLE accounts_v2 (
      seq             INTEGER PRIMARY KEY,
      id              TEXT NOT NULL UNIQUE,
      name            TEXT NOT NULL,
      website         TEXT NOT NULL DEFAULT '',
      industry        TEXT NOT NULL DEFAULT '',
      company_size    TEXT NOT NULL DEFAULT '',
      annual_revenue  REAL,
      stage           TEXT NOT NULL DEFAULT 'prospect',
      phone           TEXT NOT NULL DEFAULT '',
      billing_address TEXT,
      assigned_to     TEXT REFERENCES users(id) ON DELETE SET NULL,
      tags            TEXT NOT NULL DEFAULT '[]',
      description     TEXT NOT NULL DEFAULT '',
      created_at      TEXT NOT NULL,
      updated_at      TEXT NOT NULL,
      version         INTEGER NOT NULL DEFAULT 1,
      name_fold       TEXT NOT NULL DEFAULT '',   -- core::case_fold(name)
      website_fold    TEXT NOT NULL DEFAULT ''    -- core::case_fold(website) without the scheme
    );
    INSERT INTO accounts_v2 (id, name, website, industry, company_size, annual_revenue, stage, phone,
                             billing_address, assigned_to, tags, description, created_at, updated_at, version)
      SELECT id, name, website, industry, company_size, annual_revenue, stage, phone,
             billing_address, assigned_to, tags, description, created_at, updated_at, version FROM accounts;
    DROP TABLE accounts;
    ALTER TABLE accounts_v2 RENAME TO accounts;
    CREATE INDEX accounts_updated ON accounts(updated_at DESC, id);
    CREATE INDEX accounts_stage ON accounts(stage, updated_at DESC, id);
    CREATE INDEX accounts_industry ON accounts(industry COLLATE NOCASE, updated_at DESC, id);
    CREATE INDEX accounts_assigned ON accounts(assigned_to, updated_at DESC, id);
    CREATE INDEX accounts_name ON accounts(name COLLATE NOCASE, id);

    CREATE VIRTUAL TABLE accounts_fts USING fts5(
      name_fold, website_fold, content='accounts', content_rowid='seq', tokenize='trigram case_sensitive 1');
    CREATE TRIGGER accounts_fts_insert AFTER INSERT ON accounts BEGIN
      INSERT INTO accounts_fts(rowid, name_fold, website_fold) VALUES (NEW.seq, NEW.name_fold, NEW.website_fold);
    END;
    CREATE TRIGGER accounts_fts_delete AFTER DELETE ON accounts BEGIN
      INSERT INTO accounts_fts(accounts_fts, rowid, name_fold, website_fold)
        VALUES ('delete', OLD.seq, OLD.name_fold, OLD.website_fold);
    END;
    CREATE TRIGGER accounts_fts_update AFTER UPDATE OF name_fold, website_fold ON accounts BEGIN
      INSERT INTO accounts_fts(accounts_fts, rowid, name_fold, website_fold)
        VALUES ('delete', OLD.seq, OLD.name_fold, OLD.website_fold);
      INSERT INTO accounts_fts(rowid, name_fold, website_fold) VALUES (NEW.seq, NEW.name_fold, NEW.website_fold);
    END;

    CREATE TABLE account_stage_counts (stage TEXT PRIMARY KEY, n INTEGER NOT NULL) WITHOUT ROWID;
    INSERT INTO account_stage_counts (stage, n) SELECT stage, COUNT(*) FROM accounts GROUP BY stage;
    CREATE TRIGGER accounts_count_insert AFTER INSERT ON accounts BEGIN
      INSERT INTO account_stage_counts (stage, n) VALUES (NEW.stage, 1)
        ON CONFLICT (stage) DO UPDATE SET n = n + 1;
    END;
    CREATE TRIGGER accounts_count_delete AFTER DELETE ON accounts BEGIN
      UPDATE account_stage_counts SET n = n - 1 WHERE stage = OLD.stage;
    END;
    CREATE TRIGGER accounts_count_update AFTER UPDATE OF stage ON accounts WHEN OLD.stage <> NEW.stage BEGIN
      UPDATE account_stage_counts SET n = n - 1 WHERE stage = OLD.stage;
      INSERT INTO account_stage_counts (stage, n) VALUES (NEW.stage, 1)
        ON CONFLICT (stage) DO UPDATE SET n = n + 1;
    END;
    )sql",
    // 3: one- and two-character searches (too short for trigrams) scan this narrow covering index of
    // the folded columns instead of the whole table.
    R"sql(
    CREATE INDEX accounts_fold ON accounts(name_fold, website_fold);
    )sql",
    // 4: ordering by contactCount / openOpportunityCount reads an index: the counts are stored on the
    // account and kept exact by triggers on contacts and opportunities (like the stage counters). Ties
    // break on id ascending in both directions, hence an index per direction.
    R"sql(
    ALTER TABLE accounts ADD COLUMN contact_count INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE accounts ADD COLUMN open_opportunity_count INTEGER NOT NULL DEFAULT 0;
    UPDATE accounts SET contact_count = c.n FROM
      (SELECT account_id, COUNT(*) AS n FROM contacts WHERE account_id IS NOT NULL GROUP BY account_id) AS c
      WHERE c.account_id = accounts.id;
    UPDATE accounts SET open_opportunity_count = o.n FROM
      (SELECT account_id, COUNT(*) AS n FROM opportunities WHERE account_id IS NOT NULL AND is_open = 1
       GROUP BY account_id) AS o
      WHERE o.account_id = accounts.id;
    CREATE INDEX accounts_contacts_asc ON accounts(contact_count, id);
    CREATE INDEX accounts_contacts_desc ON accounts(contact_count DESC, id);
    CREATE INDEX accounts_opps_asc ON accounts(open_opportunity_count, id);
    CREATE INDEX accounts_opps_desc ON accounts(open_opportunity_count DESC, id);
    CREATE TRIGGER contacts_count_insert AFTER INSERT ON contacts WHEN NEW.account_id IS NOT NULL BEGIN
      UPDATE accounts SET contact_count = contact_count + 1 WHERE id = NEW.account_id;
    END;
    CREATE TRIGGER contacts_count_delete AFTER DELETE ON contacts WHEN OLD.account_id IS NOT NULL BEGIN
      UPDATE accounts SET contact_count = contact_count - 1 WHERE id = OLD.account_id;
    END;
    CREATE TRIGGER contacts_count_update AFTER UPDATE OF account_id ON contacts
      WHEN OLD.account_id IS NOT NEW.account_id BEGIN
      UPDATE accounts SET contact_count = contact_count - 1 WHERE id = OLD.account_id;
      UPDATE accounts SET contact_count = contact_count + 1 WHERE id = NEW.account_id;
    END;
    CREATE TRIGGER opportunities_count_insert AFTER INSERT ON opportunities
      WHEN NEW.account_id IS NOT NULL AND NEW.is_open = 1 BEGIN
      UPDATE accounts SET open_opportunity_count = open_opportunity_count + 1 WHERE id = NEW.account_id;
    END;
    CREATE TRIGGER opportunities_count_delete AFTER DELETE ON opportunities
      WHEN OLD.account_id IS NOT NULL AND OLD.is_open = 1 BEGIN
      UPDATE accounts SET open_opportunity_count = open_opportunity_count - 1 WHERE id = OLD.account_id;
    END;
    CREATE TRIGGER opportunities_count_update AFTER UPDATE OF account_id, is_open ON opportunities BEGIN
      UPDATE accounts SET open_opportunity_count = open_opportunity_count - 1
        WHERE OLD.is_open = 1 AND id = OLD.account_id;
      UPDATE accounts SET open_opportunity_count = open_opportunity_count + 1
        WHERE NEW.is_open = 1 AND id = NEW.account_id;
    END;
    )sql",
    // 5: exact counts for one- and two-character searches (too short for trigrams): per folded gram of
    // one or two code points and per stage, how many accounts hold it in name_fold or website_fold.
    // Kept by the server (Store::count_grams, C++ code points like core::case_fold), backfilled by migrate().
    R"sql(
    CREATE TABLE account_short_grams (
      gram  TEXT NOT NULL,
      stage TEXT NOT NULL,
      n     INTEGER NOT NULL,
      PRIMARY KEY (gram, stage)
    ) WITHOUT ROWID;
    -- The few folded columns of one or two code points: the only ones the trigram index cannot find a
    -- short term in (a rare short term's page is found through the trigrams that contain it).
    CREATE INDEX accounts_short_fold ON accounts(seq)
      WHERE length(name_fold) BETWEEN 1 AND 2 OR length(website_fold) BETWEEN 1 AND 2;
    )sql",
    // 6: the facets extension (GET /api/accounts/facets/): per facet (industry, companySize, assignedTo,
    // createdMonth: the YYYY-MM of created_at in UTC) and value ('' = none) and stage, how many accounts
    // and the sums of their contact and open-opportunity counts; kept exact by triggers (the stage facet
    // and the totals are sums of any one facet's rows). Backfilled by migrate() (rebuild_facet_counts).
    R"sql(
    CREATE TABLE account_facet_counts (
      facet    TEXT NOT NULL,
      value    TEXT NOT NULL,
      stage    TEXT NOT NULL,
      n        INTEGER NOT NULL,
      contacts INTEGER NOT NULL,
      opps     INTEGER NOT NULL,
      PRIMARY KEY (facet, value, stage)
    ) WITHOUT ROWID;
    CREATE TRIGGER accounts_facets_insert AFTER INSERT ON accounts BEGIN
      INSERT INTO account_facet_counts (facet, value, stage, n, contacts, opps) VALUES
        ('industry', NEW.industry, NEW.stage, 1, NEW.contact_count, NEW.open_opportunity_count),
        ('companySize', NEW.company_size, NEW.stage, 1, NEW.contact_count, NEW.open_opportunity_count),
        ('assignedTo', COALESCE(NEW.assigned_to, ''), NEW.stage, 1, NEW.contact_count, NEW.open_opportunity_count),
        ('createdMonth', COALESCE(strftime('%Y-%m', NEW.created_at), ''), NEW.stage, 1, NEW.contact_count, NEW.open_opportunity_count)
        ON CONFLICT (facet, value, stage) DO UPDATE
        SET n = n + excluded.n, contacts = contacts + excluded.contacts, opps = opps + excluded.opps;
    END;
    CREATE TRIGGER accounts_facets_delete AFTER DELETE ON accounts BEGIN
      INSERT INTO account_facet_counts (facet, value, stage, n, contacts, opps) VALUES
        ('industry', OLD.industry, OLD.stage, -1, -OLD.contact_count, -OLD.open_opportunity_count),
        ('companySize', OLD.company_size, OLD.stage, -1, -OLD.contact_count, -OLD.open_opportunity_count),
        ('assignedTo', COALESCE(OLD.assigned_to, ''), OLD.stage, -1, -OLD.contact_count, -OLD.open_opportunity_count),
        ('createdMonth', COALESCE(strftime('%Y-%m', OLD.created_at), ''), OLD.stage, -1, -OLD.contact_count, -OLD.open_opportunity_count)
        ON CONFLICT (facet, value, stage) DO UPDATE
        SET n = n + excluded.n, contacts = contacts + excluded.contacts, opps = opps + excluded.opps;
    END;
    CREATE TRIGGER accounts_facets_update
      AFTER UPDATE OF stage, industry, company_size, assigned_to, created_at, contact_count, open_opportunity_count
      ON accounts
      WHEN OLD.stage IS NOT NEW.stage OR OLD.industry IS NOT NEW.industry OR OLD.company_size IS NOT NEW.company_size
        OR OLD.assigned_to IS NOT NEW.assigned_to OR OLD.created_at IS NOT NEW.created_at
        OR OLD.contact_count IS NOT NEW.contact_count OR OLD.open_opportunity_count IS NOT NEW.open_opportunity_count
    BEGIN
      INSERT INTO account_facet_counts (facet, value, stage, n, contacts, opps) VALUES
        ('industry', OLD.industry, OLD.stage, -1, -OLD.contact_count, -OLD.open_opportunity_count),
        ('companySize', OLD.company_size, OLD.stage, -1, -OLD.contact_count, -OLD.open_opportunity_count),
        ('assignedTo', COALESCE(OLD.assigned_to, ''), OLD.stage, -1, -OLD.contact_count, -OLD.open_opportunity_count),
        ('createdMonth', COALESCE(strftime('%Y-%m', OLD.created_at), ''), OLD.stage, -1, -OLD.contact_count, -OLD.open_opportunity_count)
        ON CONFLICT (facet, value, stage) DO UPDATE
        SET n = n + excluded.n, contacts = contacts + excluded.contacts, opps = opps + excluded.opps;
      INSERT INTO account_facet_counts (facet, value, stage, n, contacts, opps) VALUES
        ('industry', NEW.industry, NEW.stage, 1, NEW.contact_count, NEW.open_opportunity_count),
        ('companySize', NEW.company_size, NEW.stage, 1, NEW.contact_count, NEW.open_opportunity_count),
        ('assignedTo', COALESCE(NEW.assigned_to, ''), NEW.stage, 1, NEW.contact_count, NEW.open_opportunity_count),
        ('createdMonth', COALESCE(strftime('%Y-%m', NEW.created_at), ''), NEW.stage, 1, NEW.contact_count, NEW.open_opportunity_count)
        ON CONFLICT (facet, value, stage) DO UPDATE
        SET n = n + excluded.n, contacts = contacts + excluded.contacts, opps = opps + excluded.opps;
    END;
    )sql",
};

constexpr int kSchemaVersion = static_cast<int>(sizeof(kMigrations) / sizeof(kMigrations[0]));

}  // namespace

using namespace store_impl;

void Store::migrate() {
    std::lock_guard lock(write_mu_);
    Database& db = *writer_;
    for (int v = schema_version(); v < kSchemaVersion; ++v) {
        db.exec("PRAGMA foreign_keys = OFF");   // table rebuilds must not fire ON DELETE actions
        {
            Transaction tx(db);
            db.exec(kMigrations[v]);
            if (v + 1 == 2) {
                // Backfill the folded columns (C++ folding), then rebuild the trigram index from them.
                // The index first holds every row as it is (empty folded columns): the update trigger's
                // 'delete' of the old values must find them, or FTS5 reports the index as corrupt.
                db.exec("INSERT INTO accounts_fts(accounts_fts) VALUES ('rebuild')");
                std::vector<std::tuple<int64_t, std::string, std::string>> rows;
                {
                    Statement s = db.prepare("SELECT seq, name, website FROM accounts");
                    while (s.step()) rows.emplace_back(s.int64(0), s.text(1), s.text(2));
                }
                for (const auto& [seq, name, website] : rows) {
                    db.prepare("UPDATE accounts SET name_fold = ?, website_fold = ? WHERE seq = ?")
                        .bind(1, core::case_fold(name)).bind(2, website_fold(website)).bind(3, seq).run();
                }
                db.exec("INSERT INTO accounts_fts(accounts_fts) VALUES ('rebuild')");
            }
            if (v + 1 == 5) {
                std::unordered_map<std::string, int64_t> grams;
                Statement s = db.prepare("SELECT name_fold, website_fold, stage FROM accounts");
                while (s.step()) {
                    for (const std::string& g : short_grams(s.text(0), s.text(1))) ++grams[g + '\x1f' + s.text(2)];
                }
                write_gram_counts(db, grams);
            }
            if (v + 1 == 6) rebuild_facet_counts(db);
            db.exec("PRAGMA user_version = " + std::to_string(v + 1));
            tx.commit();
        }
        db.exec("PRAGMA foreign_keys = ON");
    }
}

int Store::schema_version() {
    std::lock_guard lock(write_mu_);
    Statement s = writer_->prepare("PRAGMA user_version");
    return s.step() ? static_cast<int>(s.int64(0)) : 0;
}

}  // namespace crm::server
