// store.cpp: the Store's connections: one writer, a pool of read connections, read snapshots.
// The rest of the Store is in files named for what they hold:
//   store_schema.cpp ....... the versioned schema and its migrations
//   store_search.cpp ....... search planning (filters, FTS, short terms, ordering) and counts
//   store_records.cpp ...... accounts, contacts and users: read, create, update, delete
//   store_bulk_load.cpp .... bulk loading (demo data, dump import) and new database files
// Every query is a prepared statement; user input only ever reaches SQLite as a bound parameter.
#include "server/store.hpp"

#include <chrono>
#include <ctime>

#include "server/fts_side_build.hpp"
#include "server/store_internal.hpp"

namespace crm::server {

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

void Store::in_bulk(const std::function<void(Database&)>& fn) {
    std::lock_guard lock(write_mu_);
    fn(*writer_);
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
