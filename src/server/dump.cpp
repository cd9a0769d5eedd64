// dump.cpp: JSON dump export (record by record from one read snapshot) and import (a SAX reader that
// builds one array element at a time, validated, then bulk-inserted). Never builds the whole document.
#include "server/dump.hpp"

#include <cerrno>
#include <chrono>
#include <cstring>
#include <ctime>
#include <exception>
#include <fstream>
#include <functional>
#include <iostream>
#include <string_view>
#include <vector>

#include "core/model/account_json.hpp"
#include "core/util/text.hpp"
#include "core/model/contact_json.hpp"
#include "core/model/validation.hpp"

namespace crm::server {

namespace {

using nlohmann::json;

std::string to_text(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

json nullable(const std::string& s) { return s.empty() ? json(nullptr) : json(s); }

// ---- export ----

// Buffered writer: the document goes out in 1 MiB writes, whatever the FILE's own buffering.
class Writer {
public:
    explicit Writer(std::FILE* f) : f_(f) { buf_.reserve(kChunk + 4096); }
    void put(std::string_view s) {
        buf_.append(s);
        if (buf_.size() >= kChunk) flush();
    }
    void flush() {
        if (!buf_.empty() && std::fwrite(buf_.data(), 1, buf_.size(), f_) != buf_.size()) {
            throw DumpError("dump.io", std::string("cannot write the dump: ") + std::strerror(errno));
        }
        buf_.clear();
    }
    // "name":[ records... ] with one record per line.
    void begin_array(const char* name, bool first) {
        put(first ? "\"" : ",\"");
        put(name);
        put("\":[");
        records_ = 0;
    }
    void record(const json& j) {
        put(records_++ == 0 ? "\n" : ",\n");
        put(to_text(j));
    }
    void end_array() { put(records_ > 0 ? "\n]" : "]"); }
    int64_t records() const { return records_; }

private:
    static constexpr size_t kChunk = 1 << 20;
    std::FILE* f_;
    std::string buf_;
    int64_t records_ = 0;
};

// ---- import ----

enum class Section { Users, Accounts, Contacts, Opportunities, Cases };

struct SectionInfo {
    Section section;
    const char* name;
    int rank;   // 2 (what points at accounts) must not come before 1 (accounts): see begin_section
};

constexpr SectionInfo kSections[] = {
    {Section::Users, "users", 0},
    {Section::Accounts, "accounts", 1},
    {Section::Contacts, "contacts", 2},
    {Section::Opportunities, "opportunities", 2},
    {Section::Cases, "cases", 2},
};

const SectionInfo* find_section(const std::string& key) {
    for (const auto& s : kSections) {
        if (key == s.name) return &s;
    }
    return nullptr;
}

constexpr size_t kMaxElementDepth = 16;
constexpr const char* kRequired = "This field is required.";
constexpr const char* kNotString = "Not a valid string.";

// `where` is "accounts[12]"; the message names the field.
[[noreturn]] void bad(const std::string& where, const std::string& field, const std::string& message) {
    throw DumpError("dump.invalid", where + (field.empty() ? "" : "." + field) + ": " + message);
}

// Ids travel in URL paths: 1-255 unreserved characters.
bool valid_id(const std::string& id) {
    if (id.empty() || id.size() > 255 || id == "." || id == "..") return false;
    for (unsigned char c : id) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
                        c == '_' || c == '.' || c == '~';
        if (!ok) return false;
    }
    return true;
}

std::string required_id(const json& e, const std::string& where) {
    auto it = e.find("id");
    if (it == e.end() || it->is_null()) bad(where, "id", kRequired);
    if (!it->is_string()) bad(where, "id", kNotString);
    const std::string& id = it->get_ref<const std::string&>();
    if (!valid_id(id)) {
        bad(where, "id", "\"" + id + "\" is not a valid id (1 to 255 letters, digits, '-', '_', '.' or '~').");
    }
    return id;
}

// A string member; missing or null gives "" (the column's default).
std::string optional_string(const json& e, const char* field, const std::string& where) {
    auto it = e.find(field);
    if (it == e.end() || it->is_null()) return "";
    if (!it->is_string()) bad(where, field, kNotString);
    return it->get<std::string>();
}

bool optional_bool(const json& e, const char* field, bool fallback, const std::string& where) {
    auto it = e.find(field);
    if (it == e.end() || it->is_null()) return fallback;
    if (!it->is_boolean()) bad(where, field, "Must be a valid boolean.");
    return it->get<bool>();
}

// YYYY-MM-DDTHH:MM:SS[.fraction](Z|+HH:MM|-HH:MM)
bool is_rfc3339(const std::string& s) {
    auto digits = [&](size_t at, size_t n) {
        if (at + n > s.size()) return false;
        for (size_t i = at; i < at + n; ++i) {
            if (s[i] < '0' || s[i] > '9') return false;
        }
        return true;
    };
    if (!digits(0, 4) || s.size() < 20 || s[4] != '-' || !digits(5, 2) || s[7] != '-' || !digits(8, 2) ||
        (s[10] != 'T' && s[10] != 't') || !digits(11, 2) || s[13] != ':' || !digits(14, 2) || s[16] != ':' ||
        !digits(17, 2)) {
        return false;
    }
    size_t i = 19;
    if (s[i] == '.') {
        size_t j = i + 1;
        while (j < s.size() && s[j] >= '0' && s[j] <= '9') ++j;
        if (j == i + 1) return false;
        i = j;
    }
    if (i < s.size() && (s[i] == 'Z' || s[i] == 'z')) return i + 1 == s.size();
    return i + 6 == s.size() && (s[i] == '+' || s[i] == '-') && digits(i + 1, 2) && s[i + 3] == ':' &&
           digits(i + 4, 2);
}

std::string required_time(const json& e, const char* field, const std::string& where) {
    auto it = e.find(field);
    if (it == e.end() || it->is_null()) bad(where, field, kRequired);
    if (!it->is_string()) bad(where, field, kNotString);
    const std::string& t = it->get_ref<const std::string&>();
    if (!is_rfc3339(t)) bad(where, field, "\"" + t + "\" is not an RFC 3339 date-time, e.g. 2025-01-31T12:00:00Z.");
    return t;
}

// Runs one insert; a uniqueness failure becomes the record's message. (References are checked once
// everything is loaded: foreign keys are deferred, so users may follow the accounts assigned to them.)
void insert_or_explain(const std::string& where, const std::string& id, const std::function<void()>& insert) {
    try {
        insert();
    } catch (const DbError& e) {
        if (e.code == SQLITE_CONSTRAINT_PRIMARYKEY || e.code == SQLITE_CONSTRAINT_UNIQUE) {
            bad(where, "id", "Duplicate id \"" + id + "\".");
        }
        throw;
    }
}

// Inside the load's transaction, after the last record: SQLite counts the deferred foreign-key
// violations; when there are any, the first offending record is named (rowids follow array order).
void check_references(Database& db) {
    int outstanding = 0, highwater = 0;
    sqlite3_db_status(db.handle(), SQLITE_DBSTATUS_DEFERRED_FKS, &outstanding, &highwater, 0);
    if (outstanding == 0) return;
    struct Reference {
        const char* array;
        const char* field;
        const char* sql;   // index in the array and the missing id of the first dangling reference
    };
    static constexpr Reference kReferences[] = {
        {"accounts", "assignedTo",
         "SELECT a.seq - (SELECT MIN(seq) FROM accounts), a.assigned_to FROM accounts a WHERE a.assigned_to IS NOT NULL "
         "AND NOT EXISTS (SELECT 1 FROM users u WHERE u.id = a.assigned_to) ORDER BY a.seq LIMIT 1"},
        {"contacts", "accountId",
         "SELECT c.rowid - (SELECT MIN(rowid) FROM contacts), c.account_id FROM contacts c WHERE c.account_id IS NOT NULL "
         "AND NOT EXISTS (SELECT 1 FROM accounts a WHERE a.id = c.account_id) ORDER BY c.rowid LIMIT 1"},
        {"opportunities", "accountId",
         "SELECT o.rowid - (SELECT MIN(rowid) FROM opportunities), o.account_id FROM opportunities o "
         "WHERE o.account_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM accounts a WHERE a.id = o.account_id) "
         "ORDER BY o.rowid LIMIT 1"},
        {"cases", "accountId",
         "SELECT k.rowid - (SELECT MIN(rowid) FROM cases), k.account_id FROM cases k WHERE k.account_id IS NOT NULL "
         "AND NOT EXISTS (SELECT 1 FROM accounts a WHERE a.id = k.account_id) ORDER BY k.rowid LIMIT 1"},
    };
    for (const auto& r : kReferences) {
        Statement s = db.prepare(r.sql);
        if (s.step()) {
            bad(std::string(r.array) + "[" + std::to_string(s.int64(0)) + "]", r.field,
                "Invalid pk \"" + s.text(1) + "\" - object does not exist.");
        }
    }
    throw DumpError("dump.invalid", "a record refers to a user or account that is not in the dump");
}

// Loads validated records into the store (between Store::begin and commit).
class Loader {
public:
    explicit Loader(Store& store) : store_(store) {}
    DumpCounts counts;

