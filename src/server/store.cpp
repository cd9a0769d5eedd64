// store.cpp: SQLite schema, migrations and queries of the reference server. Every query is a
// prepared statement; user input only ever reaches SQLite as a bound parameter.
#include "server/store.hpp"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <set>
#include <ctime>

#include "core/model/account_json.hpp"
#include "core/util/case_fold.hpp"
#include "server/fts_side_build.hpp"

namespace crm::server {

namespace {

using nlohmann::json;

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
};

constexpr int kSchemaVersion = static_cast<int>(sizeof(kMigrations) / sizeof(kMigrations[0]));

// ordering value -> SQL; anything else is ignored (DRF behaviour). Ties break on id.
struct OrderingColumn {
    const char* field;
    const char* sql;
};
constexpr OrderingColumn kOrderingColumns[] = {
    {"name", "a.name COLLATE NOCASE"},
    {"industry", "a.industry COLLATE NOCASE"},
    {"stage", "a.stage"},
    {"companySize", "a.company_size"},
    {"createdAt", "a.created_at"},
    {"updatedAt", "a.updated_at"},
    {"contactCount", "a.contact_count"},
    {"openOpportunityCount", "a.open_opportunity_count"},
};

std::string order_by(const std::string& ordering) {
    bool desc = !ordering.empty() && ordering[0] == '-';
    std::string field = desc ? ordering.substr(1) : ordering;
    for (const auto& c : kOrderingColumns) {
        if (field == c.field) return std::string(c.sql) + (desc ? " DESC" : " ASC") + ", a.id ASC";
    }
    return "a.updated_at DESC, a.id ASC";
}

size_t code_points(const std::string& s) {
    size_t n = 0;
    for (unsigned char c : s) n += (c & 0xC0) != 0x80;
    return n;
}

std::string website_fold(const std::string& website) {
    std::string f = core::case_fold(website);
    for (const char* scheme : {"https://", "http://"}) {
        if (f.rfind(scheme, 0) == 0) return f.substr(std::char_traits<char>::length(scheme));
    }
    return f;
}

// The distinct substrings of one or two code points of `a` and of `b` (folded columns), sorted.
std::vector<std::string> short_grams(const std::string& a, const std::string& b) {
    std::vector<std::string> out;
    for (const std::string* text : {&a, &b}) {
        std::vector<size_t> starts;
        for (size_t i = 0; i < text->size(); ++i) {
            if ((static_cast<unsigned char>((*text)[i]) & 0xC0) != 0x80) starts.push_back(i);
        }
        starts.push_back(text->size());
        for (size_t k = 0; k + 1 < starts.size(); ++k) {
            out.push_back(text->substr(starts[k], starts[k + 1] - starts[k]));
            if (k + 2 < starts.size()) out.push_back(text->substr(starts[k], starts[k + 2] - starts[k]));
        }
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

std::string fts_phrase(const std::string& text);

// The code points of `s`, each as its UTF-8 bytes.
std::vector<std::string> code_point_list(const std::string& s) {
    std::vector<std::string> out;
    for (size_t i = 0; i < s.size(); ++i) {
        if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80 || out.empty()) out.emplace_back();
        out.back() += s[i];
    }
    return out;
}

// An FTS5 query matching every row whose folded name or website (of 3+ code points) contains the short
// term `search` (1-2 code points): the OR of each trigram that holds it and can occur, i.e. whose two
// bigrams occur somewhere (`present`: the grams with a non-zero count). Empty: no such trigram.
std::string short_term_fts_query(const std::string& search, const std::set<std::string>& present) {
    std::vector<std::string> units;   // the code points that occur
    for (const std::string& g : present) {
        if (code_points(g) == 1) units.push_back(g);
    }
    std::set<std::string> trigrams;
    auto expand = [&](const std::string& bigram) {   // the trigrams bigram+c and c+bigram that can occur
        const std::vector<std::string> b = code_point_list(bigram);
        for (const std::string& c : units) {
            if (present.count(b[1] + c)) trigrams.insert(bigram + c);
            if (present.count(c + b[0])) trigrams.insert(c + bigram);
        }
    };
    if (code_points(search) == 2) {
        expand(search);
    } else {   // one code point: every occurring bigram that holds it (its 2-character columns aside)
        for (const std::string& g : present) {
            const std::vector<std::string> cp = code_point_list(g);
            if (cp.size() == 2 && (cp[0] == search || cp[1] == search)) expand(g);
        }
    }
    std::string query;
    for (const std::string& t : trigrams) query += (query.empty() ? "" : " OR ") + fts_phrase(t);
    return query;
}

// Adds each "gram\x1fstage" -> delta of `deltas` to account_short_grams.
void write_gram_counts(Database& db, const std::unordered_map<std::string, int64_t>& deltas) {
    for (const auto& [key, delta] : deltas) {
        if (delta == 0) continue;
        const size_t sep = key.rfind('\x1f');
        db.prepare("INSERT INTO account_short_grams (gram, stage, n) VALUES (?, ?, ?) "
                   "ON CONFLICT (gram, stage) DO UPDATE SET n = n + excluded.n")
            .bind(1, key.substr(0, sep)).bind(2, key.substr(sep + 1)).bind(3, delta).run();
    }
}

// An FTS5 phrase that matches `text` literally (trigram tokenizer: substring match).
std::string fts_phrase(const std::string& text) {
    std::string out = "\"";
    for (char c : text) {
        if (c == '"') out += '"';
        out += c;
    }
    return out + "\"";
}


std::string dump_text(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

// billing_address and tags are stored as the JSON the API sends for them (core's mapping).
std::string address_to_text(const std::optional<core::BillingAddress>& b) {
    return b ? dump_text(core::billing_address_to_json(*b)) : std::string();
}

std::optional<core::BillingAddress> address_from_text(const std::string& text) {
    if (text.empty()) return std::nullopt;
    json j = json::parse(text, nullptr, false);
    if (!j.is_object()) return std::nullopt;
    return core::billing_address_from_json(j);
}

std::string tags_to_text(const std::vector<std::string>& tags) { return dump_text(json(tags)); }

std::vector<std::string> tags_from_text(const std::string& text) {
    return core::tags_from_json(json::parse(text, nullptr, false));
}

// Runs a write transaction on the writer: rolls back unless commit() was called.
class Transaction {
public:
    explicit Transaction(Database& db) : db_(db) { db_.exec("BEGIN IMMEDIATE"); }
    ~Transaction() {
        if (!done_) {
            try {
                db_.exec("ROLLBACK");
            } catch (const DbError&) {
            }
        }
    }
    void commit() {
        db_.exec("COMMIT");
        done_ = true;
    }

private:
    Database& db_;
    bool done_ = false;
};

constexpr const char* kListColumns =
    "SELECT a.id, a.name, a.website, a.industry, a.company_size, a.stage, a.assigned_to, a.created_at, "
    "a.updated_at, "
    "a.contact_count, a.open_opportunity_count "
    "FROM accounts a";

// WHERE clause and its bound values for the filters and search of `q`.
struct Filter {
    std::string where = " WHERE 1=1";
    std::vector<std::string> args;
};

// `scan_search`: test the search per row (instr on the folded columns) instead of through the
// trigram index; same matches, cheaper when walking an index over a common term.
// The filters but the search: one equality on its column each.
Filter column_filters(const core::AccountQuery& q) {
    Filter f;
    for (const core::AccountFilter& filter : core::kAccountFilters) {
        if (filter.match == core::FilterMatch::Search || !core::filter_set(filter, q)) continue;
        f.where += std::string(" AND ") + filter.sql_column + " = ?";
        if (filter.match == core::FilterMatch::IgnoreCase) f.where += " COLLATE NOCASE";
        f.args.push_back(q.*filter.member);
    }
    return f;
}

Filter make_filter(const core::AccountQuery& q, bool scan_search = false) {
    Filter f = column_filters(q);
    const std::string search = core::search_term(q);
    if (code_points(search) >= 3 && !scan_search) {
        // Substring of the folded name or website through the trigram index.
        f.where += " AND a.seq IN (SELECT rowid FROM accounts_fts WHERE accounts_fts MATCH ?)";
        f.args.push_back(fts_phrase(search));
    } else if (!search.empty() && !scan_search && core::only_filters(q, {"search"})) {
        // One or two characters: too short for trigrams; a scan of the narrow covering index of the folded
        // columns (not a walk of the order's index probing every row of the table), then only the matches.
        f.where += " AND a.seq IN (SELECT seq FROM accounts INDEXED BY accounts_fold "
                   "WHERE instr(name_fold, ?) > 0 OR instr(website_fold, ?) > 0)";
        f.args.push_back(search);
        f.args.push_back(search);
    } else if (!search.empty()) {
        f.where += " AND (instr(a.name_fold, ?) > 0 OR instr(a.website_fold, ?) > 0)";
        f.args.push_back(search);
        f.args.push_back(search);
    }
    return f;
}

// What a count depends on: every filter's value as the server matches it.
std::string count_key(const core::AccountQuery& q) {
    std::string key;
    for (const core::AccountFilter& f : core::kAccountFilters) key += core::filter_match_value(f, q) + '\x1f';
    return key;
}

}  // namespace

class Store::ReadLease {
public:
    explicit ReadLease(Store& s) : s_(s) {
        if (s.readers_.empty()) {
            lock_ = std::unique_lock<std::recursive_mutex>(s.write_mu_);
            db_ = s.writer_.get();
        } else {
            db_ = &s.acquire_reader();
        }
    }
    ~ReadLease() {
        if (!lock_.owns_lock()) s_.release_reader(*db_);
    }
    ReadLease(const ReadLease&) = delete;
    ReadLease& operator=(const ReadLease&) = delete;
    Database& db() { return *db_; }

private:
    Store& s_;
    std::unique_lock<std::recursive_mutex> lock_;
    Database* db_ = nullptr;
};

Store::Store(const std::string& path, int readers, OpenMode mode)
    : path_(path), writer_(std::make_unique<Database>(path, mode)), rng_(std::random_device{}()) {
    migrate();
    if (path == ":memory:" || path.empty() || mode == OpenMode::BulkLoad) readers = 0;
    for (int i = 0; i < readers; ++i) {
        readers_.push_back(std::make_unique<Database>(path, OpenMode::ReadOnly));
        free_readers_.push_back(readers_.back().get());
    }
}

Store::~Store() = default;

Database& Store::acquire_reader() {
    std::unique_lock lock(pool_mu_);
    pool_cv_.wait(lock, [this] { return !free_readers_.empty(); });
    Database* db = free_readers_.back();
    free_readers_.pop_back();
    return *db;
}

void Store::release_reader(Database& db) {
    {
        std::lock_guard lock(pool_mu_);
        free_readers_.push_back(&db);
    }
    pool_cv_.notify_one();
}

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

void Store::invalidate_counts() {
    std::lock_guard lock(count_mu_);
    ++write_generation_;
    counts_.clear();
}

Store::CountStats Store::count_stats() {
    std::lock_guard lock(count_mu_);
    return count_stats_;
}

int64_t Store::count_accounts() {
    ReadLease lease(*this);
    Statement s = lease.db().prepare("SELECT COALESCE(SUM(n), 0) FROM account_stage_counts");
    return s.step() ? s.int64(0) : 0;
}

int64_t Store::count_matching(const core::AccountQuery& q) {
    const std::string folded = core::search_term(q);
    if (core::only_filters(q, {"stage"})) {
        ReadLease lease(*this);
        Database& db = lease.db();
        // Exact counters kept by triggers: no scan at all.
        if (q.stage.empty()) {
            Statement s = db.prepare("SELECT COALESCE(SUM(n), 0) FROM account_stage_counts");
            return s.step() ? s.int64(0) : 0;
        }
        Statement s = db.prepare("SELECT COALESCE(SUM(n), 0) FROM account_stage_counts WHERE stage = ?");
        s.bind(1, q.stage);
        return s.step() ? s.int64(0) : 0;
    }
    if (core::only_filters(q, {"stage", "search"}) && !folded.empty() && code_points(folded) <= 2) {
        // One or two characters, alone or with a stage: exact counters kept with every write (no scan).
        ReadLease lease(*this);
        Statement s = lease.db().prepare(q.stage.empty()
                                             ? "SELECT COALESCE(SUM(n), 0) FROM account_short_grams WHERE gram = ?"
                                             : "SELECT COALESCE(SUM(n), 0) FROM account_short_grams WHERE gram = ? "
                                               "AND stage = ?");
        s.bind(1, folded);
        if (!q.stage.empty()) s.bind(2, q.stage);
        return s.step() ? s.int64(0) : 0;
    }
    const std::string key = count_key(q);
    uint64_t generation = 0;
    std::shared_ptr<PendingCount> mine;
    {
        std::unique_lock lock(count_mu_);
        if (auto it = counts_.find(key); it != counts_.end()) {
            ++count_stats_.cached;
            return it->second;
        }
        generation = write_generation_;
        if (auto it = pending_counts_.find(key); it != pending_counts_.end() && it->second->generation == generation) {
            std::shared_ptr<PendingCount> other = it->second;   // the same count, started since the last write
            count_cv_.wait(lock, [&] { return other->done; });
            if (other->ok) {
                ++count_stats_.joined;
                return other->n;
            }
        }
        ++count_stats_.computed;
        mine = std::make_shared<PendingCount>();
        mine->generation = generation;
        pending_counts_[key] = mine;
    }
    // Whatever happens (an exception included), waiters are released and the entry removed.
    struct Finish {
        Store& store;
        const std::string& key;
        std::shared_ptr<PendingCount>& p;
        ~Finish() {
            std::lock_guard lock(store.count_mu_);
            p->done = true;
            if (auto it = store.pending_counts_.find(key); it != store.pending_counts_.end() && it->second == p)
                store.pending_counts_.erase(it);
            store.count_cv_.notify_all();
        }
    } finish{*this, key, mine};
    ReadLease lease(*this);   // taken after any wait: waiters hold no connection
    int64_t n = 0;
    if (core::only_filters(q, {"search"}) && code_points(folded) >= 3) {
        // Search alone: count the trigram index's matches, with no probe of the accounts table per match
        // (triggers keep the index equal to the table, so the count is exact).
        Statement s = lease.db().prepare("SELECT COUNT(*) FROM accounts_fts WHERE accounts_fts MATCH ?");
        s.bind(1, fts_phrase(folded));
        n = s.step() ? s.int64(0) : 0;
    } else {
        Filter f = make_filter(q);
        Statement s = lease.db().prepare("SELECT COUNT(*) FROM accounts a" + f.where);
        for (size_t i = 0; i < f.args.size(); ++i) s.bind(static_cast<int>(i + 1), f.args[i]);
        n = s.step() ? s.int64(0) : 0;
    }
    std::lock_guard lock(count_mu_);
    mine->n = n;
    mine->ok = true;
    if (generation == write_generation_) {   // no write since we started: safe to remember
        if (counts_.size() > 10000) counts_.clear();
        counts_[key] = n;
    }
    return n;
}

std::vector<core::Account> Store::page_rows(const core::AccountQuery& q, int64_t matching) {
    if (matching == 0) return {};   // counted just before: nothing to look for
    Filter f = make_filter(q);
    // A search matching many rows, in the default order: walking the order's index and testing each
    // row's folded columns reads about page * limit * total / matching rows, far fewer than fetching
    // and sorting every match. Rare terms keep the FTS-first plan.
    std::string from = " FROM accounts a";
    const std::string folded = core::search_term(q);
    if (!folded.empty() && matching > 0 && order_by(q.ordering) == order_by("")) {
        const double total = static_cast<double>(count_accounts());
        const double scan = static_cast<double>(q.page) * q.limit * total / static_cast<double>(matching);
        if (scan < 10.0 * static_cast<double>(matching)) {
            // Walk the index of the first filter set (each is in the default order), else the order's own.
            const char* index = "accounts_updated";
            for (const core::AccountFilter& filter : core::kAccountFilters) {
                if (filter.sql_index && core::filter_set(filter, q)) {
                    index = filter.sql_index;
                    break;
                }
            }
            from = std::string(" FROM accounts a INDEXED BY ") + index;
            f = make_filter(q, /*scan_search=*/true);
        }
    }
    const bool walk = from != " FROM accounts a";
    if (!walk && matching > 0 && !folded.empty() && code_points(folded) <= 2 && core::only_filters(q, {"stage", "search"})) {
        // A rare one- or two-character term: its rows through the trigrams that contain it (plus the few
        // columns too short for a trigram) instead of a scan of every account.
        std::set<std::string> present;
        {
            ReadLease lease(*this);
            Statement g = lease.db().prepare("SELECT gram FROM account_short_grams GROUP BY gram HAVING SUM(n) > 0");
            while (g.step()) present.insert(g.text(0));
        }
        const std::string fts = short_term_fts_query(folded, present);
        f = column_filters(q);   // the stage, if any
        f.where += " AND (a.seq IN (SELECT seq FROM accounts INDEXED BY accounts_short_fold WHERE "
                   "(length(name_fold) BETWEEN 1 AND 2 OR length(website_fold) BETWEEN 1 AND 2) AND "
                   "(instr(name_fold, ?) > 0 OR instr(website_fold, ?) > 0))";
        f.args.push_back(folded);
        f.args.push_back(folded);
        if (!fts.empty()) {
            f.where += " OR a.seq IN (SELECT rowid FROM accounts_fts WHERE accounts_fts MATCH ?)";
            f.args.push_back(fts);
        }
        f.where += ")";
    }
    std::string columns = kListColumns;
    columns.replace(columns.rfind(" FROM accounts a"), std::string(" FROM accounts a").size(), from);
    ReadLease lease(*this);
    Statement s = lease.db().prepare(columns + f.where + " ORDER BY " + order_by(q.ordering) + " LIMIT ? OFFSET ?");
    int i = 1;
    for (const auto& a : f.args) s.bind(i++, a);
    s.bind(i++, static_cast<int64_t>(q.limit));
    s.bind(i++, static_cast<int64_t>(q.page - 1) * q.limit);
    std::vector<core::Account> rows;
    while (s.step()) {
        core::Account a;
        a.id = s.text(0);
        a.name = s.text(1);
        a.website = s.text(2);
        a.industry = s.text(3);
        a.company_size = s.text(4);
        a.stage = s.text(5);
        a.assigned_to = s.text(6);
        a.created_at = s.text(7);
        a.updated_at = s.text(8);
        a.contact_count = s.int64(9);
        a.open_opportunity_count = s.int64(10);
        rows.push_back(std::move(a));
    }
    return rows;
}

AccountPage Store::list_accounts(const core::AccountQuery& q) {
    AccountPage page;
    page.count = count_matching(q);
    page.rows = page_rows(q, page.count);
    return page;
}

// An account from a row of read_account's columns (also scan_accounts').
static AccountRecord account_from_row(const Statement& s) {
    AccountRecord r;
    core::Account& a = r.account;
    a.id = s.text(0);
    a.name = s.text(1);
    a.website = s.text(2);
    a.industry = s.text(3);
    a.company_size = s.text(4);
    a.annual_revenue = s.real_or_null(5);
    a.stage = s.text(6);
    a.phone = s.text(7);
    a.billing_address = address_from_text(s.text(8));
    a.assigned_to = s.text(9);
    a.assigned_to_name = s.text(10);
    a.tags = tags_from_text(s.text(11));
    a.description = s.text(12);
    a.created_at = s.text(13);
    a.updated_at = s.text(14);
    r.version = s.int64(15);
    a.contact_count = s.int64(16);
    a.open_opportunity_count = s.int64(17);
    a.open_case_count = s.int64(18);
    return r;
}

std::optional<AccountRecord> Store::read_account(Database& db, const std::string& id) {
    Statement s = db.prepare(
        "SELECT a.id, a.name, a.website, a.industry, a.company_size, a.annual_revenue, a.stage, a.phone, "
        "a.billing_address, a.assigned_to, u.name, a.tags, a.description, a.created_at, a.updated_at, a.version, "
        "(SELECT COUNT(*) FROM contacts c WHERE c.account_id = a.id), "
        "(SELECT COUNT(*) FROM opportunities o WHERE o.account_id = a.id AND o.is_open = 1), "
        "(SELECT COUNT(*) FROM cases k WHERE k.account_id = a.id AND k.is_open = 1) "
        "FROM accounts a LEFT JOIN users u ON u.id = a.assigned_to WHERE a.id = ?");
    s.bind(1, id);
    if (!s.step()) return std::nullopt;
    return account_from_row(s);
}

std::optional<AccountRecord> Store::get_account(const std::string& id) {
    ReadLease lease(*this);
    return read_account(lease.db(), id);
}

std::string Store::new_id(const char* prefix) {
    // ULID-shaped: 10 characters of milliseconds, 16 random, Crockford base32 (caller holds write_mu_).
    static const char* kAlphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    auto millis = static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                            std::chrono::system_clock::now().time_since_epoch())
                                            .count());
    std::string out(prefix);
    for (int i = 9; i >= 0; --i) out += kAlphabet[(millis >> (i * 5)) & 31];
    uint64_t a = rng_(), b = rng_();
    for (int i = 0; i < 16; ++i) out += kAlphabet[(i < 12 ? a >> (i * 5) : b >> ((i - 12) * 5)) & 31];
    return out;
}

