// store_search.cpp: how the Store finds and counts accounts for a list query.
//   folded columns ........ website_fold, short grams and their counts, FTS phrases
//   ordering, list columns  the registry's ordering keys -> ORDER BY; its summary fields -> SELECT
//   filters ............... the query's filters (core::kAccountFilters) -> WHERE and bound values
//   count_matching ........ counters, short-gram counts, or a COUNT (cached until a write, single flight)
//   page_rows ............. one page: FTS first, a walk of the order's index, or the short-term plan
#include <algorithm>
#include <set>

#include "core/model/account_fields.hpp"
#include "core/util/case_fold.hpp"
#include "core/util/url.hpp"
#include "server/store.hpp"
#include "server/store_internal.hpp"

namespace crm::server {

namespace store_impl {

size_t code_points(const std::string& s) {
    size_t n = 0;
    for (unsigned char c : s) n += (c & 0xC0) != 0x80;
    return n;
}

std::string website_fold(const std::string& website) { return core::case_fold(core::without_http_scheme(website)); }

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

void write_gram_counts(Database& db, const std::unordered_map<std::string, int64_t>& deltas) {
    for (const auto& [key, delta] : deltas) {
        if (delta == 0) continue;
        const size_t sep = key.rfind('\x1f');
        db.prepare("INSERT INTO account_short_grams (gram, stage, n) VALUES (?, ?, ?) "
                   "ON CONFLICT (gram, stage) DO UPDATE SET n = n + excluded.n")
            .bind(1, key.substr(0, sep)).bind(2, key.substr(sep + 1)).bind(3, delta).run();
    }
}

std::string fts_phrase(const std::string& text) {
    std::string out = "\"";
    for (char c : text) {
        if (c == '"') out += '"';
        out += c;
    }
    return out + "\"";
}

}  // namespace store_impl

using namespace store_impl;

namespace {

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

// ordering value -> ORDER BY, from the field registry's ordering keys; anything else is ignored (DRF
// behaviour). Ties break on id.
std::string order_by(const std::string& ordering) {
    const core::AccountField* f = core::find_ordering_field(ordering);
    if (!f || !f->sql_column) return "a.updated_at DESC, a.id ASC";
    const bool desc = !ordering.empty() && ordering[0] == '-';
    return std::string(f->sql_column) + (f->sql_nocase ? " COLLATE NOCASE" : "") + (desc ? " DESC" : " ASC") +
           ", a.id ASC";
}

// The list endpoint's fields (the registry's summary fields), in the registry's order: the SELECT's
// columns and the positional decode of its rows follow the same list.
const std::vector<const core::AccountField*>& list_columns() {
    static const std::vector<const core::AccountField*> columns = [] {
        std::vector<const core::AccountField*> v;
        for (const core::AccountField& f : core::account_fields()) {
            if (f.flags & core::kInSummary) v.push_back(&f);
        }
        return v;
    }();
    return columns;
}

std::string list_select(const std::string& from) {
    std::string sql = "SELECT ";
    for (const core::AccountField* f : list_columns()) sql += std::string(sql.size() > 7 ? ", " : "") + f->sql_column;
    return sql + from;
}

core::Account list_row(const Statement& s) {
    core::Account a;
    int i = 0;
    for (const core::AccountField* f : list_columns()) {
        if (f->text_member) a.*f->text_member = s.text(i);
        else if (f->count_member) a.*f->count_member = s.int64(i);
        else if (f->number_member) a.*f->number_member = s.real_or_null(i);
        ++i;
    }
    return a;
}

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

}  // namespace

// The WHERE clause and its bound values for the filters and search of `q` (store_internal.hpp).
Filter store_impl::make_filter(const core::AccountQuery& q, bool scan_search) {
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

// What a count depends on: every filter's value as the server matches it (store_internal.hpp).
std::string store_impl::count_key(const core::AccountQuery& q) {
    std::string key;
    for (const core::AccountFilter& f : core::kAccountFilters) key += core::filter_match_value(f, q) + '\x1f';
    return key;
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

namespace {

// The FROM, WHERE and bound values that find the rows of `q` (filters and search; the ORDER BY is
// order_by(q.ordering)), for `wanted` rows from the start of that order (all of them: `matching`).
// `db` answers the plan's own look-ups (the short grams present), on the caller's snapshot.
struct RowsPlan {
    std::string from = " FROM accounts a";
    Filter filter;
};

RowsPlan plan_rows(Database& db, const core::AccountQuery& q, int64_t matching, int64_t wanted, int64_t total) {
    RowsPlan plan;
    Filter& f = plan.filter = make_filter(q);
    // A search matching many rows, in the default order: walking the order's index and testing each
    // row's folded columns reads about wanted * total / matching rows, far fewer than fetching and
    // sorting every match. Rare terms keep the FTS-first plan.
    const std::string folded = core::search_term(q);
    if (!folded.empty() && matching > 0 && order_by(q.ordering) == order_by("")) {
        const double scan = static_cast<double>(wanted) * static_cast<double>(total) / static_cast<double>(matching);
        if (scan < 10.0 * static_cast<double>(matching)) {
            // Walk the index of the first filter set (each is in the default order), else the order's own.
            const char* index = "accounts_updated";
            for (const core::AccountFilter& filter : core::kAccountFilters) {
                if (filter.sql_index && core::filter_set(filter, q)) {
                    index = filter.sql_index;
                    break;
                }
            }
            plan.from = std::string(" FROM accounts a INDEXED BY ") + index;
            f = make_filter(q, /*scan_search=*/true);
        }
    }
    const bool walk = plan.from != " FROM accounts a";
    if (!walk && matching > 0 && !folded.empty() && code_points(folded) <= 2 && core::only_filters(q, {"stage", "search"})) {
        // A rare one- or two-character term: its rows through the trigrams that contain it (plus the few
        // columns too short for a trigram) instead of a scan of every account.
        std::set<std::string> present;
        {
            Statement g = db.prepare("SELECT gram FROM account_short_grams GROUP BY gram HAVING SUM(n) > 0");
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
    return plan;
}

int64_t total_accounts(Database& db) {
    Statement s = db.prepare("SELECT COALESCE(SUM(n), 0) FROM account_stage_counts");
    return s.step() ? s.int64(0) : 0;
}

}  // namespace

std::vector<core::Account> Store::page_rows(const core::AccountQuery& q, int64_t matching) {
    if (matching == 0) return {};   // counted just before: nothing to look for
    ReadLease lease(*this);
    Database& db = lease.db();
    const int64_t total = core::search_term(q).empty() ? 0 : total_accounts(db);
    const RowsPlan plan = plan_rows(db, q, matching, static_cast<int64_t>(q.page) * q.limit, total);
    Statement s = db.prepare(list_select(plan.from) + plan.filter.where + " ORDER BY " + order_by(q.ordering) +
                             " LIMIT ? OFFSET ?");
    int i = 1;
    for (const auto& a : plan.filter.args) s.bind(i++, a);
    s.bind(i++, static_cast<int64_t>(q.limit));
    s.bind(i++, static_cast<int64_t>(q.page - 1) * q.limit);
    std::vector<core::Account> rows;
    while (s.step()) rows.push_back(list_row(s));
    return rows;
}

// One read transaction on a connection of its own (":memory:": the writer, held until the end), and
// the statement that walks the rows.
struct AccountStream::Impl {
    std::unique_ptr<Database> own;
    std::unique_ptr<Store::ReadLease> lease;   // ":memory:" only
    Database* db = nullptr;
    std::unique_ptr<Statement> rows;
    bool open = false;                          // inside BEGIN
    bool done = false;
    ~Impl() {
        rows.reset();
        if (open) {
            try {
                db->exec("COMMIT");
            } catch (const DbError&) {
            }
        }
    }
};

AccountStream::AccountStream(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
AccountStream::~AccountStream() = default;

bool AccountStream::next(core::Account& out) {
    if (impl_->done) return false;
    if (!impl_->rows->step()) {
        impl_->done = true;
        return false;
    }
    out = list_row(*impl_->rows);
    return true;
}

std::unique_ptr<AccountStream> Store::open_account_stream(const core::AccountQuery& q) {
    const int64_t matching = count_matching(q);   // for the plan only (rows come from the snapshot)
    auto impl = std::make_unique<AccountStream::Impl>();
    if (readers_.empty()) {
        impl->lease = std::make_unique<ReadLease>(*this);
        impl->db = &impl->lease->db();
    } else {
        impl->own = std::make_unique<Database>(path_, OpenMode::ReadOnly);
        impl->db = impl->own.get();
        // One pass over the rows: a small page cache, and a sort (an ordering without an index) that
        // spills to a temporary file instead of memory. Memory per stream stays about 1 MiB.
        impl->own->exec("PRAGMA cache_size = -1024");
        impl->own->exec("PRAGMA temp_store = FILE");
    }
    Database& db = *impl->db;
    db.exec("BEGIN");
    impl->open = true;
    // The snapshot starts with the transaction's first read: this one.
    const int64_t total = total_accounts(db);
    const RowsPlan plan = plan_rows(db, q, std::max<int64_t>(matching, 1), std::max<int64_t>(matching, 1), total);
    impl->rows = std::make_unique<Statement>(db.handle(), list_select(plan.from) + plan.filter.where + " ORDER BY " +
                                                              order_by(q.ordering));
    int i = 1;
    for (const auto& a : plan.filter.args) impl->rows->bind(i++, a);
    return std::unique_ptr<AccountStream>(new AccountStream(std::move(impl)));
}

AccountPage Store::list_accounts(const core::AccountQuery& q) {
    AccountPage page;
    page.count = count_matching(q);
    page.rows = page_rows(q, page.count);
    return page;
}

void Store::count_grams(const std::string& name_fold, const std::string& site_fold, const std::string& stage,
                        int64_t delta) {
    std::unordered_map<std::string, int64_t> one;
    auto& target = deferred_schema_.empty() ? one : bulk_grams_;   // bulk load: written once at commit
    for (const std::string& g : short_grams(name_fold, site_fold)) target[g + '\x1f' + stage] += delta;
    if (!one.empty()) write_gram_counts(*writer_, one);
}

}  // namespace crm::server
