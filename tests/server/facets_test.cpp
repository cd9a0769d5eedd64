// facets_test.cpp: GET /api/accounts/facets/ of the real accounts-server process (docs/api-facets.md).
// Every answer is compared with a recount of its own: GROUP BY over the database file (opened
// read-only; contacts and open opportunities counted from their tables) and the list's `count`
// (limit=1 requests), after bulk loads (--demo, into a new file and in place), creates, PATCHes,
// deletes, an import and the migration's backfill; under every combination of the list's filters.
#include <doctest/doctest.h>

#include <sqlite3.h>

#include <nlohmann/json.hpp>
#include <algorithm>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "server_process.hpp"

using namespace crm;
using nlohmann::json;

namespace {

const char* const kToken = "facets-token";
const char* const kFacets[] = {"stage", "industry", "companySize", "assignedTo", "createdMonth"};
const char* const kUser1 = "usr_01HX0000000000000000000001";
const char* const kUser2 = "usr_01HX0000000000000000000002";

std::string temp_db(const std::string& stem) { return "facets_" + stem + "_" + std::to_string(::getpid()) + ".db"; }

void remove_db(const std::string& path) {
    for (const char* suffix : {"", "-wal", "-shm", ".log", ".json", ".export.log"}) std::remove((path + suffix).c_str());
}

struct Reply {
    int status = -1;
    json body;
    httplib::Headers headers;
};

Reply request(int port, const std::string& method, const std::string& path, const std::string& body = "",
              const std::string& token = kToken, httplib::Headers headers = {}) {
    httplib::Client c("127.0.0.1", port);
    if (!token.empty()) headers.emplace("Authorization", "Bearer " + token);
    httplib::Result r = method == "GET"     ? c.Get(path, headers)
                        : method == "POST"  ? c.Post(path, headers, body, "application/json")
                        : method == "PATCH" ? c.Patch(path, headers, body, "application/json")
                                            : c.Delete(path, headers);
    Reply out;
    REQUIRE(r);
    out.status = r->status;
    out.headers = r->headers;
    out.body = r->body.empty() ? json(nullptr) : json::parse(r->body, nullptr, false);   // 204: no body
    REQUIRE_MESSAGE(!out.body.is_discarded(), r->body);
    return out;
}

// The database file through its own read-only connection (the server keeps writing it: WAL).
class ReadOnlyDb {
public:
    explicit ReadOnlyDb(const std::string& path) {
        REQUIRE(sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
        sqlite3_busy_timeout(db_, 5000);
    }
    ~ReadOnlyDb() { sqlite3_close(db_); }
    ReadOnlyDb(const ReadOnlyDb&) = delete;
    ReadOnlyDb& operator=(const ReadOnlyDb&) = delete;

    // Rows of `sql` with `args` bound; NULL columns are json null, integers json numbers.
    std::vector<std::vector<json>> rows(const std::string& sql, const std::vector<std::string>& args) {
        sqlite3_stmt* st = nullptr;
        REQUIRE_MESSAGE(sqlite3_prepare_v2(db_, sql.c_str(), -1, &st, nullptr) == SQLITE_OK, sqlite3_errmsg(db_));
        for (size_t i = 0; i < args.size(); ++i)
            sqlite3_bind_text(st, static_cast<int>(i + 1), args[i].c_str(), -1, SQLITE_TRANSIENT);
        std::vector<std::vector<json>> out;
        while (sqlite3_step(st) == SQLITE_ROW) {
            std::vector<json> row;
            for (int c = 0; c < sqlite3_column_count(st); ++c) {
                switch (sqlite3_column_type(st, c)) {
                    case SQLITE_NULL: row.emplace_back(nullptr); break;
                    case SQLITE_INTEGER: row.emplace_back(sqlite3_column_int64(st, c)); break;
                    default: row.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(st, c)));
                }
            }
            out.push_back(std::move(row));
        }
        sqlite3_finalize(st);
        return out;
    }

private:
    sqlite3* db_ = nullptr;
};

struct Filters {
    std::string stage, industry, assigned_to, search;   // search: ASCII lower case (folding = lowering)
    std::string query() const {
        std::string q;
        auto add = [&](const char* k, const std::string& v) {
            if (!v.empty()) q += std::string("&") + k + "=" + httplib::detail::encode_query_param(v);
        };
        add("stage", stage);
        add("industry", industry);
        add("assignedTo", assigned_to);
        add("search", search);
        return q;
    }
    std::string label() const { return "stage=" + stage + " industry=" + industry + " assignedTo=" + assigned_to + " search=" + search; }
};