static bool user_exists(Database& db, const std::string& id) {
    Statement s = db.prepare("SELECT 1 FROM users WHERE id = ?");
    s.bind(1, id);
    return s.step();
}

static core::FieldErrors unknown_user(const std::string& id) {
    return {{"assignedTo", {"Invalid pk \"" + id + "\" - object does not exist."}}};
}

WriteResult Store::create_account(const json& body) {
    std::lock_guard lock(write_mu_);
    Database& db = *writer_;
    WriteResult out;
    core::Account a;
    a.stage = "prospect";
    core::apply_account_write(a, body);
    Transaction tx(db);
    if (!a.assigned_to.empty() && !user_exists(db, a.assigned_to)) {
        out.status = WriteStatus::Invalid;
        out.errors = unknown_user(a.assigned_to);
        return out;
    }
    a.id = new_id("acc_");
    a.created_at = a.updated_at = now_rfc3339();
    insert_account(a);
    out.record = *read_account(db, a.id);
    tx.commit();
    invalidate_counts();
    return out;
}

WriteResult Store::update_account(const std::string& id, const json& body, const Precondition& pre) {
    std::lock_guard lock(write_mu_);
    Database& db = *writer_;
    WriteResult out;
    Transaction tx(db);
    std::optional<AccountRecord> current = read_account(db, id);
    if (!current) {
        out.status = WriteStatus::NotFound;
        return out;
    }
    if (pre && !pre(current->version)) {
        out.status = WriteStatus::PreconditionFailed;
        out.record = *current;
        return out;
    }
    core::Account a = current->account;
    core::apply_account_write(a, body);
    if (!a.assigned_to.empty() && a.assigned_to != current->account.assigned_to && !user_exists(db, a.assigned_to)) {
        out.status = WriteStatus::Invalid;
        out.errors = unknown_user(a.assigned_to);
        return out;
    }
    a.updated_at = now_rfc3339();
    Statement s = db.prepare(
        "UPDATE accounts SET name = ?, website = ?, industry = ?, company_size = ?, annual_revenue = ?, stage = ?, "
        "phone = ?, billing_address = ?, assigned_to = ?, tags = ?, description = ?, updated_at = ?, "
        "version = version + 1, name_fold = ?, website_fold = ? WHERE id = ?");
    s.bind(1, a.name).bind(2, a.website).bind(3, a.industry).bind(4, a.company_size).bind(5, a.annual_revenue);
    s.bind(6, a.stage).bind(7, a.phone).bind_text_or_null(8, address_to_text(a.billing_address));
    s.bind_text_or_null(9, a.assigned_to);
    s.bind(10, tags_to_text(a.tags)).bind(11, a.description);
    const std::string name_fold = core::case_fold(a.name), site_fold = website_fold(a.website);
    s.bind(12, a.updated_at).bind(13, name_fold).bind(14, site_fold).bind(15, id);
    s.run();
    const core::Account& was = current->account;
    if (name_fold != core::case_fold(was.name) || site_fold != website_fold(was.website) || a.stage != was.stage) {
        count_grams(core::case_fold(was.name), website_fold(was.website), was.stage, -1);
        count_grams(name_fold, site_fold, a.stage, +1);
    }
    out.record = *read_account(db, id);
    tx.commit();
    invalidate_counts();
    return out;
}