    void record(Section section, int64_t index, const json& e) {
        const std::string where = std::string(name(section)) + "[" + std::to_string(index) + "]";
        switch (section) {
            case Section::Users: user(e, where); break;
            case Section::Accounts: account(e, where); break;
            case Section::Contacts: contact(e, where); break;
            case Section::Opportunities: related(e, where, "name", true); break;
            case Section::Cases: related(e, where, "subject", false); break;
        }
    }

private:
    static const char* name(Section s) {
        for (const auto& info : kSections) {
            if (info.section == s) return info.name;
        }
        return "?";
    }

    void user(const json& e, const std::string& where) {
        User u;
        u.id = required_id(e, where);
        auto it = e.find("name");
        if (it == e.end() || it->is_null()) bad(where, "name", kRequired);
        u.name = optional_string(e, "name", where);
        u.email = optional_string(e, "email", where);
        insert_or_explain(where, u.id, [&] { store_.insert_user(u); });
        ++counts.users;
    }

    void account(const json& e, const std::string& where) {
        const std::string id = required_id(e, where);
        // The same rules as POST /api/accounts/ (read-only members such as the counts are ignored).
        core::FieldErrors errors = core::validate_account_write(e, core::WriteMode::Create);
        if (!errors.empty()) bad(where, errors.begin()->first, errors.begin()->second.front());
        AccountRecord r;
        r.account.id = id;
        core::apply_account_write(r.account, e);   // stored exactly as a POST of the same members would store it
        r.account.created_at = required_time(e, "createdAt", where);
        r.account.updated_at = required_time(e, "updatedAt", where);
        if (r.account.stage.empty()) r.account.stage = "prospect";
        r.version = 1;
        if (auto it = e.find("version"); it != e.end() && !it->is_null()) {
            if (!it->is_number_integer()) bad(where, "version", "A valid integer is required.");
            r.version = it->get<int64_t>();
            if (r.version < 1) bad(where, "version", "Ensure this value is greater than or equal to 1.");
        }
        insert_or_explain(where, id, [&] { store_.insert_account_record(r); });
        ++counts.accounts;
    }

