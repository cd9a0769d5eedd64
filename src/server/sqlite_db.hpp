// sqlite_db.hpp: a thin RAII layer over SQLite: one connection, prepared statements only.
// Server-only (native): the console never links it.
#pragma once
#include <sqlite3.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace crm::server {

class Statement {
public:
    Statement(sqlite3* db, std::string_view sql);   // aborts with a message on a SQL syntax error
    ~Statement();
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    Statement& bind(int index, std::string_view value);   // 1-based, like SQLite
    Statement& bind(int index, int64_t value);
    Statement& bind(int index, double value);
    Statement& bind_null(int index);
    Statement& bind(int index, const std::optional<double>& value);

    bool step();                                        // true: a row is ready; false: done
    void run();                                         // step() until done; throws nothing, aborts on error
    std::string text(int col) const;
    int64_t int64(int col) const;
    std::optional<double> real_or_null(int col) const;
    bool is_null(int col) const;

private:
    sqlite3* db_;
    sqlite3_stmt* stmt_ = nullptr;
};

class Database {
public:
    explicit Database(const std::string& path);         // ":memory:" for tests; aborts if it cannot open
    ~Database();
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;

    void exec(std::string_view sql);                    // for DDL and pragmas only (no user input)
    Statement prepare(std::string_view sql) { return Statement(db_, sql); }
    sqlite3* handle() { return db_; }

private:
    sqlite3* db_ = nullptr;
};

}  // namespace crm::server
