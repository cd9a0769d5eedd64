// store.cpp: SQLite schema, migrations and queries of the reference server.
#include "server/store.hpp"

#include <nlohmann/json.hpp>

#include "core/model/account_json.hpp"

namespace crm::server {

namespace {

// Each entry migrates from version i to i+1; PRAGMA user_version records where a file is.
const char* const kMigrations[] = {
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
};

constexpr int kSchemaVersion = static_cast<int>(sizeof(kMigrations) / sizeof(kMigrations[0]));

// ordering value -> SQL column; anything else is ignored (DRF behaviour).
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
    {"contactCount", "contact_count"},
    {"openOpportunityCount", "open_opportunity_count"},
};

std::string order_by(const std::string& ordering) {
    bool desc = !ordering.empty() && ordering[0] == '-';
    std::string field = desc ? ordering.substr(1) : ordering;
    for (const auto& c : kOrderingColumns) {
        if (field == c.field) return std::string(c.sql) + (desc ? " DESC" : " ASC") + ", a.id ASC";
    }
    return "a.updated_at DESC, a.id ASC";
}

std::string like_pattern(const std::string& s) {
    std::string out = "%";
    for (char c : s) {
        if (c == '%' || c == '_' || c == '\\') out += '\\';
        out += c;
    }
    return out + "%";
}

}  // namespace

Store::Store(const std::string& path) : db_(path) { migrate(); }

void Store::migrate() {
    std::lock_guard lock(mu_);
    int version = schema_version();
    for (int v = version; v < kSchemaVersion; ++v) {
        db_.exec("BEGIN IMMEDIATE");
        db_.exec(kMigrations[v]);
        db_.exec("PRAGMA user_version = " + std::to_string(v + 1));
        db_.exec("COMMIT");
    }
}

int Store::schema_version() {
    std::lock_guard lock(mu_);
    Statement s = db_.prepare("PRAGMA user_version");
    return s.step() ? static_cast<int>(s.int64(0)) : 0;
}

int64_t Store::count_accounts() {
    std::lock_guard lock(mu_);
    Statement s = db_.prepare("SELECT COUNT(*) FROM accounts");
    return s.step() ? s.int64(0) : 0;
}

AccountPage Store::list_accounts(const core::AccountQuery& q) {
    std::lock_guard lock(mu_);
    std::string where = " WHERE 1=1";
    std::vector<std::string> args;
    if (!q.stage.empty()) {
        where += " AND a.stage = ?";
        args.push_back(q.stage);
    }
    if (!q.industry.empty()) {
        where += " AND a.industry = ? COLLATE NOCASE";
        args.push_back(q.industry);
    }
    if (!q.assigned_to.empty()) {
        where += " AND a.assigned_to = ?";
        args.push_back(q.assigned_to);
    }
    if (!q.search.empty()) {
        // Skeleton: ASCII case-insensitive LIKE. Unicode folding and FTS5 come with the server issue.
        where += " AND (a.name LIKE ? ESCAPE '\\' OR a.website LIKE ? ESCAPE '\\')";
        args.push_back(like_pattern(q.search));
        args.push_back(like_pattern(q.search));
    }
    AccountPage page;
    {
        Statement s = db_.prepare("SELECT COUNT(*) FROM accounts a" + where);
        for (size_t i = 0; i < args.size(); ++i) s.bind(static_cast<int>(i + 1), args[i]);
        page.count = s.step() ? s.int64(0) : 0;
    }
    std::string sql =
        "SELECT a.id, a.name, a.website, a.industry, a.company_size, a.stage, a.assigned_to, a.created_at, "
        "a.updated_at, "
        "(SELECT COUNT(*) FROM contacts c WHERE c.account_id = a.id) AS contact_count, "
        "(SELECT COUNT(*) FROM opportunities o WHERE o.account_id = a.id AND o.is_open = 1) AS "
        "open_opportunity_count "
        "FROM accounts a" +
        where + " ORDER BY " + order_by(q.ordering) + " LIMIT ? OFFSET ?";
    Statement s = db_.prepare(sql);
    int i = 1;
    for (const auto& a : args) s.bind(i++, a);
    s.bind(i++, static_cast<int64_t>(q.limit));
    s.bind(i++, static_cast<int64_t>(q.page - 1) * q.limit);
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
        page.rows.push_back(std::move(a));
    }
    return page;
}

void Store::insert_user(const User& u) {
    std::lock_guard lock(mu_);
    db_.prepare("INSERT INTO users (id, name, email) VALUES (?, ?, ?)").bind(1, u.id).bind(2, u.name).bind(3, u.email).run();
}

void Store::insert_account(const core::Account& a) {
    std::lock_guard lock(mu_);
    std::string address;
    if (a.billing_address) {
        nlohmann::json b = core::account_detail_to_json(a)["billingAddress"];
        address = b.dump();
    }
    Statement s = db_.prepare(
        "INSERT INTO accounts (id, name, website, industry, company_size, annual_revenue, stage, phone, "
        "billing_address, assigned_to, tags, description, created_at, updated_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    s.bind(1, a.id).bind(2, a.name).bind(3, a.website).bind(4, a.industry).bind(5, a.company_size);
    s.bind(6, a.annual_revenue).bind(7, a.stage).bind(8, a.phone);
    if (address.empty()) s.bind_null(9); else s.bind(9, address);
    if (a.assigned_to.empty()) s.bind_null(10); else s.bind(10, a.assigned_to);
    s.bind(11, nlohmann::json(a.tags).dump()).bind(12, a.description).bind(13, a.created_at).bind(14, a.updated_at);
    s.run();
}

void Store::insert_contact(const std::string& id, const std::string& account_id, const std::string& first,
                           const std::string& last, const std::string& email, const std::string& title,
                           const std::string& stage) {
    std::lock_guard lock(mu_);
    db_.prepare("INSERT INTO contacts (id, account_id, first_name, last_name, email, title, stage) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)")
        .bind(1, id).bind(2, account_id).bind(3, first).bind(4, last).bind(5, email).bind(6, title).bind(7, stage)
        .run();
}

void Store::insert_opportunity(const std::string& id, const std::string& account_id, const std::string& name,
                               bool open) {
    std::lock_guard lock(mu_);
    db_.prepare("INSERT INTO opportunities (id, account_id, name, is_open) VALUES (?, ?, ?, ?)")
        .bind(1, id).bind(2, account_id).bind(3, name).bind(4, static_cast<int64_t>(open)).run();
}

void Store::insert_case(const std::string& id, const std::string& account_id, const std::string& subject,
                        bool open) {
    std::lock_guard lock(mu_);
    db_.prepare("INSERT INTO cases (id, account_id, subject, is_open) VALUES (?, ?, ?, ?)")
        .bind(1, id).bind(2, account_id).bind(3, subject).bind(4, static_cast<int64_t>(open)).run();
}

}  // namespace crm::server