    std::string account_ref(const json& e, const std::string& where) {
        return optional_string(e, "accountId", where);   // null or absent: detached
    }

    void contact(const json& e, const std::string& where) {
        core::Contact c;
        c.id = required_id(e, where);
        const std::string account_id = account_ref(e, where);
        c.first_name = optional_string(e, "firstName", where);
        c.last_name = optional_string(e, "lastName", where);
        c.email = optional_string(e, "email", where);
        c.title = optional_string(e, "title", where);
        c.stage = optional_string(e, "stage", where);
        insert_or_explain(where, c.id, [&] { store_.insert_contact(c.id, account_id, c.first_name, c.last_name, c.email, c.title, c.stage); });
        ++counts.contacts;
    }

    // Opportunities {id, accountId, name, isOpen} and cases {id, accountId, subject, isOpen}.
    void related(const json& e, const std::string& where, const char* text_field, bool opportunity) {
        const std::string id = required_id(e, where);
        const std::string account_id = account_ref(e, where);
        const std::string text = optional_string(e, text_field, where);
        const bool open = optional_bool(e, "isOpen", true, where);
        insert_or_explain(where, id, [&] {
            if (opportunity) store_.insert_opportunity(id, account_id, text, open);
            else store_.insert_case(id, account_id, text, open);
        });
        ++(opportunity ? counts.opportunities : counts.cases);
    }

