// sqlite_db.cpp: RAII SQLite wrapper with a per-connection statement cache. Errors throw DbError
// (the HTTP layer turns them into 500s); SQL syntax errors are programming errors and throw too.
#include "server/sqlite_db.hpp"

namespace crm::server {

[[noreturn]] static void fail(sqlite3* db, const char* what) {
    int code = db ? sqlite3_extended_errcode(db) : SQLITE_ERROR;
    throw DbError(code, std::string("sqlite ") + what + " failed: " + (db ? sqlite3_errmsg(db) : "?"));
}

Statement::Statement(sqlite3* db, std::string_view sql) : db_(db) {
    if (sqlite3_prepare_v2(db, sql.data(), static_cast<int>(sql.size()), &stmt_, nullptr) != SQLITE_OK) {
        fail(db, "prepare");
    }
}

Statement::Statement(sqlite3* db, sqlite3_stmt* cached, bool* in_use) : db_(db), stmt_(cached), in_use_(in_use) {
    *in_use_ = true;
}

Statement::~Statement() {
    if (in_use_) {
        sqlite3_reset(stmt_);
        sqlite3_clear_bindings(stmt_);
        *in_use_ = false;
    } else {
        sqlite3_finalize(stmt_);
    }
}

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
Statement& Statement::bind_text_or_null(int index, std::string_view value) {
    return value.empty() ? bind_null(index) : bind(index, value);
}
Statement& Statement::bind_column(int index, const Statement& row, int col) {
    sqlite3_bind_value(stmt_, index, sqlite3_column_value(row.stmt_, col));
    return *this;
}

bool Statement::step() {
    int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    sqlite3_reset(stmt_);
    fail(db_, "step");
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

Database::Database(const std::string& path, OpenMode mode) {
    const bool read_only = mode == OpenMode::ReadOnly;
    int flags = (read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) |
                SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_URI;
    if (sqlite3_open_v2(path.c_str(), &db_, flags, nullptr) != SQLITE_OK) {
        std::string msg = "cannot open database " + path + ": " + (db_ ? sqlite3_errmsg(db_) : "out of memory");
        sqlite3_close(db_);
        db_ = nullptr;
        throw DbError(SQLITE_CANTOPEN, msg);
    }
    sqlite3_busy_timeout(db_, 5000);
    exec("PRAGMA foreign_keys = ON");
    if (mode == OpenMode::BulkLoad) {
        exec("PRAGMA locking_mode = EXCLUSIVE");
        exec("PRAGMA journal_mode = OFF");
        exec("PRAGMA synchronous = OFF");
    } else {
        if (!read_only && path != ":memory:") exec("PRAGMA journal_mode = WAL");
        exec("PRAGMA synchronous = NORMAL");
    }
    exec("PRAGMA cache_size = -65536");      // 64 MiB page cache per connection
    exec("PRAGMA temp_store = MEMORY");
}

Database::~Database() {
    for (auto& [sql, c] : cache_) sqlite3_finalize(c.stmt);
    sqlite3_close(db_);
}

Statement Database::prepare(std::string_view sql) {
    auto it = cache_.find(std::string(sql));
    if (it == cache_.end()) {
        Cached c;
        if (sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT, &c.stmt,
                               nullptr) != SQLITE_OK) {
            fail(db_, "prepare");
        }
        it = cache_.emplace(std::string(sql), c).first;
    }
    if (it->second.in_use) return Statement(db_, sql);   // nested use of the same SQL: a one-off statement
    return Statement(db_, it->second.stmt, &it->second.in_use);
}

void Database::exec(std::string_view sql) {
    std::string s(sql);
    char* err = nullptr;
    if (sqlite3_exec(db_, s.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
        std::string msg = err ? err : "?";
        sqlite3_free(err);
        throw DbError(sqlite3_extended_errcode(db_), "sqlite: " + msg);
    }
}

}  // namespace crm::server
