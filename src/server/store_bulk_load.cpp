// store_bulk_load.cpp: loading many rows fast (demo data, dump import) and building a new database
// file. begin() drops the secondary indexes and count triggers of empty tables; commit() recounts,
// recreates them (and the facet counters) and copies the trigram index built on a side thread.
//   begin / commit / rollback ........ the bulk transaction
//   insert_* ......................... one row each (accounts also count their short grams)
//   build_new_database ............... a side file renamed into place when complete
#include <filesystem>

#include "core/util/case_fold.hpp"
#include "server/fts_side_build.hpp"
#include "server/store.hpp"
#include "server/store_internal.hpp"

namespace crm::server {

using namespace store_impl;

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
            "                                'opportunities_count_insert', ?, ?, ?)))");
        for (int i = 0; i < 3; ++i) s.bind(i + 1, kFacetTriggers[i]);   // the facet counters: rebuilt by commit()
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
    if (!deferred_schema_.empty()) rebuild_facet_counts(*writer_);   // their triggers were deferred too
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

void Store::rollback() {
    std::lock_guard lock(write_mu_);
    deferred_schema_.clear();   // the dropped indexes and triggers come back with the rollback
    bulk_grams_.clear();
    fts_side_.reset();          // stops the side index thread and deletes its file
    if (!sqlite3_get_autocommit(writer_->handle())) writer_->exec("ROLLBACK");   // an I/O error may have ended it
    writer_->exec("PRAGMA cache_size = -65536");
    invalidate_counts();
}

void Store::insert_account_record(const AccountRecord& r) {
    insert_account_row(r.account, r.version, false);   // the dump's counts are not trusted: commit() recounts
}

}  // namespace crm::server