    Store& store_;
};

// nlohmann's SAX interface over the whole document. Top-level members are handled as they arrive; each
// element of a data array is built as a json value of its own, handed to the Loader, then dropped.
class DumpReader {
public:
    explicit DumpReader(Loader& loader) : loader_(loader) {}

    std::exception_ptr failure;   // set when a callback returned false

    bool null() { return value(json(nullptr)); }
    bool boolean(bool v) { return value(json(v)); }
    bool number_integer(json::number_integer_t v) { return value(json(v)); }
    bool number_unsigned(json::number_unsigned_t v) { return value(json(v)); }
    bool number_float(json::number_float_t v, const json::string_t&) { return value(json(v)); }
    bool string(json::string_t& v) { return value(json(std::move(v))); }
    bool binary(json::binary_t&) { return fail("dump.not_json", "binary values are not JSON"); }

    bool key(json::string_t& k) {
        if (skip_ > 0) return true;
        if (!stack_.empty()) element_key_ = std::move(k);
        else if (level_ == Level::Root) root_key_ = std::move(k);
        return true;
    }

    bool start_object(std::size_t) {
        if (skip_ > 0) return ++skip_, true;
        if (!stack_.empty()) return open(json::object());
        switch (level_) {
            case Level::Before: level_ = Level::Root; return true;
            case Level::Root: return container_member();
            case Level::Array:
                element_ = json::object();
                stack_.push_back(&element_);
                return true;
            case Level::After: return true;
        }
        return true;
    }

    bool end_object() {
        if (skip_ > 0) return --skip_, true;
        if (!stack_.empty()) {
            stack_.pop_back();
            if (stack_.empty()) return element_done();
            return true;
        }
        if (level_ == Level::Root) {
            level_ = Level::After;
            if (!format_seen_) return fail("dump.bad_format", "not an Accounts Console dump (no \"format\" member)");
            if (!version_seen_) return fail("dump.bad_format", "version: missing (this server reads version 1)");
        }
        return true;
    }

    bool start_array(std::size_t) {
        if (skip_ > 0) return ++skip_, true;
        if (!stack_.empty()) return open(json::array());
        switch (level_) {
            case Level::Before: return fail("dump.bad_format", "not an Accounts Console dump (the document is not a JSON object)");
            case Level::Root: {
                const SectionInfo* s = find_section(root_key_);
                if (!s) return container_member();
                return begin_section(*s);
            }
            case Level::Array: return fail("dump.invalid", where() + ": expected a JSON object");
            case Level::After: return true;
        }
        return true;
    }

    bool end_array() {
        if (skip_ > 0) return --skip_, true;
        if (!stack_.empty()) {
            stack_.pop_back();
            return true;
        }
        if (level_ == Level::Array) level_ = Level::Root;
        return true;
    }

