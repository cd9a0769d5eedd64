// store.hpp: the reference server's storage on SQLite (versioned schema, prepared statements, one
// writer connection and a small pool of read connections). Server-only: no HTTP here; handlers
// translate between HTTP and these calls.
#pragma once
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <unordered_map>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/api/accounts_api.hpp"
#include "core/model/account.hpp"
#include "core/model/contact.hpp"
#include "core/model/validation.hpp"
#include "server/sqlite_db.hpp"

namespace crm::server {

using User = core::User;

struct AccountPage {
    int64_t count = 0;
    std::vector<core::Account> rows;
};

struct ContactPage {
    int64_t count = 0;
    std::vector<core::Contact> rows;
};

// An account with its row version (the ETag: bumped by every write).
struct AccountRecord {
    core::Account account;
    int64_t version = 0;
};

enum class WriteStatus { Ok, NotFound, PreconditionFailed, Invalid };

struct WriteResult {
    WriteStatus status = WriteStatus::Ok;
    AccountRecord record;            // Ok: the account as stored
    core::FieldErrors errors;        // Invalid: DRF field errors (dotted paths)
};

// Called with the current version inside the write transaction; false -> PreconditionFailed.
using Precondition = std::function<bool(int64_t version)>;

class FtsSideBuilder;

// The facets extension (store_facets.cpp): grouped counts of the accounts a list query matches.
enum class Facet { Stage, Industry, CompanySize, AssignedTo, CreatedMonth };
inline constexpr const char* kFacetNames[] = {"stage", "industry", "companySize", "assignedTo", "createdMonth"};

struct FacetBucket {
    std::optional<std::string> value;                        // nullopt: empty or NULL
    int64_t count = 0, contact_count = 0, open_opportunity_count = 0;
    std::vector<std::pair<std::string, int64_t>> by_stage;  // stages with a non-zero count
};

struct FacetCounts {
    int64_t count = 0, contact_count = 0, open_opportunity_count = 0;
    std::vector<std::pair<Facet, std::vector<FacetBucket>>> facets;   // in the order asked for
};

// Every account of one list query, in its ordering, read from one consistent snapshot: a read
// transaction on a connection of its own, open from Store::open_account_stream until destruction
// (":memory:" has no other connection: the writer is held, and every write waits). Rows are read one
// at a time: memory stays bounded whatever the count. One thread at a time.
class AccountStream {
public:
    struct Impl;
    explicit AccountStream(std::unique_ptr<Impl> impl);
    ~AccountStream();
    AccountStream(const AccountStream&) = delete;
    AccountStream& operator=(const AccountStream&) = delete;
    bool next(core::Account& out);   // the list endpoint's fields of the next row; false at the end; throws DbError

private:
    std::unique_ptr<Impl> impl_;
};

class Store {
public:
    // Opens (creating if needed) and migrates to the latest schema. `readers`: read connections for
    // concurrent reads (0 for ":memory:", where every call uses the writer). Throws DbError.
    // OpenMode::BulkLoad (no readers) is for building a new file that is renamed into place afterwards.
    explicit Store(const std::string& path, int readers = 4, OpenMode mode = OpenMode::ReadWrite);
    ~Store();
    int schema_version();

    // Filters, search and ordering of `q` (page/limit are used as given: 1-based page, limit >= 1).
    AccountPage list_accounts(const core::AccountQuery& q);
    int64_t count_matching(const core::AccountQuery& q);   // cached until the next write
    // What count_matching did for the queries that need a COUNT (search, industry or assignedTo; stage-only
    // counts read the trigger-kept counters): `computed` ran a COUNT query, `joined` waited for an identical
    // one already running (single flight), `cached` was answered from the cache. Totals since the Store opened.
    struct CountStats {
        uint64_t computed = 0, joined = 0, cached = 0;
    };
    CountStats count_stats();
    // `matching` (count_matching's answer, or -1) lets a common search walk the default-order index
    // instead of fetching and sorting every match.
    std::vector<core::Account> page_rows(const core::AccountQuery& q, int64_t matching = -1);
    int64_t count_accounts();
    // Every account matching q's filters and search, in q's ordering (page and limit ignored), from a
    // snapshot taken now (see AccountStream). Throws DbError.
    std::unique_ptr<AccountStream> open_account_stream(const core::AccountQuery& q);

    // Per facet asked for, the matching accounts grouped by its value (sorted as docs/api-facets.md says).
    // Unfiltered or stage-only: read from account_facet_counts (kept by triggers); else one pass over the
    // matching rows. Cached until the next write.
    FacetCounts facet_counts(const core::AccountQuery& q, const std::vector<Facet>& facets);

    std::optional<AccountRecord> get_account(const std::string& id);
    // `body` must already pass core::validate_account_write; it is applied with core::apply_account_write
    // (the console's mapping). This adds "assignedTo must be a known user".
    WriteResult create_account(const nlohmann::json& body);
    WriteResult update_account(const std::string& id, const nlohmann::json& body, const Precondition& pre);
    // Deletes the account and detaches its contacts, opportunities and cases, in one transaction.
    WriteStatus delete_account(const std::string& id, const Precondition& pre);