// The answer the endpoint must give, recounted from the file: accounts matching `f` grouped by each facet
// (industry ignoring ASCII case, shown in its most common spelling), sorted as the contract says.
json expected_facets(ReadOnlyDb& db, const Filters& f) {
    std::string where = " WHERE 1=1";
    std::vector<std::string> args;
    if (!f.stage.empty()) where += " AND a.stage = ?", args.push_back(f.stage);
    if (!f.industry.empty()) where += " AND a.industry = ? COLLATE NOCASE", args.push_back(f.industry);
    if (!f.assigned_to.empty()) where += " AND a.assigned_to = ?", args.push_back(f.assigned_to);
    if (!f.search.empty()) {
        where += " AND (instr(lower(a.name), ?) > 0 OR instr(lower(a.website), ?) > 0)";
        args.push_back(f.search);
        args.push_back(f.search);
    }
    const std::string matching =
        "SELECT a.stage AS stage, NULLIF(a.industry, '') AS industry, NULLIF(a.company_size, '') AS company_size, "
        "a.assigned_to AS assigned_to, strftime('%Y-%m', a.created_at) AS month, "
        "(SELECT COUNT(*) FROM contacts c WHERE c.account_id = a.id) AS contacts, "
        "(SELECT COUNT(*) FROM opportunities o WHERE o.account_id = a.id AND o.is_open = 1) AS opps "
        "FROM accounts a" + where;
    json out = {{"count", 0}, {"sums", {{"contactCount", 0}, {"openOpportunityCount", 0}}}, {"facets", json::object()}};
    for (const auto& row : db.rows("SELECT COUNT(*), COALESCE(SUM(contacts), 0), COALESCE(SUM(opps), 0) FROM (" + matching + ")", args)) {
        out["count"] = row[0];
        out["sums"] = {{"contactCount", row[1]}, {"openOpportunityCount", row[2]}};
    }
    const std::pair<const char*, const char*> columns[] = {{"stage", "NULLIF(stage, '')"}, {"industry", "industry"},
                                                           {"companySize", "company_size"}, {"assignedTo", "assigned_to"},
                                                           {"createdMonth", "month"}};
    for (const auto& [facet, column] : columns) {
        struct Bucket {
            json value;
            int64_t count = 0, contacts = 0, opps = 0;
            std::map<std::string, int64_t> by_stage, spellings;
        };
        std::map<std::string, Bucket> buckets;   // key: the value ("\x01" for null), lowered for industry
        for (const auto& r : db.rows(std::string("SELECT ") + column + ", stage, COUNT(*), SUM(contacts), SUM(opps) FROM (" +
                                         matching + ") GROUP BY 1, 2", args)) {
            std::string key = r[0].is_null() ? "\x01" : r[0].get<std::string>();
            if (std::string(facet) == "industry") std::transform(key.begin(), key.end(), key.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
            Bucket& b = buckets[key];
            b.count += r[2].get<int64_t>();
            b.contacts += r[3].get<int64_t>();
            b.opps += r[4].get<int64_t>();
            b.by_stage[r[1].get<std::string>()] += r[2].get<int64_t>();
            if (!r[0].is_null()) b.spellings[r[0].get<std::string>()] += r[2].get<int64_t>();
        }
        std::vector<Bucket> list;
        for (auto& [key, b] : buckets) {
            b.value = nullptr;
            int64_t best = -1;
            for (const auto& [spelling, n] : b.spellings) {   // map order: ties keep the smallest
                if (n > best) best = n, b.value = spelling;
            }
            list.push_back(b);
        }
        auto value_less = [](const Bucket& a, const Bucket& b) {
            if (a.value.is_null() != b.value.is_null()) return b.value.is_null();
            return !a.value.is_null() && a.value.get<std::string>() < b.value.get<std::string>();
        };
        if (std::string(facet) == "createdMonth") {
            std::sort(list.begin(), list.end(), value_less);
        } else {
            std::sort(list.begin(), list.end(), [&](const Bucket& a, const Bucket& b) {
                return a.count != b.count ? a.count > b.count : value_less(a, b);
            });
        }
        json arr = json::array();
        for (const Bucket& b : list) {
            arr.push_back({{"value", b.value}, {"count", b.count}, {"byStage", b.by_stage}, {"contactCount", b.contacts},
                           {"openOpportunityCount", b.opps}});
        }
        out["facets"][facet] = arr;
    }
    return out;
}

// The list's own count for filters `f` plus extra parameters.
int64_t list_count(int port, const Filters& f, const std::string& extra = "") {
    Reply r = request(port, "GET", "/api/accounts/?limit=1" + f.query() + extra);
    REQUIRE(r.status == 200);
    return r.body["count"].get<int64_t>();
}

// The endpoint's answer for `f` equals the recount; each facet's buckets sum to the count; the count
// is the list's; buckets of the filterable facets equal the list's count with that value added.
void check_facets(int port, ReadOnlyDb& db, const Filters& f, bool per_bucket_list_counts = false) {
    CAPTURE(f.label());
    Reply r = request(port, "GET", "/api/accounts/facets/?x=1" + f.query());
    REQUIRE(r.status == 200);
    CHECK(r.body == expected_facets(db, f));
    const int64_t count = r.body["count"].get<int64_t>();
    CHECK(count == list_count(port, f));
    for (const char* facet : kFacets) {
        int64_t sum = 0;
        for (const json& b : r.body["facets"][facet]) sum += b["count"].get<int64_t>();
        CHECK_MESSAGE(sum == count, facet);
    }
    if (!per_bucket_list_counts) return;
    for (const char* facet : {"stage", "industry", "assignedTo"}) {
        for (const json& b : r.body["facets"][facet]) {
            if (b["value"].is_null()) continue;   // "no value" is not a list filter
            const std::string param = facet;
            const std::string& current = param == "stage" ? f.stage : param == "industry" ? f.industry : f.assigned_to;
            if (!current.empty()) continue;   // already filtered on this facet: one bucket, the count above
            CHECK_MESSAGE(b["count"].get<int64_t>() ==
                              list_count(port, f, "&" + param + "=" + httplib::detail::encode_query_param(b["value"].get<std::string>())),
                          facet << " " << b["value"]);
        }
    }
}

// Every combination of the list's filters (stage, industry, assignedTo, search of 2 and 4 characters).
void check_all_filter_combinations(int port, ReadOnlyDb& db) {
    for (const char* stage : {"", "customer"}) {
        for (const char* industry : {"", "software"}) {   // the list matches industry ignoring case
            for (const char* assigned : {"", kUser1}) {
                for (const char* search : {"", "ac", "acme"}) {
                    check_facets(port, db, Filters{stage, industry, assigned, search}, /*per_bucket_list_counts=*/true);
                }
            }
        }
    }
}

std::string create(int port, const json& body) {
    Reply r = request(port, "POST", "/api/accounts/", body.dump());
    REQUIRE_MESSAGE(r.status == 201, r.body.dump());
    return r.body["id"].get<std::string>();
}

void patch(int port, const std::string& id, const json& body) {
    Reply r = request(port, "PATCH", "/api/accounts/" + id + "/", body.dump());
    REQUIRE_MESSAGE(r.status == 200, r.body.dump());
}

std::vector<std::string> account_ids(int port, const std::string& query) {
    Reply r = request(port, "GET", "/api/accounts/?limit=100" + query);
    REQUIRE(r.status == 200);
    std::vector<std::string> ids;
    for (const json& a : r.body["results"]) ids.push_back(a["id"].get<std::string>());
    return ids;
}

// Runs the server binary to its exit (export, a start that must fail).
int run_to_exit(const std::vector<std::string>& args, const std::string& log_path) {
    std::vector<std::string> all = {test::server_binary()};
    all.insert(all.end(), args.begin(), args.end());
    const pid_t pid = test::spawn_logged(std::move(all), log_path);
    int status = 0;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
    while (::waitpid(pid, &status, WNOHANG) == 0) {
        if (std::chrono::steady_clock::now() > deadline) {
            ::kill(pid, SIGKILL);
            ::waitpid(pid, &status, 0);
            return -1;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

}  // namespace

TEST_CASE("facets equal GROUP BY recounts after a bulk load, creates, stage changes, deletes, and under every filter") {
    const std::string path = temp_db("writes");
    remove_db(path);
    {
        test::ServerProcess server({"--db", path, "--token", kToken, "--demo", "400", "--quiet"}, path + ".log");
        const int port = server.port();
        ReadOnlyDb db(path);

        // The bulk load (a new file: counters rebuilt at its end).
        check_facets(port, db, Filters{}, /*per_bucket_list_counts=*/true);
        check_all_filter_combinations(port, db);

        // Creates: another spelling of an industry (one bucket with the list's case-insensitive filter),
        // no industry, no size, nobody assigned; one more month is not possible (created now).
        const std::string a = create(port, {{"name", "Acme Facets One"}, {"industry", "SOFTWARE"}, {"stage", "churned"}});
        const std::string b = create(port, {{"name", "Facets Two"}, {"industry", ""}, {"companySize", ""}});
        const std::string c = create(port, {{"name", "Facets Three"}, {"industry", "Zymurgy"}, {"assignedTo", kUser2},
                                            {"companySize", "11-50"}, {"stage", "partner"}});
        check_facets(port, db, Filters{}, true);
        check_facets(port, db, Filters{"", "software", "", ""}, true);

        // PATCH: stage changes (an existing account and a new one), industry and owner changes.
        const std::vector<std::string> prospects = account_ids(port, "&stage=prospect");
        REQUIRE(prospects.size() >= 3);
        patch(port, prospects[0], {{"stage", "customer"}});
        patch(port, prospects[1], {{"stage", "churned"}, {"industry", "software"}});
        patch(port, prospects[2], {{"assignedTo", nullptr}});
        patch(port, a, {{"stage", "active"}});
        patch(port, c, {{"industry", "Brewing"}, {"assignedTo", kUser1}});
        patch(port, b, {{"name", "Renamed only"}});   // no facet changes
        check_facets(port, db, Filters{}, true);
        check_all_filter_combinations(port, db);

        // Deletes: accounts with contacts and open opportunities (their counts leave the sums).
        const std::vector<std::string> customers = account_ids(port, "&stage=customer&ordering=-contactCount");
        REQUIRE(customers.size() >= 2);
        for (const std::string& id : {customers[0], customers[1], c}) {
            REQUIRE(request(port, "DELETE", "/api/accounts/" + id + "/").status == 204);
        }
        check_facets(port, db, Filters{}, true);
        check_all_filter_combinations(port, db);

        // The counters' stage buckets are the list's stage counts.
        Reply all = request(port, "GET", "/api/accounts/facets/?fields=stage");
        for (const json& bucket : all.body["facets"]["stage"]) {
            CHECK(bucket["count"].get<int64_t>() == list_count(port, Filters{bucket["value"].get<std::string>(), "", "", ""}));
        }
    }
    remove_db(path);
}

TEST_CASE("facets after bulk loads in place and through an import, and after the migration that adds them") {
    const std::string path = temp_db("bulk"), imported = temp_db("imported");
    remove_db(path);
    remove_db(imported);
    {
        // An existing empty database seeded in place (the counters' triggers deferred, then rebuilt).
        { test::ServerProcess empty({"--db", path, "--token", kToken, "--quiet"}, path + ".log"); }
        test::ServerProcess server({"--db", path, "--token", kToken, "--demo", "250", "--quiet"}, path + ".log");
        ReadOnlyDb db(path);
        CHECK(request(server.port(), "GET", "/api/accounts/facets/").body["count"] == 250);
        check_facets(server.port(), db, Filters{}, true);
        check_facets(server.port(), db, Filters{"active", "", "", "acme"});
    }
    {
        // Export, then import into a new file: the same facets, equal to the new file's recount.
        REQUIRE(run_to_exit({"--db", path, "--export", path + ".json"}, path + ".export.log") == 0);
        test::ServerProcess source({"--db", path, "--token", kToken, "--quiet"}, path + ".log");
        test::ServerProcess server({"--db", imported, "--token", kToken, "--import", path + ".json", "--quiet"}, imported + ".log");
        ReadOnlyDb db(imported);
        check_facets(server.port(), db, Filters{}, true);
        check_facets(server.port(), db, Filters{"", "", kUser1, ""});
        CHECK(request(server.port(), "GET", "/api/accounts/facets/").body ==
              request(source.port(), "GET", "/api/accounts/facets/").body);
    }
    {
        // A file of the schema before the facets (version 5): the migration backfills the counters.
        {
            test::SqliteFile rw(path);
            rw.rows("DROP TRIGGER accounts_facets_insert");
            rw.rows("DROP TRIGGER accounts_facets_update");
            rw.rows("DROP TRIGGER accounts_facets_delete");
            rw.rows("DROP TABLE account_facet_counts");
            rw.rows("PRAGMA user_version = 5");
        }
        test::ServerProcess server({"--db", path, "--token", kToken, "--quiet"}, path + ".log");
        ReadOnlyDb db(path);
        check_facets(server.port(), db, Filters{}, true);
    }
    remove_db(path);
    remove_db(imported);
}

TEST_CASE("facets: fields, 400 for an unknown field or stage, 401, 405, CORS, and 404 with --disable facets") {
    const std::string path = temp_db("errors");
    remove_db(path);
    {
        test::ServerProcess server({"--db", path, "--token", kToken, "--demo", "60", "--quiet", "--cors-origin",
                                    "https://console.example.com"},
                                   path + ".log");
        const int port = server.port();

        // fields: only those asked for, repeats ignored; absent: all five.
        Reply some = request(port, "GET", "/api/accounts/facets/?fields=industry,stage,industry");
        REQUIRE(some.status == 200);
        CHECK(some.body["facets"].size() == 2);
        CHECK(some.body["facets"].contains("industry"));
        CHECK(some.body["facets"].contains("stage"));
        CHECK(some.body["count"] == 60);
        Reply all = request(port, "GET", "/api/accounts/facets/");
        CHECK(all.body["facets"].size() == 5);
        CHECK(all.body["facets"]["industry"] == some.body["facets"]["industry"]);

        Reply unknown = request(port, "GET", "/api/accounts/facets/?fields=stage,x");
        CHECK(unknown.status == 400);
        CHECK(unknown.body == json{{"fields", {"Unknown facet \"x\"; allowed: stage, industry, companySize, assignedTo, createdMonth."}}});
        // The list's own validation of its filters (and both errors at once).
        Reply bad_stage = request(port, "GET", "/api/accounts/facets/?stage=nope");
        CHECK(bad_stage.status == 400);
        CHECK(bad_stage.body == request(port, "GET", "/api/accounts/?stage=nope").body);
        Reply both = request(port, "GET", "/api/accounts/facets/?stage=nope&fields=y");
        CHECK(both.status == 400);
        CHECK(both.body.contains("stage"));
        CHECK(both.body.contains("fields"));

        Reply anonymous = request(port, "GET", "/api/accounts/facets/", "", "");
        CHECK(anonymous.status == 401);
        CHECK(anonymous.body == json{{"detail", "Authentication credentials were not provided."}});
        CHECK(request(port, "GET", "/api/accounts/facets/", "", "wrong").status == 401);

        Reply post = request(port, "POST", "/api/accounts/facets/", "{}");
        CHECK(post.status == 405);
        CHECK(post.headers.find("Allow")->second == "GET, OPTIONS");

        Reply cors = request(port, "GET", "/api/accounts/facets/", "", kToken, {{"Origin", "https://console.example.com"}});
        CHECK(cors.status == 200);
        REQUIRE(cors.headers.count("Access-Control-Allow-Origin") == 1);
        CHECK(cors.headers.find("Access-Control-Allow-Origin")->second == "https://console.example.com");
    }
    {
        test::ServerProcess server({"--db", path, "--token", kToken, "--quiet", "--disable", "facets"}, path + ".log");
        Reply off = request(server.port(), "GET", "/api/accounts/facets/?fields=stage");
        Reply unknown = request(server.port(), "GET", "/api/nothing-here/");
        CHECK(off.status == 404);
        CHECK(off.body == unknown.body);
        CHECK(request(server.port(), "GET", "/api/accounts/?limit=1").body["count"] == 60);   // the rest serves
    }
    CHECK(run_to_exit({"--db", path, "--token", kToken, "--disable", "nothing"}, path + ".log") == 2);
    remove_db(path);
}

TEST_CASE("facets: identical requests in flight together all get the recount, before and after a write") {
    const std::string path = temp_db("flight");
    remove_db(path);
    {
        test::ServerProcess server({"--db", path, "--token", kToken, "--demo", "300", "--quiet"}, path + ".log");
        const int port = server.port();
        ReadOnlyDb db(path);
        const Filters f{"", "software", "", "ac"};
        for (int round = 0; round < 2; ++round) {
            const json expected = expected_facets(db, f);
            std::vector<json> answers(8);
            std::vector<std::thread> clients;
            for (size_t i = 0; i < answers.size(); ++i) {
                clients.emplace_back([&, i] {
                    httplib::Client c("127.0.0.1", port);
                    auto r = c.Get("/api/accounts/facets/?x=1" + f.query(), {{"Authorization", std::string("Bearer ") + kToken}});
                    if (r && r->status == 200) answers[i] = json::parse(r->body, nullptr, false);
                });
            }
            for (auto& t : clients) t.join();
            for (const json& a : answers) CHECK(a == expected);
            // A write between the rounds: the next round must not see the first round's answer.
            const std::vector<std::string> ids = account_ids(port, "&industry=software&search=ac");
            REQUIRE(!ids.empty());
            patch(port, ids[0], {{"industry", "Retail"}});
        }
    }
    remove_db(path);
}
