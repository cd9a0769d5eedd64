// store_internal.hpp: what the Store's source files share, and nothing else includes. Server-only.
//   Store::ReadLease ....... a read connection (or the writer, for ":memory:") for one call
//   Transaction ............ BEGIN IMMEDIATE on the writer; ROLLBACK unless commit()
//   folded columns ......... website_fold, short grams, FTS phrases (store_search.cpp)
//   stored JSON text ....... billing_address and tags columns (store_records.cpp)
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "server/store.hpp"

namespace crm::server {

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

namespace store_impl {

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

// ---- Folded columns and their indexes (store_search.cpp) ----
size_t code_points(const std::string& s);
// core::case_fold(website) without its http(s) scheme: what a search matches in a website.
std::string website_fold(const std::string& website);
// The distinct substrings of one or two code points of `a` and of `b` (folded columns), sorted.
std::vector<std::string> short_grams(const std::string& a, const std::string& b);
// Adds each "gram\x1fstage" -> delta of `deltas` to account_short_grams.
void write_gram_counts(Database& db, const std::unordered_map<std::string, int64_t>& deltas);
// An FTS5 phrase that matches `text` literally (trigram tokenizer: substring match).
std::string fts_phrase(const std::string& text);

// ---- The list query's WHERE clause (store_search.cpp), for every reader of "the accounts q matches" ----
struct Filter {
    std::string where = " WHERE 1=1";   // over "accounts a"
    std::vector<std::string> args;      // bound in order
};
// `scan_search`: test the search per row (instr on the folded columns) instead of through the
// trigram index; same matches, cheaper when walking an index over a common term.
Filter make_filter(const core::AccountQuery& q, bool scan_search = false);
// What a count depends on: every filter's value as the server matches it (a cache key).
std::string count_key(const core::AccountQuery& q);

// ---- Facet counters (store_facets.cpp) ----
// account_facet_counts recomputed from the accounts table (migration backfill, after a bulk load).
void rebuild_facet_counts(Database& db);
// The triggers that keep it: dropped for a bulk load into an empty table, like the other count triggers.
inline constexpr const char* kFacetTriggers[] = {"accounts_facets_insert", "accounts_facets_update",
                                                 "accounts_facets_delete"};

// ---- Stored JSON text (store_records.cpp): billing_address and tags as the API sends them ----
std::string address_to_text(const std::optional<core::BillingAddress>& b);
std::optional<core::BillingAddress> address_from_text(const std::string& text);
std::string tags_to_text(const std::vector<std::string>& tags);
std::vector<std::string> tags_from_text(const std::string& text);
// An account from a row of read_account's columns (also scan_accounts').
AccountRecord account_from_row(const Statement& s);

}  // namespace store_impl

}  // namespace crm::server
