// fts_side_build.cpp: see fts_side_build.hpp. The side file has no journal (it is thrown away on any
// failure); the FTS5 segment format of a contentless table is the one an external-content table uses.
#include "server/fts_side_build.hpp"

#include <filesystem>
#include <utility>

namespace crm::server {

namespace {
constexpr size_t kBatchRows = 4096;
constexpr size_t kMaxQueuedBatches = 8;   // bounds memory: the loader waits if indexing falls behind
}  // namespace

FtsSideBuilder::FtsSideBuilder(std::string path, std::string create_sql, std::string insert_sql)
    : path_(std::move(path)), insert_sql_(std::move(insert_sql)) {
    std::filesystem::remove(path_);
    {
        Database probe(path_, OpenMode::BulkLoad);   // fail here, in the caller's thread, if it cannot be created
    }
    thread_ = std::thread([this, sql = std::move(create_sql)] { run(sql); });
}

FtsSideBuilder::~FtsSideBuilder() {
    {
        std::lock_guard lock(mu_);
        stop_ = closed_ = true;
    }
    cv_.notify_all();
    if (thread_.joinable()) thread_.join();
    std::error_code ignored;
    std::filesystem::remove(path_, ignored);
}

void FtsSideBuilder::add(int64_t rowid, std::string col1, std::string col2) {
    batch_.push_back(Row{rowid, std::move(col1), std::move(col2)});
    if (batch_.size() >= kBatchRows) flush_batch();
}

void FtsSideBuilder::flush_batch() {
    if (batch_.empty()) return;
    std::unique_lock lock(mu_);
    cv_.wait(lock, [this] { return queue_.size() < kMaxQueuedBatches || failure_ || stop_; });
    queue_.push_back(std::move(batch_));
    batch_ = {};
    batch_.reserve(kBatchRows);
    lock.unlock();
    cv_.notify_all();
}

void FtsSideBuilder::run(const std::string& create_sql) {
    try {
        Database db(path_, OpenMode::BulkLoad);
        db.exec("PRAGMA cache_size = -131072");
        db.exec(create_sql);
        db.exec("BEGIN");
        for (;;) {
            std::vector<Row> rows;
            {
                std::unique_lock lock(mu_);
                cv_.wait(lock, [this] { return !queue_.empty() || closed_; });
                if (stop_) return;
                if (queue_.empty()) break;   // closed and drained
                rows = std::move(queue_.front());
                queue_.pop_front();
            }
            cv_.notify_all();
            for (const Row& r : rows) {
                db.prepare(insert_sql_)
                    .bind(1, r.rowid).bind(2, r.col1).bind(3, r.col2).run();
            }
        }
        db.exec("COMMIT");
    } catch (...) {
        std::lock_guard lock(mu_);
        failure_ = std::current_exception();
    }
    cv_.notify_all();
}

void FtsSideBuilder::copy_into(Database& main, const std::string& table) {
    flush_batch();
    {
        std::lock_guard lock(mu_);
        closed_ = true;
    }
    cv_.notify_all();
    thread_.join();
    if (failure_) std::rethrow_exception(failure_);
    Database side(path_, OpenMode::ReadOnly);
    struct Shadow {
        const char* suffix;
        const char* columns;
        int n;
    };
    for (const Shadow& sh : {Shadow{"_data", "id, block", 2}, Shadow{"_idx", "segid, term, pgno", 3},
                             Shadow{"_docsize", "id, sz", 2}}) {
        const std::string target = table + sh.suffix;
        const std::string placeholders = sh.n == 2 ? "?, ?" : "?, ?, ?";
        main.exec("DELETE FROM " + target);
        Statement from = side.prepare(std::string("SELECT ") + sh.columns + " FROM fts" + sh.suffix);
        while (from.step()) {
            Statement to = main.prepare("INSERT INTO " + target + " (" + sh.columns + ") VALUES (" + placeholders + ")");
            for (int c = 0; c < sh.n; ++c) to.bind_column(c + 1, from, c);
            to.run();
        }
    }
}

}  // namespace crm::server
