// sqlite_db.hpp: a thin RAII layer over SQLite: one connection, prepared statements only (cached
// per connection). Server-only (native): the console never links it.
#pragma once
#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>

namespace crm::server {

// A SQLite failure at run time (busy beyond the timeout, disk full, constraint): the request fails
// with a 500; the server keeps running. `code` is SQLite's extended result code.
struct DbError : std::runtime_error {
    DbError(int c, const std::string& what) : std::runtime_error(what), code(c) {}
    int code;
};

class Statement {
public:
    Statement(sqlite3* db, std::string_view sql);        // owned: finalized on destruction
    Statement(sqlite3* db, sqlite3_stmt* cached, bool* in_use);  // borrowed from the cache: reset on destruction
    ~Statement();
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    Statement& bind(int index, std::string_view value);   // 1-based, like SQLite
    Statement& bind(int index, int64_t value);
    Statement& bind(int index, double value);
    Statement& bind_null(int index);
    Statement& bind(int index, const std::optional<double>& value);
    Statement& bind_text_or_null(int index, std::string_view value);   // "" -> NULL
    Statement& bind_column(int index, const Statement& row, int col);   // row's column as is (any type, blobs)

    bool step();                                        // true: a row is ready; false: done; throws DbError
    void run();                                         // step() until done
    std::string text(int col) const;
    int64_t int64(int col) const;
    std::optional<double> real_or_null(int col) const;
    bool is_null(int col) const;

private:
    sqlite3* db_;
    sqlite3_stmt* stmt_ = nullptr;
    bool* in_use_ = nullptr;                            // cached statement's flag; nullptr when owned
};

// ReadWrite: WAL, synchronous=NORMAL. BulkLoad: building a new file nobody else opens (no journal, no
// fsync, exclusive lock): fast, but a crash leaves the file unusable, so build a side file and rename it.
enum class OpenMode { ReadWrite, ReadOnly, BulkLoad };

class Database {
public:
    explicit Database(const std::string& path, OpenMode mode = OpenMode::ReadWrite);   // throws DbError if it cannot open
    ~Database();
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;

    void exec(std::string_view sql);                    // for DDL and pragmas only (no user input); throws DbError
    Statement prepare(std::string_view sql);            // prepared once per connection, then reused
    sqlite3* handle() { return db_; }
    int64_t changes() { return sqlite3_changes64(db_); }

private:
    struct Cached {
        sqlite3_stmt* stmt = nullptr;
        bool in_use = false;
    };
    sqlite3* db_ = nullptr;
    std::unordered_map<std::string, Cached> cache_;
};

}  // namespace crm::server