WriteStatus Store::delete_account(const std::string& id, const Precondition& pre) {
    std::lock_guard lock(write_mu_);
    Database& db = *writer_;
    Transaction tx(db);
    Statement v = db.prepare("SELECT version, name_fold, website_fold, stage FROM accounts WHERE id = ?");
    v.bind(1, id);
    if (!v.step()) return WriteStatus::NotFound;
    if (pre && !pre(v.int64(0))) return WriteStatus::PreconditionFailed;
    count_grams(v.text(1), v.text(2), v.text(3), -1);
    for (const char* sql : {"UPDATE contacts SET account_id = NULL WHERE account_id = ?",
                            "UPDATE opportunities SET account_id = NULL WHERE account_id = ?",
                            "UPDATE cases SET account_id = NULL WHERE account_id = ?",
                            "DELETE FROM accounts WHERE id = ?"}) {
        db.prepare(sql).bind(1, id).run();
    }
    tx.commit();
    invalidate_counts();
    return WriteStatus::Ok;
}

std::optional<ContactPage> Store::list_contacts(const std::string& account_id, int64_t offset, int64_t limit) {
    ReadLease lease(*this);
    Database& db = lease.db();
    ContactPage page;
    {
        Statement s = db.prepare(
            "SELECT (SELECT COUNT(*) FROM contacts WHERE account_id = a.id) FROM accounts a WHERE a.id = ?");
        s.bind(1, account_id);
        if (!s.step()) return std::nullopt;
        page.count = s.int64(0);
    }
    Statement s = db.prepare(
        "SELECT id, first_name, last_name, email, title, stage FROM contacts WHERE account_id = ? "
        "ORDER BY last_name, first_name, id LIMIT ? OFFSET ?");
    s.bind(1, account_id).bind(2, limit).bind(3, offset);
    while (s.step()) {
        page.rows.push_back(core::Contact{s.text(0), s.text(1), s.text(2), s.text(3), s.text(4), s.text(5)});
    }
    return page;
}