    std::optional<ContactPage> list_contacts(const std::string& account_id, int64_t offset,
                                             int64_t limit);   // nullopt: no such account; limit < 0: all
    std::vector<User> list_users();
    int64_t count_detached();                                 // contacts, opportunities, cases without an account
    int64_t count_linked_to(const std::string& account_id);   // contacts, opportunities, cases of an account

    // Bulk loading (demo data): call between begin() and commit(); counts in `a` are ignored (derived:
    // commit() recounts every account once). insert_account_counted stores a.contact_count and
    // a.open_opportunity_count as given: the caller vouches that the contacts and open opportunities it
    // inserts for the account match them (saves the recount at a million accounts).
    void insert_user(const User& u);
    void insert_account(const core::Account& a);
    void insert_account_counted(const core::Account& a);
    void insert_contact(const std::string& id, const std::string& account_id, const std::string& first,
                        const std::string& last, const std::string& email, const std::string& title,
                        const std::string& stage);
    void insert_opportunity(const std::string& id, const std::string& account_id, const std::string& name,
                            bool open);
    void insert_case(const std::string& id, const std::string& account_id, const std::string& subject, bool open);
    void begin();
    void commit();

    // Dump import/export (dump.cpp). read_snapshot runs `fn` on a read connection inside one read
    // transaction (a consistent view of every table); scan_accounts reads every account of that view
    // as get_account does (version included), in storage order. rollback() abandons a begin(): nothing
    // inserted since stays. insert_account_record is insert_account with the account's version kept.
    // (In every bulk insert an empty account_id stores NULL: detached.)
    void read_snapshot(const std::function<void(Database&)>& fn);
    void scan_accounts(Database& db, const std::function<void(const AccountRecord&)>& fn);
    void rollback();
    void in_bulk(const std::function<void(Database&)>& fn);   // fn on the writer, inside begin()'s transaction
    void insert_account_record(const AccountRecord& r);

    class ReadLease;   // (store_internal.hpp)

private:
    void migrate();
    void start_fts_side_build();
    // One INSERT for every bulk path: `counted` keeps a's contact/open-opportunity counts (else commit
    // recounts); the new row's short-search grams are counted (count_grams) and its FTS row queued.
    void insert_account_row(const core::Account& a, int64_t version, bool counted);
    // account_short_grams += delta for each 1-2 code point gram of the folded columns under `stage`;
    // during a bulk load gathered in bulk_grams_ and written by commit().
    void count_grams(const std::string& name_fold, const std::string& site_fold, const std::string& stage,
                     int64_t delta);
    void invalidate_counts();
    Database& acquire_reader();
    void release_reader(Database& db);
    std::optional<AccountRecord> read_account(Database& db, const std::string& id);
    std::string new_id(const char* prefix);

    std::string path_;
    std::recursive_mutex write_mu_;                    // the one writer connection
    std::unique_ptr<Database> writer_;
    std::mutex pool_mu_;
    std::condition_variable pool_cv_;
    std::vector<std::unique_ptr<Database>> readers_;
    std::vector<Database*> free_readers_;
    std::mutex count_mu_;                              // count cache, cleared by every write
    uint64_t write_generation_ = 0;
    std::unordered_map<std::string, int64_t> counts_;
    // Single flight: concurrent identical counts wait for the first one instead of each scanning.
    struct PendingCount {
        uint64_t generation = 0;
        bool done = false, ok = false;
        int64_t n = 0;
    };
    std::condition_variable count_cv_;
    std::unordered_map<std::string, std::shared_ptr<PendingCount>> pending_counts_;
    CountStats count_stats_;                           // guarded by count_mu_
    struct CachedFacets {
        uint64_t generation = 0;                       // write_generation_ when computed
        std::shared_ptr<const FacetCounts> counts;
    };
    std::unordered_map<std::string, CachedFacets> facet_cache_;   // guarded by count_mu_
    // Single flight for facets, as for counts: an identical request waits for the one computing.
    struct PendingFacets {
        uint64_t generation = 0;
        bool done = false;
        std::shared_ptr<const FacetCounts> counts;     // null: that computation failed
    };
    std::unordered_map<std::string, std::shared_ptr<PendingFacets>> pending_facets_;   // guarded by count_mu_
    std::vector<std::string> deferred_schema_;         // CREATE statements begin() dropped for a bulk load
    bool bulk_recount_ = false;                        // an account was bulk-inserted without its counts
    std::unique_ptr<FtsSideBuilder> fts_side_;         // bulk load into a file: FTS built on another thread
    std::unordered_map<std::string, int64_t> bulk_grams_;   // "gram\x1fstage" -> accounts, during a bulk load
    std::mt19937_64 rng_;
    int64_t last_id_millis_ = 0;
};

// Creates the database file `path`, which must not exist yet: `fill` loads a Store opened in BulkLoad
// mode on a side file next to it, which is then renamed into place, so `path` is either absent or
// complete (a crash mid-build leaves only the side file, removed by the next build). A WAL left
// behind by a deleted database of the same name is removed first: it would be replayed into the new
// file. Throws DbError or std::filesystem::filesystem_error.
void build_new_database(const std::string& path, const std::function<void(Store&)>& fill);

std::string now_rfc3339();   // the current UTC time, RFC 3339 to the second

}  // namespace crm::server
