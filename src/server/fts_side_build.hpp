// fts_side_build.hpp: builds an FTS5 trigram index on a second thread, in a side SQLite file, while a
// bulk load fills the accounts table; the result is copied into the store's FTS shadow tables. Bulk
// loading only (Store::begin/commit): no HTTP, no reads of the main database from the other thread.
#pragma once
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <exception>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "server/sqlite_db.hpp"

namespace crm::server {

class FtsSideBuilder {
public:
    // `create_sql` makes a contentless FTS5 table named `fts` with the main table's columns and
    // tokenizer; `insert_sql` inserts (rowid, col1, col2) into it. Starts the thread; throws DbError if
    // the side file cannot be created.
    FtsSideBuilder(std::string path, std::string create_sql, std::string insert_sql);
    ~FtsSideBuilder();   // stops the thread and removes the side file
    FtsSideBuilder(const FtsSideBuilder&) = delete;
    FtsSideBuilder& operator=(const FtsSideBuilder&) = delete;

    void add(int64_t rowid, std::string col1, std::string col2);   // blocks while the queue is full
    // Waits for the thread, then copies the side index into `main`'s shadow tables `<table>_data`,
    // `<table>_idx` and `<table>_docsize` (replacing theirs). Rethrows the thread's failure.
    void copy_into(Database& main, const std::string& table);

private:
    struct Row {
        int64_t rowid;
        std::string col1, col2;
    };
    void run(const std::string& create_sql);
    void flush_batch();

    std::string path_, insert_sql_;
    std::vector<Row> batch_;
    std::mutex mu_;
    std::condition_variable cv_;
    std::deque<std::vector<Row>> queue_;
    bool closed_ = false, stop_ = false;
    std::exception_ptr failure_;
    std::thread thread_;
};

}  // namespace crm::server