std::vector<User> Store::list_users() {
    ReadLease lease(*this);
    Statement s = lease.db().prepare("SELECT id, name, email FROM users ORDER BY name, id");
    std::vector<User> users;
    while (s.step()) users.push_back(User{s.text(0), s.text(1), s.text(2)});
    return users;
}

int64_t Store::count_detached() {
    ReadLease lease(*this);
    Statement s = lease.db().prepare(
        "SELECT (SELECT COUNT(*) FROM contacts WHERE account_id IS NULL) + "
        "(SELECT COUNT(*) FROM opportunities WHERE account_id IS NULL) + "
        "(SELECT COUNT(*) FROM cases WHERE account_id IS NULL)");
    return s.step() ? s.int64(0) : 0;
}

int64_t Store::count_linked_to(const std::string& account_id) {
    ReadLease lease(*this);
    Statement s = lease.db().prepare(
        "SELECT (SELECT COUNT(*) FROM contacts WHERE account_id = ?1) + "
        "(SELECT COUNT(*) FROM opportunities WHERE account_id = ?1) + "
        "(SELECT COUNT(*) FROM cases WHERE account_id = ?1)");
    s.bind(1, account_id);
    return s.step() ? s.int64(0) : 0;
}

void Store::begin() {
    std::lock_guard lock(write_mu_);
    writer_->exec("PRAGMA cache_size = -262144");   // 256 MiB while bulk loading: fewer spills of index pages
    writer_->exec("PRAGMA threads = 2");             // CREATE INDEX at commit may sort on a helper thread
    writer_->exec("BEGIN IMMEDIATE");
    // Loading into empty tables: drop their secondary indexes and the FTS insert trigger for the load and
    // build them once at commit (a sort and one FTS rebuild beat a million random B-tree inserts). Their
    // exact definitions come from the schema itself, so commit() recreates what the migrations made.
    deferred_schema_.clear();
    fts_side_.reset();
    {
        Statement empty = writer_->prepare("SELECT NOT EXISTS (SELECT 1 FROM accounts)");
        if (!empty.step() || empty.int64(0) == 0) return;
    }
    std::vector<std::pair<std::string, std::string>> drops;
    {
        Statement s = writer_->prepare(
            "SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL AND "
            "((type = 'index' AND tbl_name IN ('accounts', 'contacts', 'opportunities', 'cases')) OR "
            " (type = 'trigger' AND name IN ('accounts_fts_insert', 'contacts_count_insert', "
            "                                'opportunities_count_insert')))");
        while (s.step()) {
            drops.emplace_back("DROP " + std::string(s.text(0) == "index" ? "INDEX " : "TRIGGER ") + s.text(1),
                               s.text(2));
        }
    }
    for (auto& [drop, create] : drops) {
        writer_->exec(drop);
        deferred_schema_.push_back(create);
    }
    bulk_recount_ = false;
    start_fts_side_build();
}