    bool parse_error(std::size_t position, const std::string&, const nlohmann::detail::exception& ex) {
        std::string what = ex.what();
        if (size_t at = what.find("] "); at != std::string::npos) what = what.substr(at + 2);
        json_error = what;
        json_error_at = position;
        return false;
    }

    std::string json_error;       // set when the text is not valid JSON
    std::size_t json_error_at = 0;

private:
    enum class Level { Before, Root, Array, After };

    bool fail(const char* code, const std::string& message) {
        if (!failure) failure = std::make_exception_ptr(DumpError(code, message));
        return false;
    }

    std::string where() const { return std::string(section_->name) + "[" + std::to_string(index_) + "]"; }

    bool value(json v) {
        if (skip_ > 0) return true;
        if (!stack_.empty()) {
            slot() = std::move(v);
            return true;
        }
        switch (level_) {
            case Level::Before: return fail("dump.bad_format", "not an Accounts Console dump (the document is not a JSON object)");
            case Level::Root: return header(v);
            case Level::Array: return fail("dump.invalid", where() + ": expected a JSON object");
            case Level::After: return true;
        }
        return true;
    }

    // The member of the element under construction that the next value fills.
    json& slot() {
        json* top = stack_.back();
        if (top->is_array()) {
            top->push_back(json());
            return top->back();
        }
        return (*top)[element_key_];
    }

    bool open(json container) {
        if (stack_.size() >= kMaxElementDepth) return fail("dump.invalid", where() + ": nested too deeply");
        json& s = slot();
        s = std::move(container);
        stack_.push_back(&s);
        return true;
    }

    // An object or array as a top-level member's value: a header member must be a scalar; unknown
    // members are skipped (later versions may add some).
    bool container_member() {
        if (root_key_ == "format" || root_key_ == "version") return header(json::object());
        if (find_section(root_key_)) return fail("dump.bad_format", root_key_ + ": expected an array");
        skip_ = 1;
        return true;
    }

    bool header(const json& v) {
        if (root_key_ == "format") {
            if (!v.is_string() || v.get_ref<const std::string&>() != kDumpFormat) {
                return fail("dump.bad_format", "format: " + to_text(v) + " is not \"" + kDumpFormat +
                                                   "\" (not an Accounts Console dump)");
            }
            format_seen_ = true;
        } else if (root_key_ == "version") {
            if (!v.is_number_integer() || v.get<int64_t>() != kDumpVersion) {
                return fail("dump.bad_format", "version: unsupported dump version " + to_text(v) +
                                                   " (this server reads version " + std::to_string(kDumpVersion) + ")");
            }
            version_seen_ = true;
        } else if (find_section(root_key_)) {
            return fail("dump.bad_format", root_key_ + ": expected an array");
        }
        return true;   // exportedAt and unknown scalar members: informational
    }

    // Any member order (sorted keys included) except one: what points at accounts must come after them,
    // or each account loaded would search the related rows for pending references.
    bool begin_section(const SectionInfo& s) {
        for (const SectionInfo* seen : seen_) {
            if (seen == &s) return fail("dump.bad_format", std::string(s.name) + ": appears twice");
            if (s.rank == 1 && seen->rank == 2) {
                return fail("dump.bad_format", std::string(seen->name) + ": must come after \"accounts\" (the import streams)");
            }
        }
        seen_.push_back(&s);
        section_ = &s;
        index_ = 0;
        level_ = Level::Array;
        return true;
    }

    bool element_done() {
        try {
            loader_.record(section_->section, index_, element_);
        } catch (...) {
            if (!failure) failure = std::current_exception();
            return false;
        }
        ++index_;
        element_ = json();
        return true;
    }

