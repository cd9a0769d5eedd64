// dump.hpp: JSON dump export/import of the reference server's data (docs/dump-format.md). Server-only;
// streams record by record in both directions and must never hold the whole document in memory.
#pragma once
#include <cstdint>
#include <cstdio>
#include <istream>
#include <stdexcept>
#include <string>

#include "server/store.hpp"

namespace crm::server {

inline constexpr const char* kDumpFormat = "accounts-console-dump";
inline constexpr int kDumpVersion = 1;

// A refused export or import. `code` is stable: dump.io (cannot read/write a file), dump.not_json,
// dump.bad_format (not a dump, or an unsupported version), dump.invalid (a bad record; the message names
// the array, the index and the field), dump.not_empty (import into a database that has data).
struct DumpError : std::runtime_error {
    DumpError(std::string c, const std::string& what) : std::runtime_error(what), code(std::move(c)) {}
    std::string code;
};

struct DumpCounts {
    int64_t users = 0, accounts = 0, contacts = 0, opportunities = 0, cases = 0;
};

// Writes every table to `out` as one JSON document, one record per line, from one read snapshot.
// `exported_at` is the RFC 3339 time written as "exportedAt". Throws DumpError (dump.io) or DbError.
DumpCounts export_dump(Store& store, std::FILE* out, const std::string& exported_at);

// Loads a dump into an empty store in one bulk transaction (Store::begin/commit). On any error the
// transaction is rolled back (the store stays empty) and DumpError or DbError is thrown.
DumpCounts import_dump(Store& store, std::istream& in);

// Command-line wrappers for --export FILE / --import FILE ("-" = stdout / stdin). They print a one-line
// result or error to stderr and return the process exit code: 0 done, 2 refused input, 1 I/O or database.
int run_export(Store& store, const std::string& path);
int run_import(Store& store, const std::string& path);

}  // namespace crm::server