// The trigram index is built on a second thread (the other core) while the rows go in, into a
// contentless FTS5 table of the same columns and tokenizer in a side file; commit() copies its segments.
void Store::start_fts_side_build() {
    fts_side_.reset();
    if (path_.empty() || path_ == ":memory:") return;
    std::string create;
    {
        Statement s = writer_->prepare("SELECT sql FROM sqlite_master WHERE name = 'accounts_fts'");
        if (!s.step()) return;
        create = s.text(0);
    }
    const std::string head = "CREATE VIRTUAL TABLE accounts_fts", content = "content='accounts', content_rowid='seq'";
    const size_t c = create.find(content);
    if (create.rfind(head, 0) != 0 || c == std::string::npos) return;   // not the schema this was written for
    create.replace(c, content.size(), "content=''");
    create.replace(0, head.size(), "CREATE VIRTUAL TABLE fts");
    try {
        fts_side_ = std::make_unique<FtsSideBuilder>(path_ + ".fts", create,
                                                     "INSERT INTO fts (rowid, name_fold, website_fold) VALUES (?, ?, ?)");
    } catch (const std::exception&) {
        fts_side_.reset();   // no side file (read-only directory...): commit() rebuilds in place instead
    }
}

void Store::commit() {
    std::lock_guard lock(write_mu_);
    if (!deferred_schema_.empty() && bulk_recount_) {
        // The counters the deferred triggers would have kept, in one pass each (before the indexes exist).
        writer_->exec(
            "UPDATE accounts SET contact_count = c.n FROM (SELECT account_id, COUNT(*) AS n FROM contacts "
            "WHERE account_id IS NOT NULL GROUP BY account_id) AS c WHERE c.account_id = accounts.id");
        writer_->exec(
            "UPDATE accounts SET open_opportunity_count = o.n FROM (SELECT account_id, COUNT(*) AS n FROM "
            "opportunities WHERE account_id IS NOT NULL AND is_open = 1 GROUP BY account_id) AS o "
            "WHERE o.account_id = accounts.id");
    }
    for (const std::string& create : deferred_schema_) writer_->exec(create);
    write_gram_counts(*writer_, bulk_grams_);
    bulk_grams_.clear();
    if (fts_side_) {
        fts_side_->copy_into(*writer_, "accounts_fts");
        fts_side_.reset();
    } else if (!deferred_schema_.empty()) {
        writer_->exec("INSERT INTO accounts_fts (accounts_fts) VALUES ('rebuild')");
    }
    deferred_schema_.clear();
    writer_->exec("COMMIT");
    writer_->exec("PRAGMA cache_size = -65536");
    writer_->exec("PRAGMA threads = 0");
    invalidate_counts();
}