    Loader& loader_;
    Level level_ = Level::Before;
    int skip_ = 0;                        // depth inside a skipped top-level member
    std::string root_key_;
    bool format_seen_ = false, version_seen_ = false;
    std::vector<const SectionInfo*> seen_;
    const SectionInfo* section_ = nullptr;
    int64_t index_ = 0;
    json element_;                        // the element being built
    std::vector<json*> stack_;            // its open containers (empty: not building one)
    std::string element_key_;
};

bool database_is_empty(Store& store) {
    bool empty = true;
    store.read_snapshot([&](Database& db) {
        Statement s = db.prepare(
            "SELECT EXISTS (SELECT 1 FROM users) OR EXISTS (SELECT 1 FROM accounts) OR "
            "EXISTS (SELECT 1 FROM contacts) OR EXISTS (SELECT 1 FROM opportunities) OR EXISTS (SELECT 1 FROM cases)");
        empty = s.step() && s.int64(0) == 0;
    });
    return empty;
}

std::string summary(const DumpCounts& c) {
    return core::plural(c.accounts, "account") + ", " + core::plural(c.users, "user") + ", " +
           core::plural(c.contacts, "contact") + ", " + core::plural(c.opportunities, "opportunity", "opportunities") +
           ", " + core::plural(c.cases, "case");
}

}  // namespace

DumpCounts export_dump(Store& store, std::FILE* out, const std::string& exported_at) {
    DumpCounts counts;
    Writer w(out);
    w.put("{\"format\":\"");
    w.put(kDumpFormat);
    w.put("\",\"version\":" + std::to_string(kDumpVersion) + ",\"exportedAt\":" + to_text(json(exported_at)) + ",");
    store.read_snapshot([&](Database& db) {
        // Every table in storage order (rowid), so export -> import -> export gives the same bytes.
        w.begin_array("users", true);
        for (Statement s = db.prepare("SELECT id, name, email FROM users ORDER BY rowid"); s.step();) {
            w.record(core::user_to_json(User{s.text(0), s.text(1), s.text(2)}));
        }
        counts.users = w.records();
        w.end_array();

        w.begin_array("accounts", false);
        store.scan_accounts(db, [&](const AccountRecord& r) {
            json j = core::account_detail_to_json(r.account);
            j["version"] = r.version;
            w.record(j);
        });
        counts.accounts = w.records();
        w.end_array();

        w.begin_array("contacts", false);
        for (Statement s = db.prepare("SELECT id, account_id, first_name, last_name, email, title, stage FROM contacts "
                                      "ORDER BY rowid");
             s.step();) {
            json j = core::contact_to_json(core::Contact{s.text(0), s.text(2), s.text(3), s.text(4), s.text(5), s.text(6)});
            j["accountId"] = nullable(s.text(1));
            w.record(j);
        }
        counts.contacts = w.records();
        w.end_array();

        w.begin_array("opportunities", false);
        for (Statement s = db.prepare("SELECT id, account_id, name, is_open FROM opportunities ORDER BY rowid"); s.step();) {
            w.record(json{{"id", s.text(0)}, {"accountId", nullable(s.text(1))}, {"name", s.text(2)},
                          {"isOpen", s.int64(3) != 0}});
        }
        counts.opportunities = w.records();
        w.end_array();

        w.begin_array("cases", false);
        for (Statement s = db.prepare("SELECT id, account_id, subject, is_open FROM cases ORDER BY rowid"); s.step();) {
            w.record(json{{"id", s.text(0)}, {"accountId", nullable(s.text(1))}, {"subject", s.text(2)},
                          {"isOpen", s.int64(3) != 0}});
        }
        counts.cases = w.records();
        w.end_array();
    });
    w.put("}\n");
    w.flush();
    if (std::fflush(out) != 0 || std::ferror(out)) {
        throw DumpError("dump.io", std::string("cannot write the dump: ") + std::strerror(errno));
    }
    return counts;
}

DumpCounts import_dump(Store& store, std::istream& in) {
    if (!database_is_empty(store)) {
        throw DumpError("dump.not_empty", "the database is not empty (" + core::plural(store.count_accounts(), "account") +
                                              "); import needs an empty database");
    }
    Loader loader(store);
    DumpReader reader(loader);
    store.begin();
    try {
        store.in_bulk([](Database& db) { db.exec("PRAGMA defer_foreign_keys = ON"); });   // ends with the transaction
        const bool ok = json::sax_parse(in, &reader, json::input_format_t::json, /*strict=*/true);
        if (reader.failure) std::rethrow_exception(reader.failure);
        if (!reader.json_error.empty()) {
            const bool at_end = in.rdbuf() && in.rdbuf()->sgetc() == std::char_traits<char>::eof();
            const char* hint = !at_end ? "" : reader.json_error_at <= 1 ? " (the file is empty)"
                                                                        : " (the file ends there: truncated?)";
            throw DumpError("dump.not_json", "not valid JSON at byte " + std::to_string(reader.json_error_at) + hint +
                                                 ": " + reader.json_error);
        }
        if (!ok) throw DumpError("dump.not_json", "not valid JSON");
        if (in.bad()) throw DumpError("dump.io", "cannot read the dump (I/O error)");
        store.in_bulk(check_references);
        store.commit();
    } catch (...) {
        store.rollback();
        throw;
    }
    return loader.counts;
}

int run_export(Store& store, const std::string& path) {
    const auto t0 = std::chrono::steady_clock::now();
    const std::clock_t cpu0 = std::clock();
    const bool to_stdout = path == "-";
    const std::string partial = path + ".partial";   // renamed into place when complete
    std::FILE* f = to_stdout ? stdout : std::fopen(partial.c_str(), "wb");
    if (!f) {
        std::fprintf(stderr, "accounts-server: cannot write %s: %s\n", partial.c_str(), std::strerror(errno));
        return 1;
    }
    try {
        DumpCounts c = export_dump(store, f, now_rfc3339());
        if (!to_stdout) {
            if (std::fclose(f) != 0) {
                f = nullptr;
                throw DumpError("dump.io", std::string("cannot write the dump: ") + std::strerror(errno));
            }
            f = nullptr;
            if (std::rename(partial.c_str(), path.c_str()) != 0) {
                throw DumpError("dump.io", "cannot rename " + partial + " to " + path + ": " + std::strerror(errno));
            }
        }
        const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        const double cpu = static_cast<double>(std::clock() - cpu0) / CLOCKS_PER_SEC;
        std::fprintf(stderr, "accounts-server: exported %s to %s in %.1f s (%.1f s CPU)\n", summary(c).c_str(),
                     to_stdout ? "stdout" : path.c_str(), secs, cpu);
        return 0;
    } catch (const std::exception& e) {
        if (f && !to_stdout) std::fclose(f);
        if (!to_stdout) std::remove(partial.c_str());
        std::fprintf(stderr, "accounts-server: export failed: %s\n", e.what());
        return 1;
    }
}

int run_import(Store& store, const std::string& path) {
    const auto t0 = std::chrono::steady_clock::now();
    const std::clock_t cpu0 = std::clock();
    std::ifstream file;
    std::istream* in = &std::cin;
    if (path != "-") {
        file.open(path, std::ios::binary);
        if (!file) {
            std::fprintf(stderr, "accounts-server: import failed: cannot read %s: %s\n", path.c_str(), std::strerror(errno));
            return 2;
        }
        in = &file;
    }
    try {
        DumpCounts c = import_dump(store, *in);
        const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        const double cpu = static_cast<double>(std::clock() - cpu0) / CLOCKS_PER_SEC;
        std::printf("accounts-server: imported %s from %s in %.1f s (%.1f s CPU)\n", summary(c).c_str(),
                    path == "-" ? "stdin" : path.c_str(), secs, cpu);
        return 0;
    } catch (const DumpError& e) {
        std::fprintf(stderr, "accounts-server: import failed: %s (nothing was imported)\n", e.what());
        return 2;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "accounts-server: import failed: database error: %s (nothing was imported)\n", e.what());
        return 1;
    }
}

}  // namespace crm::server
