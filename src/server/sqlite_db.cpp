// sqlite_db.cpp: RAII SQLite wrapper. Failures that mean a broken installation abort loudly;
// constraint failures are reported by step()'s caller through sqlite3_errmsg.
#include "server/sqlite_db.hpp"

#include <cstdio>
#include <cstdlib>

namespace crm::server {

[[noreturn]] static void fatal(sqlite3* db, const char* what) {
    std::fprintf(stderr, "accounts-server: sqlite %s failed: %s\n", what, db ? sqlite3_errmsg(db) : "?");
    std::abort();
}

Statement::Statement(sqlite3* db, std::string_view sql) : db_(db) {
    if (sqlite3_prepare_v2(db, sql.data(), static_cast<int>(sql.size()), &stmt_, nullptr) != SQLITE_OK) {
        fatal(db, "prepare");
    }
}

Statement::~Statement() { sqlite3_finalize(stmt_); }

Statement& Statement::bind(int index, std::string_view value) {
    sqlite3_bind_text(stmt_, index, value.data(), static_cast<int>(value.size()), SQLITE_TRANSIENT);
    return *this;
}
Statement& Statement::bind(int index, int64_t value) {
    sqlite3_bind_int64(stmt_, index, value);
    return *this;
}
Statement& Statement::bind(int index, double value) {
    sqlite3_bind_double(stmt_, index, value);
    return *this;
}
Statement& Statement::bind_null(int index) {
    sqlite3_bind_null(stmt_, index);
    return *this;
}
Statement& Statement::bind(int index, const std::optional<double>& value) {
    return value ? bind(index, *value) : bind_null(index);
}

bool Statement::step() {
    int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    fatal(db_, "step");
}

void Statement::run() {
    while (step()) {
    }
}

std::string Statement::text(int col) const {
    const unsigned char* t = sqlite3_column_text(stmt_, col);
    return t ? std::string(reinterpret_cast<const char*>(t), static_cast<size_t>(sqlite3_column_bytes(stmt_, col)))
             : std::string();
}
int64_t Statement::int64(int col) const { return sqlite3_column_int64(stmt_, col); }
bool Statement::is_null(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }
std::optional<double> Statement::real_or_null(int col) const {
    if (is_null(col)) return std::nullopt;
    return sqlite3_column_double(stmt_, col);
}

Database::Database(const std::string& path) {
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX;
    if (sqlite3_open_v2(path.c_str(), &db_, flags, nullptr) != SQLITE_OK) fatal(db_, "open");
    sqlite3_busy_timeout(db_, 5000);
    exec("PRAGMA foreign_keys = ON");
    if (path != ":memory:") exec("PRAGMA journal_mode = WAL");
    exec("PRAGMA synchronous = NORMAL");
}

Database::~Database() { sqlite3_close(db_); }

void Database::exec(std::string_view sql) {
    std::string s(sql);
    char* err = nullptr;
    if (sqlite3_exec(db_, s.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
        std::fprintf(stderr, "accounts-server: %s\n", err ? err : "?");
        sqlite3_free(err);
        std::abort();
    }
}

}  // namespace crm::server
