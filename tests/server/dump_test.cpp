// dump_test.cpp: --export/--import of the real accounts-server processes: a dump of one server loaded into
// another answers every page, detail (ETag), contact list and the users identically; bad dumps are refused.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <algorithm>
#include <functional>
#include <memory>
#include <regex>
#include <string>
#include <vector>

#include "server_process.hpp"

using namespace crm;
using nlohmann::json;

namespace {

const char* const kToken = "dump-token";

struct CommandResult {
    int exit_code = -1;   // -1: killed (did not finish in time) or did not exit normally
    std::string output;   // stdout and stderr
};

// Runs the server binary with `args` to completion (at most `timeout_s`), output to a file.
CommandResult run_server_command(const std::vector<std::string>& args, const std::string& log_path, int timeout_s = 120) {
    std::remove(log_path.c_str());
    std::vector<std::string> all = {test::server_binary()};
    all.insert(all.end(), args.begin(), args.end());
    const pid_t pid = test::spawn_logged(std::move(all), log_path);
    CommandResult r;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(timeout_s);
    int status = 0;
    while (::waitpid(pid, &status, WNOHANG) == 0) {
        if (std::chrono::steady_clock::now() > deadline) {
            ::kill(pid, SIGKILL);
            ::waitpid(pid, &status, 0);
            r.output = test::read_text_file(log_path);
            return r;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    if (WIFEXITED(status)) r.exit_code = WEXITSTATUS(status);
    r.output = test::read_text_file(log_path);
    return r;
}

void write_file(const std::string& path, const std::string& text) {
    std::ofstream f(path, std::ios::binary);
    f << text;
}

void remove_db(const std::string& path) {
    for (const char* suffix : {"", "-wal", "-shm", ".log"}) std::remove((path + suffix).c_str());
}

// Rows in every data table of a database file.
int64_t total_rows(const std::string& db_path) {
    test::SqliteFile db(db_path);
    return std::stoll(db.scalar(
        "SELECT (SELECT COUNT(*) FROM users) + (SELECT COUNT(*) FROM accounts) + (SELECT COUNT(*) FROM contacts) + "
        "(SELECT COUNT(*) FROM opportunities) + (SELECT COUNT(*) FROM cases)"));
}

// The dump without its "exportedAt" value (the only part that may differ between two exports).
std::string without_exported_at(const std::string& dump) {
    return std::regex_replace(dump, std::regex("\"exportedAt\":\"[^\"]*\""), "\"exportedAt\":\"\"",
                              std::regex_constants::format_first_only);
}

struct Api {
    int port;
    // Same Host header for both servers: next/previous URLs then compare equal.
    httplib::Result get(const std::string& path) {
        httplib::Client c("127.0.0.1", port);
        c.set_read_timeout(30, 0);
        return c.Get(path, {{"Authorization", std::string("Bearer ") + kToken}, {"Host", "dump.test"}});
    }
    std::string body(const std::string& path) {
        auto r = get(path);
        REQUIRE(r);
        REQUIRE_MESSAGE(r->status == 200, path);
        return r->body;
    }
    httplib::Result send(const std::string& method, const std::string& path, const std::string& body) {
        httplib::Client c("127.0.0.1", port);
        httplib::Headers h = {{"Authorization", std::string("Bearer ") + kToken}};
        if (method == "POST") return c.Post(path, h, body, "application/json");
        if (method == "PATCH") return c.Patch(path, h, body, "application/json");
        return c.Delete(path, h);
    }
};

// Every page of a list URL (`query` without page), as the raw bodies.
std::vector<std::string> all_pages(Api& api, const std::string& query, std::vector<std::string>* ids = nullptr) {
    std::vector<std::string> pages;
    for (int page = 1;; ++page) {
        std::string body = api.body("/api/accounts/?" + query + "&limit=100&page=" + std::to_string(page));
        json j = json::parse(body);
        if (ids) {
            for (const auto& a : j["results"]) ids->push_back(a["id"].get<std::string>());
        }
        pages.push_back(std::move(body));
        if (j["next"].is_null()) break;
        REQUIRE(page < 100);
    }
    return pages;
}

// A source server with demo data plus edits (versions above 1, a deleted account whose contacts,
// opportunities and cases are detached, a new non-ASCII account), exported while it runs.
struct Source {
    std::string db = "dump_src_" + std::to_string(::getpid()) + ".db";
    std::string dump = db + ".json";
    std::unique_ptr<test::ServerProcess> server;
    std::string text;   // the dump

    Source() {
        remove_db(db);
        server = std::make_unique<test::ServerProcess>(
            std::vector<std::string>{"--db", db, "--token", kToken, "--demo", "300", "--quiet"}, db + ".log");
        Api api{server->port()};
        std::vector<std::string> ids;
        all_pages(api, "ordering=name", &ids);
        REQUIRE(ids.size() == 300);
        for (int i = 0; i < 5; ++i) {
            for (int k = 0; k <= i; ++k) {
                auto r = api.send("PATCH", "/api/accounts/" + ids[static_cast<size_t>(i * 7)] + "/",
                                  R"({"stage": "partner", "tags": ["edited", "v)" + std::to_string(k) + R"("]})");
                REQUIRE(r);
                REQUIRE(r->status == 200);
            }
        }
        auto del = api.send("DELETE", "/api/accounts/" + ids[100] + "/", "");
        REQUIRE(del);
        REQUIRE(del->status == 204);
        auto created = api.send("POST", "/api/accounts/",
                                R"({"name": "Łódź Ørsted Müller", "website": "https://lodz.example.com", "annualRevenue": 1234.5,
                                    "billingAddress": {"street": "ul. Piotrkowska 1", "city": "Łódź", "country": "PL"},
                                    "phone": "+48421234567", "description": "Ünïcödé \"quoted\" \\ and \n newline"})");
        REQUIRE(created);
        REQUIRE(created->status == 201);
        const CommandResult ex = run_server_command({"--db", db, "--export", dump}, db + ".export.log");
        REQUIRE_MESSAGE(ex.exit_code == 0, ex.output);
        text = test::read_text_file(dump);
    }
    ~Source() {
        server.reset();
        remove_db(db);
        std::remove(dump.c_str());
        std::remove((db + ".export.log").c_str());
    }
};

// Imports `dump_text` into a fresh database; expects a refusal with `expected` in the message and
// the target database left empty.
void expect_refused(const std::string& name, const std::string& dump_text, const std::string& expected) {
    CAPTURE(name);
    const std::string db = "dump_bad_" + std::to_string(::getpid()) + ".db";
    const std::string file = db + ".json";
    remove_db(db);
    write_file(file, dump_text);
    const CommandResult r =
        run_server_command({"--port", "0", "--db", db, "--token", kToken, "--import", file}, db + ".log", 60);
    CHECK(r.exit_code == 2);
    CHECK_MESSAGE(r.output.find(expected) != std::string::npos, r.output);
    CHECK(r.output.find("listening") == std::string::npos);
    // One line: the message names the problem and says nothing was imported.
    CHECK(r.output.find("nothing was imported") != std::string::npos);
    CHECK(std::count(r.output.begin(), r.output.end(), '\n') == 1);
    // Into a new file the import builds a side file, renamed into place only when complete: no database.
    CHECK(::access(db.c_str(), F_OK) != 0);
    CHECK(::access((db + ".building").c_str(), F_OK) != 0);
    remove_db(db);
    std::remove(file.c_str());
}

}  // namespace

TEST_CASE("Export, import into a second server: every page, detail, ETag, contacts and users are identical") {
    Source src;
    json dump = json::parse(src.text);
    CHECK(dump["format"] == "accounts-console-dump");
    CHECK(dump["version"] == 1);
    REQUIRE(dump["accounts"].size() == 300);   // 300 demo - 1 deleted + 1 created
    CHECK(dump["users"].size() == 7);
    int detached = 0;
    for (const char* table : {"contacts", "opportunities", "cases"}) {
        for (const auto& r : dump[table]) detached += r["accountId"].is_null();
    }
    CHECK(detached > 0);   // the deleted account's related records
    int edited = 0;
    for (const auto& a : dump["accounts"]) edited += a["version"].get<int>() > 1;
    CHECK(edited == 5);

    const std::string db2 = "dump_dst_" + std::to_string(::getpid()) + ".db";
    remove_db(db2);
    test::ServerProcess dst({"--db", db2, "--token", kToken, "--import", src.dump, "--quiet"}, db2 + ".log");
    CHECK(dst.log().find("imported 300 accounts, 7 users") != std::string::npos);
    Api a{src.server->port()}, b{dst.port()};

    // Every list page, in the default order and in two others; a search and a filter.
    std::vector<std::string> ids;
    const std::vector<std::string> queries = {"x=1", "ordering=name", "ordering=-openOpportunityCount",
                                              "search=m%C3%BCller", "stage=partner&ordering=-updatedAt"};
    for (const auto& q : queries) {
        CAPTURE(q);
        std::vector<std::string> pa = all_pages(a, q, q == "x=1" ? &ids : nullptr);
        std::vector<std::string> pb = all_pages(b, q);
        REQUIRE(pa.size() == pb.size());
        for (size_t i = 0; i < pa.size(); ++i) CHECK(pa[i] == pb[i]);
    }
    REQUIRE(ids.size() == 300);
    CHECK(a.body("/api/users/") == b.body("/api/users/"));

    // Every account's detail with its ETag, and its contacts.
    int mismatched_details = 0, mismatched_etags = 0, mismatched_contacts = 0, contacts_seen = 0;
    for (const auto& id : ids) {
        auto da = a.get("/api/accounts/" + id + "/");
        auto db = b.get("/api/accounts/" + id + "/");
        REQUIRE(da);
        REQUIRE(db);
        REQUIRE(da->status == 200);
        mismatched_details += da->body != db->body;
        mismatched_etags += da->get_header_value("ETag") != db->get_header_value("ETag") ||
                            da->get_header_value("ETag").empty();
        std::string ca = a.body("/api/accounts/" + id + "/contacts/");
        mismatched_contacts += ca != b.body("/api/accounts/" + id + "/contacts/");
        contacts_seen += static_cast<int>(json::parse(ca)["count"].get<int>());
    }
    CHECK(mismatched_details == 0);
    CHECK(mismatched_etags == 0);
    CHECK(mismatched_contacts == 0);
    CHECK(contacts_seen > 300);

    // The imported server is fully usable, and a write bumps the preserved version (the ETag).
    int64_t version = 0;
    for (const auto& acc : dump["accounts"]) {
        if (acc["id"] == ids[0]) version = acc["version"].get<int64_t>();
    }
    REQUIRE(version >= 1);
    CHECK(b.get("/api/accounts/" + ids[0] + "/")->get_header_value("ETag") == "\"" + std::to_string(version) + "\"");
    auto patched = b.send("PATCH", "/api/accounts/" + ids[0] + "/", R"({"name": "After import"})");
    REQUIRE(patched);
    CHECK(patched->status == 200);
    CHECK(patched->get_header_value("ETag") == "\"" + std::to_string(version + 1) + "\"");

    dst.terminate();
    remove_db(db2);
}

TEST_CASE("Round trip: export -> import -> export gives the same bytes (apart from exportedAt)") {
    Source src;
    const std::string db2 = "dump_rt_" + std::to_string(::getpid()) + ".db";
    const std::string dump2 = db2 + ".json";
    remove_db(db2);
    {
        test::ServerProcess dst({"--db", db2, "--token", kToken, "--import", src.dump, "--quiet"}, db2 + ".log");
    }   // killed once it listens: the import was committed before it did
    const CommandResult ex = run_server_command({"--db", db2, "--export", dump2}, db2 + ".export.log");
    REQUIRE_MESSAGE(ex.exit_code == 0, ex.output);
    const std::string again = test::read_text_file(dump2);
    CHECK(again.size() == src.text.size());
    CHECK(without_exported_at(again) == without_exported_at(src.text));
    CHECK(without_exported_at(again) != again);   // the pattern did match

    // The dump re-serialised with sorted keys (users and the header after the accounts, as jq -S or
    // Python's sort_keys would write it) loads the same data.
    const std::string db3 = "dump_sorted_" + std::to_string(::getpid()) + ".db";
    remove_db(db3);
    write_file(db3 + ".json", json::parse(src.text).dump(2));
    REQUIRE(src.text.find("\"users\":[") < src.text.find("\"accounts\":["));
    REQUIRE(json::parse(src.text).dump(2).find("\"users\": [") > json::parse(src.text).dump(2).find("\"accounts\": ["));
    {
        test::ServerProcess sorted({"--db", db3, "--token", kToken, "--import", db3 + ".json", "--quiet"}, db3 + ".log");
    }
    const CommandResult ex3 = run_server_command({"--db", db3, "--export", db3 + ".out"}, db3 + ".export.log");
    REQUIRE_MESSAGE(ex3.exit_code == 0, ex3.output);
    CHECK(without_exported_at(test::read_text_file(db3 + ".out")) == without_exported_at(src.text));
    remove_db(db3);
    for (const char* f : {".json", ".out", ".export.log"}) std::remove((db3 + f).c_str());

    // Export to stdout gives the same document.
    const CommandResult out = run_server_command({"--db", db2, "--export", "-"}, db2 + ".stdout.log");
    REQUIRE(out.exit_code == 0);
    CHECK(without_exported_at(out.output.substr(0, out.output.find("\naccounts-server: exported") + 1)) ==
          without_exported_at(src.text));
    remove_db(db2);
    for (const char* f : {".json", ".export.log", ".stdout.log"}) std::remove((db2 + f).c_str());
}

TEST_CASE("Bad dumps are refused with a message naming the problem; the target database stays empty") {
    Source src;
    const json good = json::parse(src.text);
    auto with = [&](const std::function<void(json&)>& edit) {
        json d = good;
        edit(d);
        return d.dump();
    };
    expect_refused("not JSON", "this is not json", "not valid JSON");
    expect_refused("empty file", "", "not valid JSON");
    expect_refused("truncated", src.text.substr(0, src.text.size() / 2), "truncated");
    expect_refused("not an object", "[1, 2]", "not an Accounts Console dump");
    expect_refused("wrong format", R"({"format": "something-else", "version": 1, "accounts": []})",
                   "format: \"something-else\" is not \"accounts-console-dump\"");
    expect_refused("no format", R"({"version": 1})", "not an Accounts Console dump");
    expect_refused("wrong version", with([](json& d) { d["version"] = 2; }), "unsupported dump version 2");
    expect_refused("duplicate account id", with([](json& d) { d["accounts"][200]["id"] = d["accounts"][10]["id"]; }),
                   "accounts[200].id: Duplicate id \"" + good["accounts"][10]["id"].get<std::string>() + "\".");
    expect_refused("bad stage", with([](json& d) { d["accounts"][250]["stage"] = "foo"; }),
                   "accounts[250].stage: \"foo\" is not a valid choice.");
    expect_refused("blank name", with([](json& d) { d["accounts"][3]["name"] = "  "; }),
                   "accounts[3].name: This field may not be blank.");
    expect_refused("bad country", with([](json& d) { d["accounts"][4]["billingAddress"]["country"] = "Germany"; }),
                   "accounts[4].billingAddress.country: Enter a valid ISO 3166-1 alpha-2 country code");
    expect_refused("bad createdAt", with([](json& d) { d["accounts"][6]["createdAt"] = "yesterday"; }),
                   "accounts[6].createdAt: \"yesterday\" is not an RFC 3339 date-time");
    expect_refused("unknown user", with([](json& d) { d["accounts"][5]["assignedTo"] = "usr_nobody"; }),
                   "accounts[5].assignedTo: Invalid pk \"usr_nobody\" - object does not exist.");
    expect_refused("contact to an unknown account", with([](json& d) { d["contacts"][100]["accountId"] = "acc_nope"; }),
                   "contacts[100].accountId: Invalid pk \"acc_nope\" - object does not exist.");
    expect_refused("case to an unknown account", with([](json& d) { d["cases"][7]["accountId"] = "acc_nope"; }),
                   "cases[7].accountId: Invalid pk \"acc_nope\" - object does not exist.");
    expect_refused("bad isOpen", with([](json& d) { d["opportunities"][2]["isOpen"] = "yes"; }),
                   "opportunities[2].isOpen: Must be a valid boolean.");
    expect_refused("duplicate user", with([](json& d) { d["users"].push_back(d["users"][0]); }),
                   "users[7].id: Duplicate id");
    expect_refused("id with a slash", with([](json& d) { d["contacts"][0]["id"] = "a/b"; }),
                   "contacts[0].id: \"a/b\" is not a valid id");
    expect_refused("element not an object", with([](json& d) { d["cases"][1] = 42; }),
                   "cases[1]: expected a JSON object");
    {
        // What points at accounts before the accounts: refused (the import streams).
        std::string text = R"({"format":"accounts-console-dump","version":1,"users":)" + good["users"].dump() +
                           R"(,"contacts":)" + good["contacts"].dump() + R"(,"accounts":)" + good["accounts"].dump() + "}";
        expect_refused("contacts before accounts", text, "contacts: must come after \"accounts\"");
    }
    expect_refused("no version", with([](json& d) { d.erase("version"); }), "version: missing");

    // Into a database that has data: refused, and the data is untouched.
    const int64_t before = total_rows(src.db);
    const CommandResult r =
        run_server_command({"--port", "0", "--db", src.db, "--token", kToken, "--import", src.dump}, src.db + ".imp.log", 60);
    CHECK(r.exit_code == 2);
    CHECK_MESSAGE(r.output.find("the database is not empty (300 accounts)") != std::string::npos, r.output);
    CHECK(total_rows(src.db) == before);
    std::remove((src.db + ".imp.log").c_str());

    // --import excludes --demo.
    const CommandResult both = run_server_command(
        {"--port", "0", "--db", ":memory:", "--token", kToken, "--import", src.dump, "--demo", "5"}, src.db + ".both.log", 60);
    CHECK(both.exit_code == 2);
    CHECK(both.output.find("exclude each other") != std::string::npos);
    std::remove((src.db + ".both.log").c_str());
}

TEST_CASE("Imported accounts are stored as a POST would store them; a new file is built in a side file") {
    const std::string db = "dump_norm_" + std::to_string(::getpid()) + ".db";
    const std::string file = db + ".json";
    remove_db(db);
    write_file(file, R"({"format": "accounts-console-dump", "version": 1, "users": [], "accounts": [
        {"id": "acc_t1", "name": "  Spaced  Name ", "website": "https://x.example", "tags": [" vip ", "b"],
         "description": " d ", "createdAt": "2024-01-01T00:00:00Z", "updatedAt": "2024-01-02T00:00:00Z"}]})");
    {
        test::ServerProcess server({"--db", db, "--token", kToken, "--import", file, "--quiet"}, db + ".srv.log");
        CHECK(::access((db + ".building").c_str(), F_OK) != 0);   // renamed into place before serving
        Api api{server.port()};
        auto got = api.get("/api/accounts/acc_t1/");
        REQUIRE(got);
        REQUIRE(got->status == 200);
        const json a = json::parse(got->body);
        CHECK(a["name"] == "Spaced  Name");
        CHECK(a["website"] == "https://x.example");
        CHECK(a["tags"] == json{"vip", "b"});
        CHECK(a["description"] == "d");
        CHECK(a["stage"] == "prospect");
        auto found = api.get("/api/accounts/?search=x.e");   // the search index was built for the import
        REQUIRE(found);
        CHECK(json::parse(found->body)["count"] == 1);
    }
    remove_db(db);
    std::remove(file.c_str());
    std::remove((db + ".srv.log").c_str());
}