void Store::insert_user(const User& u) {
    std::lock_guard lock(write_mu_);
    writer_->prepare("INSERT INTO users (id, name, email) VALUES (?, ?, ?)").bind(1, u.id).bind(2, u.name).bind(3, u.email).run();
}

void Store::insert_account(const core::Account& a) {
    bulk_recount_ = true;
    core::Account uncounted = a;
    uncounted.contact_count = uncounted.open_opportunity_count = 0;
    insert_account_counted(uncounted);
}

void Store::insert_account_counted(const core::Account& a) { insert_account_row(a, 1, true); }

void Store::insert_account_row(const core::Account& a, int64_t version, bool counted) {
    std::lock_guard lock(write_mu_);
    Statement s = writer_->prepare(
        "INSERT INTO accounts (id, name, website, industry, company_size, annual_revenue, stage, phone, "
        "billing_address, assigned_to, tags, description, created_at, updated_at, name_fold, website_fold, "
        "contact_count, open_opportunity_count, version) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    std::string name_fold = core::case_fold(a.name), site_fold = website_fold(a.website);
    s.bind(1, a.id).bind(2, a.name).bind(3, a.website).bind(4, a.industry).bind(5, a.company_size);
    s.bind(6, a.annual_revenue).bind(7, a.stage).bind(8, a.phone);
    s.bind_text_or_null(9, address_to_text(a.billing_address)).bind_text_or_null(10, a.assigned_to);
    s.bind(11, tags_to_text(a.tags)).bind(12, a.description);
    s.bind(13, a.created_at).bind(14, a.updated_at).bind(15, name_fold).bind(16, site_fold);
    // With the count triggers live (loading into a non-empty table) they count what follows instead.
    const bool given = counted && !deferred_schema_.empty();
    s.bind(17, given ? a.contact_count.value_or(0) : int64_t{0});
    s.bind(18, given ? a.open_opportunity_count.value_or(0) : int64_t{0});
    s.bind(19, version);
    s.run();
    if (!counted) bulk_recount_ = true;   // commit() recounts
    count_grams(name_fold, site_fold, a.stage, +1);
    if (fts_side_) fts_side_->add(sqlite3_last_insert_rowid(writer_->handle()), std::move(name_fold), std::move(site_fold));
}

void Store::count_grams(const std::string& name_fold, const std::string& site_fold, const std::string& stage,
                        int64_t delta) {
    std::unordered_map<std::string, int64_t> one;
    auto& target = deferred_schema_.empty() ? one : bulk_grams_;   // bulk load: written once at commit
    for (const std::string& g : short_grams(name_fold, site_fold)) target[g + '\x1f' + stage] += delta;
    if (!one.empty()) write_gram_counts(*writer_, one);
}

void Store::insert_contact(const std::string& id, const std::string& account_id, const std::string& first,
                           const std::string& last, const std::string& email, const std::string& title,
                           const std::string& stage) {
    std::lock_guard lock(write_mu_);
    writer_->prepare("INSERT INTO contacts (id, account_id, first_name, last_name, email, title, stage) "
                     "VALUES (?, ?, ?, ?, ?, ?, ?)")
        .bind(1, id).bind_text_or_null(2, account_id).bind(3, first).bind(4, last).bind(5, email).bind(6, title)
        .bind(7, stage).run();
}

void Store::insert_opportunity(const std::string& id, const std::string& account_id, const std::string& name,
                               bool open) {
    std::lock_guard lock(write_mu_);
    writer_->prepare("INSERT INTO opportunities (id, account_id, name, is_open) VALUES (?, ?, ?, ?)")
        .bind(1, id).bind_text_or_null(2, account_id).bind(3, name).bind(4, static_cast<int64_t>(open)).run();
}

void Store::insert_case(const std::string& id, const std::string& account_id, const std::string& subject,
                        bool open) {
    std::lock_guard lock(write_mu_);
    writer_->prepare("INSERT INTO cases (id, account_id, subject, is_open) VALUES (?, ?, ?, ?)")
        .bind(1, id).bind_text_or_null(2, account_id).bind(3, subject).bind(4, static_cast<int64_t>(open)).run();
}

void build_new_database(const std::string& path, const std::function<void(Store&)>& fill) {
    namespace fs = std::filesystem;
    const std::string side = path + ".building";
    for (const std::string& stale : {side, side + "-journal", path + "-wal", path + "-shm"}) fs::remove(stale);
    try {
        Store store(side, 0, OpenMode::BulkLoad);
        fill(store);
    } catch (...) {
        std::error_code ignored;
        fs::remove(side, ignored);
        throw;
    }
    fs::rename(side, path);
}

// ---- Dump import/export (dump.cpp) ----

void Store::read_snapshot(const std::function<void(Database&)>& fn) {
    ReadLease lease(*this);
    Database& db = lease.db();
    db.exec("BEGIN");
    try {
        fn(db);
    } catch (...) {
        try {
            db.exec("ROLLBACK");
        } catch (const DbError&) {
        }
        throw;
    }
    db.exec("COMMIT");
}

void Store::scan_accounts(Database& db, const std::function<void(const AccountRecord&)>& fn) {
    // read_account's columns; the contact and open-opportunity counts are the trigger-kept copies.
    Statement s = db.prepare(
        "SELECT a.id, a.name, a.website, a.industry, a.company_size, a.annual_revenue, a.stage, a.phone, "
        "a.billing_address, a.assigned_to, u.name, a.tags, a.description, a.created_at, a.updated_at, a.version, "
        "a.contact_count, a.open_opportunity_count, "
        "(SELECT COUNT(*) FROM cases k WHERE k.account_id = a.id AND k.is_open = 1) "
        "FROM accounts a LEFT JOIN users u ON u.id = a.assigned_to ORDER BY a.seq");
    while (s.step()) fn(account_from_row(s));
}

void Store::rollback() {
    std::lock_guard lock(write_mu_);
    deferred_schema_.clear();   // the dropped indexes and triggers come back with the rollback
    bulk_grams_.clear();
    fts_side_.reset();          // stops the side index thread and deletes its file
    if (!sqlite3_get_autocommit(writer_->handle())) writer_->exec("ROLLBACK");   // an I/O error may have ended it
    writer_->exec("PRAGMA cache_size = -65536");
    invalidate_counts();
}

void Store::in_bulk(const std::function<void(Database&)>& fn) {
    std::lock_guard lock(write_mu_);
    fn(*writer_);
}

void Store::insert_account_record(const AccountRecord& r) {
    insert_account_row(r.account, r.version, false);   // the dump's counts are not trusted: commit() recounts
}

std::string now_rfc3339() {
    std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

}  // namespace crm::server
