// audit_test.cpp: the issue's checklist items the other server tests left unproven, over real HTTP on
// loopback against temporary SQLite files: single-flight counts, pagination, filter and ordering edges,
// hostile query strings, delete atomicity, migrations, connection settings, response shapes, demo data.
#include <doctest/doctest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <nlohmann/json.hpp>
#include <algorithm>
#include <atomic>
#include <chrono>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

#include "core/util/case_fold.hpp"
#include "core/util/url.hpp"
#include "server/sqlite_db.hpp"
#include "server_process.hpp"
#include "test_server.hpp"

using namespace crm;
using nlohmann::json;

namespace {

using test::body_of;

// The path and query of an absolute URL the server built (next/previous).
std::string path_of(const test::TestServer& s, const json& url) {
    REQUIRE(url.is_string());
    const std::string u = url.get<std::string>();
    REQUIRE(u.rfind(s.origin(), 0) == 0);
    return u.substr(s.origin().size());
}

// Every account the list returns for `query` (walked with limit 100 through `next`).
std::vector<json> walk(test::TestServer& s, const std::string& query) {
    std::vector<json> out;
    std::string path = "/api/accounts/?limit=100" + (query.empty() ? "" : "&" + query);
    for (int guard = 0; guard < 1000; ++guard) {
        json page = body_of(s.get(path));
        for (auto& a : page["results"]) out.push_back(a);
        if (page["next"].is_null()) {
            CHECK(page["count"].get<size_t>() == out.size());
            return out;
        }
        path = path_of(s, page["next"]);
    }
    FAIL("pagination did not end");
    return out;
}

std::set<std::string> ids_of(const std::vector<json>& rows) {
    std::set<std::string> ids;
    for (const auto& a : rows) ids.insert(a["id"].get<std::string>());
    return ids;
}

std::string ascii_lower(std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

std::string without_scheme(const std::string& folded) {
    for (const char* scheme : {"https://", "http://"}) {
        if (folded.rfind(scheme, 0) == 0) return folded.substr(std::char_traits<char>::length(scheme));
    }
    return folded;
}

}  // namespace

TEST_CASE("single flight: N identical concurrent searches compute their count once; a write makes it count again") {
    test::TempDbFile file("audit_single_flight");
    test::TestServer s(20000, file.path());
    server::Store& store = s.store();
    // Two characters with an industry filter: no trigram index and no short-search counter, the count scans
    // that industry's rows (long enough to overlap).
    constexpr int kClients = 6;   // TestServer has 8 workers
    // The account the test renames: first made not to match "ab" at all.
    const json first = body_of(s.get("/api/accounts/?limit=1"))["results"][0];
    const std::string target = first["id"].get<std::string>();
    const std::string query = "/api/accounts/?limit=1&search=ab&industry=" + core::url_encode(first["industry"].get<std::string>());
    REQUIRE(s.send("PATCH", "/api/accounts/" + target + "/", R"({"name": "Plain Start", "website": ""})")->status == 200);

    // One round: every client asks at once; returns the counts they got.
    auto round = [&] {
        std::atomic<int> ready{0};
        std::vector<int64_t> counts(kClients, -1);
        std::vector<std::thread> clients;
        for (int t = 0; t < kClients; ++t) {
            clients.emplace_back([&, t] {
                httplib::Client c("127.0.0.1", s.port());
                c.set_keep_alive(true);
                const httplib::Headers auth = {{"Authorization", std::string("Bearer ") + test::kTestToken}};
                c.Get("/api/users/", auth);   // connected and warm before the start
                ++ready;
                while (ready < kClients) std::this_thread::yield();
                auto r = c.Get(query, auth);
                if (r && r->status == 200) counts[static_cast<size_t>(t)] = json::parse(r->body)["count"].get<int64_t>();
            });
        }
        for (auto& c : clients) c.join();
        return counts;
    };

    uint64_t joined_total = 0;
    int64_t expected = -1;
    int rounds = 0;
    for (; rounds < 40 && (rounds < 5 || joined_total == 0); ++rounds) {
        // A write before each round: the count is not in the cache, every round starts uncached.
        REQUIRE(s.send("PATCH", "/api/accounts/" + target + "/", json{{"description", "round " + std::to_string(rounds)}}.dump())
                    ->status == 200);
        const server::Store::CountStats before = store.count_stats();
        const std::vector<int64_t> counts = round();
        const server::Store::CountStats after = store.count_stats();
        if (expected < 0) expected = counts[0];
        for (int64_t c : counts) CHECK(c == expected);
        CHECK(after.computed - before.computed == 1);                                        // exactly one COUNT
        CHECK((after.joined - before.joined) + (after.cached - before.cached) == kClients - 1);   // the rest shared it
        joined_total += after.joined - before.joined;
    }
    MESSAGE("single flight: " << rounds << " rounds of " << kClients << " identical searches; " << joined_total
                              << " requests waited for a COUNT already running");
    // The rounds really overlapped: some requests arrived while the one COUNT was running and waited for it
    // (without single flight they would each have run their own, and `computed` would have grown by more).
    REQUIRE(joined_total > 0);
    REQUIRE(expected > 0);

    // Asked again without a write: from the cache, no COUNT.
    server::Store::CountStats before = store.count_stats();
    CHECK(body_of(s.get(query))["count"] == expected);
    server::Store::CountStats after = store.count_stats();
    CHECK(after.computed == before.computed);
    CHECK(after.cached == before.cached + 1);

    // A write that changes the answer: computed again, once, and the new count is right.
    REQUIRE(s.send("PATCH", "/api/accounts/" + target + "/", R"({"name": "Zab Renamed"})")->status == 200);
    before = store.count_stats();
    const std::vector<int64_t> counts = round();
    after = store.count_stats();
    CHECK(after.computed - before.computed == 1);
    for (int64_t c : counts) CHECK(c == expected + 1);

    // Directly on the Store too (no HTTP jitter): 16 threads, one COUNT.
    REQUIRE(s.send("PATCH", "/api/accounts/" + target + "/", R"({"name": "Plain Renamed"})")->status == 200);
    core::AccountQuery q;
    q.search = "AB";   // case-folded: the same count as "ab"
    q.industry = first["industry"].get<std::string>();
    before = store.count_stats();
    std::atomic<int> ready{0};
    std::vector<int64_t> direct(16, -1);
    std::vector<std::thread> threads;
    for (size_t t = 0; t < direct.size(); ++t) {
        threads.emplace_back([&, t] {
            ++ready;
            while (ready < static_cast<int>(direct.size())) std::this_thread::yield();
            direct[t] = store.count_matching(q);
        });
    }
    for (auto& t : threads) t.join();
    after = store.count_stats();
    CHECK(after.computed - before.computed == 1);
    for (int64_t c : direct) CHECK(c == expected);
}

TEST_CASE("pagination edges: limit fallback and clamp, last page, next/previous carry the filters (non-ASCII too)") {
    test::TestServer s(230);
    for (const char* limit : {"0", "-3", "1.5", "", "1e2", "%20"}) {
        json page = body_of(s.get(std::string("/api/accounts/?limit=") + limit));
        CHECK_MESSAGE(page["results"].size() == 50, "limit=" << limit);
    }
    CHECK(body_of(s.get("/api/accounts/?limit=100"))["results"].size() == 100);
    json clamped = body_of(s.get("/api/accounts/?limit=101&page=2"));
    CHECK(clamped["results"].size() == 100);
    CHECK(clamped["next"] == s.origin() + "/api/accounts/?limit=101&page=3");   // the query as sent
    json last = body_of(s.get("/api/accounts/?limit=101&page=3"));
    CHECK(last["results"].size() == 30);
    CHECK(last["next"].is_null());
    CHECK(last["previous"] == s.origin() + "/api/accounts/?limit=101&page=2");
    for (const char* page : {"4", "-1", "1.0", "", "01x", "99999999999"}) {
        auto r = s.get(std::string("/api/accounts/?limit=100&page=") + page);
        REQUIRE(r);
        CHECK_MESSAGE(r->status == 404, "page=" << page);
        CHECK(body_of(r) == json{{"detail", "Invalid page."}});
    }

    // Filters and a non-ASCII search survive the round trip through next and previous.
    for (const char* name : {"Über Eins", "Über Zwei", "Über Drei"}) {
        REQUIRE(s.send("POST", "/api/accounts/", json{{"name", name}, {"stage", "customer"}}.dump())->status == 201);
    }
    const std::string query = "search=" + core::url_encode("ü") + "&stage=customer&ordering=name&limit=1";
    json first = body_of(s.get("/api/accounts/?" + query));
    const int64_t count = first["count"].get<int64_t>();
    REQUIRE(count >= 3);
    std::vector<std::string> forward;
    json page = first;
    for (int64_t i = 1; i <= count; ++i) {
        REQUIRE(page["results"].size() == 1);
        const json& a = page["results"][0];
        CHECK(a["stage"] == "customer");
        CHECK(core::case_fold(a["name"].get<std::string>() + " " + a["website"].get<std::string>()).find("ü") !=
              std::string::npos);
        forward.push_back(a["id"].get<std::string>());
        if (i == count) break;
        const std::string next = path_of(s, page["next"]);
        CHECK(next.find("search=%C3%BC") != std::string::npos);
        CHECK(next.find("stage=customer") != std::string::npos);
        CHECK(next.find("ordering=name") != std::string::npos);
        CHECK(next.find("page=" + std::to_string(i + 1)) != std::string::npos);
        page = body_of(s.get(next));
        CHECK(page["count"] == count);
    }
    CHECK(page["next"].is_null());
    CHECK(std::set<std::string>(forward.begin(), forward.end()).size() == forward.size());
    // And back again through previous.
    for (int64_t i = count; i > 1; --i) {
        page = body_of(s.get(path_of(s, page["previous"])));
        CHECK(page["results"][0]["id"] == forward[static_cast<size_t>(i - 2)]);
    }
    CHECK(page["previous"].is_null());
    CHECK(s.get("/api/accounts/?" + query + "&page=" + std::to_string(count + 1))->status == 404);
}

TEST_CASE("filter combinations: every mix of stage, industry, assignedTo and search equals a recount") {
    test::TestServer s(260);
    const std::vector<json> all = walk(s, "");
    REQUIRE(all.size() == 260);
    const std::string user = "usr_01HX0000000000000000000002";
    int non_empty_combined = 0, checked = 0;
    for (const std::string stage : {"", "customer"}) {
        for (const std::string industry : {"", "SOFTWARE"}) {   // case-insensitive
            for (const std::string& assigned : {std::string(), user}) {
                for (const std::string search : {"", "la", "LABS", "ü", "example.com"}) {
                    std::set<std::string> expected;
                    for (const auto& a : all) {
                        if (!stage.empty() && a["stage"] != stage) continue;
                        if (!industry.empty() && ascii_lower(a["industry"].get<std::string>()) != ascii_lower(industry)) continue;
                        if (!assigned.empty() && a["assignedTo"] != assigned) continue;
                        const std::string needle = core::case_fold(search);
                        if (!search.empty() && core::case_fold(a["name"].get<std::string>()).find(needle) == std::string::npos &&
                            without_scheme(core::case_fold(a["website"].get<std::string>())).find(needle) == std::string::npos) {
                            continue;
                        }
                        expected.insert(a["id"].get<std::string>());
                    }
                    core::QueryParams params;
                    if (!stage.empty()) params.emplace_back("stage", stage);
                    if (!industry.empty()) params.emplace_back("industry", industry);
                    if (!assigned.empty()) params.emplace_back("assignedTo", assigned);
                    if (!search.empty()) params.emplace_back("search", search);
                    const std::string query = core::build_query(params);
                    CHECK_MESSAGE(ids_of(walk(s, query)) == expected, query);
                    const int filters = !stage.empty() + !industry.empty() + !assigned.empty() + !search.empty();
                    if (filters >= 2 && !expected.empty()) ++non_empty_combined;
                    ++checked;
                }
            }
        }
    }
    CHECK(checked == 40);
    CHECK(non_empty_combined >= 10);   // the combinations really selected something
}

TEST_CASE("ordering: every allowed field both ways across pages, ties broken by id; anything else is the default") {
    test::TestServer s(130);
    auto compare = [](const std::string& field, const json& a, const json& b) -> int {
        if (a[field].is_number()) return a[field].get<int64_t>() < b[field].get<int64_t>() ? -1 : a[field] == b[field] ? 0 : 1;
        std::string x = a[field].get<std::string>(), y = b[field].get<std::string>();
        if (field == "name" || field == "industry") x = ascii_lower(x), y = ascii_lower(y);   // COLLATE NOCASE
        return x < y ? -1 : x == y ? 0 : 1;
    };
    int ties = 0;
    for (const std::string field : {"name", "industry", "stage", "companySize", "createdAt", "updatedAt",
                                     "contactCount", "openOpportunityCount"}) {
        for (const bool desc : {false, true}) {
            // Pages of 40: the order holds across page boundaries.
            std::vector<json> rows;
            for (int p = 1; p <= 4; ++p) {
                json page = body_of(s.get("/api/accounts/?limit=40&page=" + std::to_string(p) + "&ordering=" +
                                          (desc ? "-" : "") + field));
                for (auto& a : page["results"]) rows.push_back(a);
            }
            REQUIRE(rows.size() == 130);
            CHECK(ids_of(rows).size() == 130);
            for (size_t i = 1; i < rows.size(); ++i) {
                const int c = compare(field, rows[i - 1], rows[i]);
                const bool ordered = c == 0 ? rows[i - 1]["id"].get<std::string>() < rows[i]["id"].get<std::string>()
                                            : (desc ? c > 0 : c < 0);
                ties += c == 0;
                CHECK_MESSAGE(ordered, (desc ? "-" : "") << field << " at " << i);
            }
        }
    }
    CHECK(ties > 100);   // ties were common, so the id tie-break was exercised

    // The default: -updatedAt, then id. Unknown, empty or SQL-looking values fall back to it.
    const std::vector<json> def = walk(s, "");
    for (size_t i = 1; i < def.size(); ++i) {
        const json &a = def[i - 1], &b = def[i];
        CHECK((a["updatedAt"] > b["updatedAt"] || (a["updatedAt"] == b["updatedAt"] && a["id"] < b["id"])));
    }
    for (const char* ordering : {"bogus", "-", "name,stage", "name;DROP TABLE accounts", "(SELECT 1)", "-id", "--name",
                                 "Name", "annualRevenue"}) {
        json page = body_of(s.get(std::string("/api/accounts/?limit=100&ordering=") + core::url_encode(ordering)));
        CHECK_MESSAGE(page["count"] == 130, ordering);
        REQUIRE(page["results"].size() == 100);
        for (size_t i = 0; i < 100; ++i) CHECK(page["results"][i]["id"] == def[i]["id"]);
    }
}

TEST_CASE("hostile query strings and paths: invalid UTF-8, quotes and SQL are data; answers stay JSON") {
    test::TestServer s(40);
    auto r = s.send("POST", "/api/accounts/", R"({"name": "The \"Best\" O'Brien & Co", "website": "https://best.example"})");
    REQUIRE(r->status == 201);
    const std::string id = body_of(r)["id"].get<std::string>();
    auto ids_for = [&](const std::string& raw_query) { return ids_of(walk(s, raw_query)); };
    CHECK(ids_for("search=" + core::url_encode("\"best\"")) == std::set<std::string>{id});   // FTS phrase quoting
    CHECK(ids_for("search=" + core::url_encode("o'brien")) == std::set<std::string>{id});
    CHECK(ids_for("search=" + core::url_encode("\" OR \"")).empty());
    CHECK(ids_for("search=" + core::url_encode("best\" *")).empty());
    CHECK(ids_for("search=" + core::url_encode("*")).empty());
    CHECK(ids_for("industry=" + core::url_encode("' OR '1'='1")).empty());
    CHECK(ids_for("assignedTo=" + core::url_encode("x' OR 1=1 --")).empty());
    // Invalid UTF-8 in the query: a normal answer (no match), valid JSON.
    for (const char* q : {"search=%FF%FE", "search=%C3", "search=ab%80cd", "industry=%FF", "assignedTo=%C0%AF"}) {
        auto res = s.get(std::string("/api/accounts/?") + q);
        REQUIRE(res);
        CHECK_MESSAGE(res->status == 200, q);
        CHECK(body_of(res)["count"] == 0);
    }
    auto bad_stage = s.get("/api/accounts/?stage=%FF%27");
    REQUIRE(bad_stage);
    CHECK(bad_stage->status == 400);
    CHECK(body_of(bad_stage)["stage"].is_array());
    for (const char* path : {"/api/accounts/%FF/", "/api/accounts/'%20OR%201=1%20--/", "/api/accounts/%22/contacts/",
                             "/api/accounts/acc_x%00y/"}) {
        auto res = s.get(path);
        REQUIRE(res);
        CHECK_MESSAGE(res->status == 404, path);
        CHECK(body_of(res) == json{{"detail", "Not found."}});
    }
    CHECK(s.send("PATCH", "/api/accounts/'%20OR%20''='/", R"({"name": "all"})")->status == 404);
    CHECK(s.send("DELETE", "/api/accounts/'%20OR%20''='/")->status == 404);
    CHECK(body_of(s.get("/api/accounts/"))["count"] == 41);
    CHECK(body_of(s.get("/api/accounts/" + id + "/"))["name"] == "The \"Best\" O'Brien & Co");
}

TEST_CASE("delete detaches exactly the linked records, in one transaction: a delete that fails detaches nothing") {
    test::TempDbFile file("audit_delete");
    test::TestServer s(60, file.path());
    server::Store& store = s.store();
    json by_contacts = body_of(s.get("/api/accounts/?limit=2&ordering=-contactCount"));
    const std::string id = by_contacts["results"][0]["id"].get<std::string>();
    const std::string other = by_contacts["results"][1]["id"].get<std::string>();
    const int64_t linked = store.count_linked_to(id), other_linked = store.count_linked_to(other);
    const int64_t detached = store.count_detached();
    REQUIRE(linked > 0);
    test::SqliteFile db(file.path());
    const std::string contacts_of_id = db.scalar("SELECT COUNT(*) FROM contacts WHERE account_id = '" + id + "'");

    // The account's own row cannot be deleted (a trigger aborts): the detaching UPDATEs before it must roll back.
    db.rows("CREATE TRIGGER audit_block_delete BEFORE DELETE ON accounts WHEN OLD.id = '" + id +
            "' BEGIN SELECT RAISE(ABORT, 'blocked by the test'); END");
    auto failed = s.send("DELETE", "/api/accounts/" + id + "/");
    REQUIRE(failed);
    CHECK(failed->status == 500);
    CHECK(body_of(failed) == json{{"detail", "Internal server error."}});
    CHECK(store.count_linked_to(id) == linked);
    CHECK(store.count_detached() == detached);
    CHECK(s.get("/api/accounts/" + id + "/")->status == 200);
    CHECK(body_of(s.get("/api/accounts/" + id + "/contacts/"))["count"].get<int64_t>() > 0);
    db.rows("DROP TRIGGER audit_block_delete");

    REQUIRE(s.send("DELETE", "/api/accounts/" + id + "/")->status == 204);
    CHECK(store.count_linked_to(id) == 0);
    CHECK(store.count_detached() == detached + linked);   // every linked record kept, none lost, none extra
    CHECK(store.count_linked_to(other) == other_linked);
    CHECK(db.scalar("SELECT COUNT(*) FROM contacts WHERE account_id IS NULL") == contacts_of_id);
    CHECK(db.scalar("SELECT COUNT(*) FROM accounts WHERE id = '" + id + "'") == "0");
    CHECK(db.scalar("PRAGMA foreign_key_check") == "");
    CHECK(body_of(s.get("/api/accounts/" + other + "/"))["contactCount"] == by_contacts["results"][1]["contactCount"]);
}

TEST_CASE("migrations: a version-1 file with data opens at the latest version, searchable and with its counts") {
    test::TempDbFile file("audit_migrate_v1");
    {
        // The foundation's schema (migration 1, as released) with a few rows, written by hand.
        sqlite3* raw = nullptr;
        REQUIRE(sqlite3_open(file.path().c_str(), &raw) == SQLITE_OK);
        const char* v1 = R"sql(
        CREATE TABLE users (id TEXT PRIMARY KEY, name TEXT NOT NULL, email TEXT NOT NULL DEFAULT '');
        CREATE TABLE accounts (
          id TEXT PRIMARY KEY, name TEXT NOT NULL, website TEXT NOT NULL DEFAULT '',
          industry TEXT NOT NULL DEFAULT '', company_size TEXT NOT NULL DEFAULT '', annual_revenue REAL,
          stage TEXT NOT NULL DEFAULT 'prospect', phone TEXT NOT NULL DEFAULT '', billing_address TEXT,
          assigned_to TEXT REFERENCES users(id) ON DELETE SET NULL, tags TEXT NOT NULL DEFAULT '[]',
          description TEXT NOT NULL DEFAULT '', created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
          version INTEGER NOT NULL DEFAULT 1);
        CREATE INDEX accounts_updated ON accounts(updated_at DESC, id);
        CREATE INDEX accounts_stage ON accounts(stage, updated_at DESC, id);
        CREATE INDEX accounts_industry ON accounts(industry COLLATE NOCASE);
        CREATE INDEX accounts_assigned ON accounts(assigned_to);
        CREATE TABLE contacts (id TEXT PRIMARY KEY, account_id TEXT REFERENCES accounts(id) ON DELETE SET NULL,
          first_name TEXT NOT NULL DEFAULT '', last_name TEXT NOT NULL DEFAULT '', email TEXT NOT NULL DEFAULT '',
          title TEXT NOT NULL DEFAULT '', stage TEXT NOT NULL DEFAULT '');
        CREATE INDEX contacts_account ON contacts(account_id);
        CREATE TABLE opportunities (id TEXT PRIMARY KEY, account_id TEXT REFERENCES accounts(id) ON DELETE SET NULL,
          name TEXT NOT NULL DEFAULT '', is_open INTEGER NOT NULL DEFAULT 1);
        CREATE INDEX opportunities_account ON opportunities(account_id, is_open);
        CREATE TABLE cases (id TEXT PRIMARY KEY, account_id TEXT REFERENCES accounts(id) ON DELETE SET NULL,
          subject TEXT NOT NULL DEFAULT '', is_open INTEGER NOT NULL DEFAULT 1);
        CREATE INDEX cases_account ON cases(account_id, is_open);
        INSERT INTO users VALUES ('usr_1', 'Old User', 'old@example.com');
        INSERT INTO accounts (id, name, website, industry, stage, assigned_to, tags, created_at, updated_at, version)
          VALUES ('acc_old1', 'Müller GmbH', 'https://MUELLER.example.de', 'Manufacturing', 'customer', 'usr_1',
                  '["legacy"]', '2024-01-01T00:00:00Z', '2024-02-01T00:00:00Z', 3),
                 ('acc_old2', 'Plain Ltd', '', 'Retail', 'prospect', NULL, '[]',
                  '2024-01-02T00:00:00Z', '2024-01-03T00:00:00Z', 1);
        INSERT INTO contacts (id, account_id, first_name, last_name) VALUES
          ('cnt_1', 'acc_old1', 'A', 'One'), ('cnt_2', 'acc_old1', 'B', 'Two'), ('cnt_3', 'acc_old1', 'C', 'Three'),
          ('cnt_4', NULL, 'D', 'Detached');
        INSERT INTO opportunities (id, account_id, is_open) VALUES ('opp_1', 'acc_old1', 1), ('opp_2', 'acc_old1', 0);
        INSERT INTO cases (id, account_id, is_open) VALUES ('cas_1', 'acc_old1', 1);
        PRAGMA user_version = 1;
        )sql";
        char* err = nullptr;
        const int rc = sqlite3_exec(raw, v1, nullptr, nullptr, &err);
        INFO((err ? err : ""));
        sqlite3_free(err);
        sqlite3_close(raw);
        REQUIRE(rc == SQLITE_OK);
    }
    test::TestServer s(0, file.path());
    CHECK(s.store().schema_version() == 6);
    json list = body_of(s.get("/api/accounts/"));
    CHECK(list["count"] == 2);
    CHECK(list["results"][0]["id"] == "acc_old1");   // -updatedAt
    auto found = body_of(s.get("/api/accounts/?search=" + core::url_encode("MÜLLER")));
    REQUIRE(found["count"] == 1);
    CHECK(found["results"][0]["id"] == "acc_old1");
    CHECK(body_of(s.get("/api/accounts/?search=mueller.example"))["count"] == 1);   // website folded, scheme dropped
    CHECK(body_of(s.get("/api/accounts/?stage=customer"))["count"] == 1);       // stage counters backfilled
    CHECK(body_of(s.get("/api/accounts/?search=" + core::url_encode("Ü")))["count"] == 1);   // short-search counters
    CHECK(body_of(s.get("/api/accounts/?search=L"))["count"] == 2);                          // backfilled
    json facets = body_of(s.get("/api/accounts/facets/?fields=stage,assignedTo"));           // facet counters backfilled
    CHECK(facets["count"] == 2);
    CHECK(facets["sums"]["contactCount"] == 3);
    CHECK(facets["sums"]["openOpportunityCount"] == 1);
    CHECK(facets["facets"]["stage"].size() == 2);
    auto detail = s.get("/api/accounts/acc_old1/");
    REQUIRE(detail);
    CHECK(detail->get_header_value("ETag") == "\"3\"");
    json a = body_of(detail);
    CHECK(a["contactCount"] == 3);
    CHECK(a["openOpportunityCount"] == 1);
    CHECK(a["openCaseCount"] == 1);
    CHECK(a["assignedToName"] == "Old User");
    CHECK(a["tags"] == json{"legacy"});
    json by_contacts = body_of(s.get("/api/accounts/?ordering=-contactCount"));   // the stored counter, backfilled
    CHECK(by_contacts["results"][0]["id"] == "acc_old1");
    CHECK(by_contacts["results"][0]["contactCount"] == 3);
    // Writes after the migration keep everything in step.
    REQUIRE(s.send("PATCH", "/api/accounts/acc_old2/", R"({"name": "Ørsted Nord"})")->status == 200);
    CHECK(body_of(s.get("/api/accounts/?search=" + core::url_encode("ØRSTED")))["count"] == 1);
    CHECK(body_of(s.get("/api/accounts/?search=" + core::url_encode("Ø")))["count"] == 1);
    CHECK(body_of(s.get("/api/accounts/?search=td"))["count"] == 0);   // "Plain Ltd" is gone
    test::SqliteFile db(file.path());
    CHECK(db.scalar("PRAGMA user_version") == "6");
    CHECK(db.scalar("PRAGMA integrity_check") == "ok");
    db.rows("INSERT INTO accounts_fts(accounts_fts) VALUES ('integrity-check')");   // throws when out of step
    CHECK(db.scalar("SELECT COUNT(*) FROM contacts WHERE account_id IS NULL") == "1");
}

TEST_CASE("connections: WAL, foreign keys, busy timeout; a write waits for another writer's lock, then succeeds") {
    test::TempDbFile file("audit_connections");
    test::TestServer s(5, file.path());
    for (const bool read_only : {false, true}) {
        server::Database db(file.path(), read_only ? server::OpenMode::ReadOnly : server::OpenMode::ReadWrite);
        auto pragma = [&](const char* name) {
            server::Statement st = db.prepare(std::string("PRAGMA ") + name);
            REQUIRE(st.step());
            return st.text(0);
        };
        CHECK(pragma("journal_mode") == "wal");
        CHECK(pragma("foreign_keys") == "1");
        CHECK(pragma("busy_timeout") == "5000");
    }
    // Another process-like connection holds the write lock for 600 ms: the PATCH waits (busy timeout) and
    // succeeds instead of failing with "database is locked".
    const std::string id = body_of(s.get("/api/accounts/?limit=1"))["results"][0]["id"].get<std::string>();
    test::SqliteFile other(file.path());
    other.rows("BEGIN IMMEDIATE");
    std::thread release([&] {
        std::this_thread::sleep_for(std::chrono::milliseconds(600));
        other.rows("COMMIT");
    });
    const auto t0 = std::chrono::steady_clock::now();
    auto r = s.send("PATCH", "/api/accounts/" + id + "/", R"({"stage": "partner"})");
    const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    release.join();
    REQUIRE(r);
    CHECK(r->status == 200);
    CHECK(ms >= 400);   // it really waited for the lock
    CHECK(body_of(s.get("/api/accounts/" + id + "/"))["stage"] == "partner");
}

TEST_CASE("response shapes: list, detail, contacts and users carry the reference's keys; timestamps are RFC 3339 UTC") {
    test::TestServer s(40);
    const std::regex rfc3339(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)");
    auto keys = [](const json& o) {
        std::set<std::string> k;
        for (auto it = o.begin(); it != o.end(); ++it) k.insert(it.key());
        return k;
    };
    json list = body_of(s.get("/api/accounts/?limit=100&ordering=-contactCount"));
    CHECK(keys(list) == std::set<std::string>{"count", "next", "previous", "results"});
    // The reference's list keys, and annualRevenue (extension: the list's optional Revenue column).
    const std::set<std::string> summary = {"id", "name", "website", "industry", "companySize", "stage", "assignedTo",
                                           "contactCount", "openOpportunityCount", "createdAt", "updatedAt",
                                           "annualRevenue"};
    for (const auto& a : list["results"]) {
        CHECK(keys(a) == summary);
        CHECK(std::regex_match(a["createdAt"].get<std::string>(), rfc3339));
        CHECK(std::regex_match(a["updatedAt"].get<std::string>(), rfc3339));
        CHECK(a["contactCount"].is_number_integer());
        CHECK((a["assignedTo"].is_null() || a["assignedTo"].is_string()));
    }
    const std::string id = list["results"][0]["id"].get<std::string>();
    std::set<std::string> detail = summary;
    detail.insert({"phone", "billingAddress", "assignedToName", "tags", "description", "openCaseCount"});
    CHECK(keys(body_of(s.get("/api/accounts/" + id + "/"))) == detail);
    json contacts = body_of(s.get("/api/accounts/" + id + "/contacts/"));
    CHECK(keys(contacts) == std::set<std::string>{"count", "results"});
    REQUIRE(contacts["results"].size() > 0);
    for (const auto& c : contacts["results"]) {
        CHECK(keys(c) == std::set<std::string>{"id", "firstName", "lastName", "email", "title", "stage"});
    }
    json paged = body_of(s.get("/api/accounts/" + id + "/contacts/?limit=500"));   // clamped to 100: all of them
    CHECK(keys(paged) == std::set<std::string>{"count", "next", "previous", "results"});
    CHECK(paged["results"].size() == contacts["results"].size());
    for (const char* bad : {"page=0", "page=x", "page=-2"}) {
        auto r = s.get("/api/accounts/" + id + "/contacts/?" + bad);
        REQUIRE(r);
        CHECK(r->status == 404);
        CHECK(body_of(r) == json{{"detail", "Invalid page."}});
    }
    // Over 100 contacts on one account: all of them by default, limit clamped to 100 when paginated.
    for (int i = 0; i < 130; ++i) {
        const std::string n = std::to_string(1000 + i);
        s.store().insert_contact("cnt_audit_" + n, id, "First" + n, "Last" + n, "c" + n + "@example.com", "Buyer", "customer");
    }
    const size_t total = contacts["results"].size() + 130;
    CHECK(body_of(s.get("/api/accounts/" + id + "/contacts/"))["results"].size() == total);
    json clamped = body_of(s.get("/api/accounts/" + id + "/contacts/?limit=500"));
    CHECK(clamped["count"] == total);
    CHECK(clamped["results"].size() == 100);
    CHECK(clamped["next"] == s.origin() + "/api/accounts/" + id + "/contacts/?limit=500&page=2");
    json rest = body_of(s.get(path_of(s, clamped["next"])));
    CHECK(rest["results"].size() == total - 100);
    CHECK(rest["next"].is_null());
    CHECK(body_of(s.get("/api/accounts/" + id + "/"))["contactCount"] == total);
    json users = body_of(s.get("/api/users/"));
    CHECK(keys(users) == std::set<std::string>{"count", "results"});
    for (const auto& u : users["results"]) CHECK(keys(u) == std::set<std::string>{"id", "name", "email"});
    // Every error is JSON with a detail (or field keys), and says it is JSON.
    std::vector<httplib::Result> errors;
    errors.push_back(s.get("/api/accounts/?page=9"));
    errors.push_back(s.get("/api/accounts/nope/"));
    errors.push_back(s.get("/api/accounts/", ""));
    errors.push_back(s.send("PUT", "/api/accounts/", "{}"));
    errors.push_back(s.send("POST", "/api/accounts/", "x", {}, "text/csv"));
    errors.push_back(s.send("POST", "/api/accounts/", R"({"name": "No Type"})", {}, ""));   // no Content-Type: 415
    CHECK(errors.back()->status == 415);
    for (const auto& r : errors) {
        REQUIRE(r);
        CHECK(r->get_header_value("Content-Type") == "application/json");
        CHECK(body_of(r)["detail"].is_string());
    }
}

TEST_CASE("ETag/If-Match details: a tag list matches any member; the 412 carries the current ETag") {
    test::TestServer s(3);
    const std::string path = "/api/accounts/" + body_of(s.get("/api/accounts/?limit=1"))["results"][0]["id"].get<std::string>() + "/";
    auto stale = s.send("PATCH", path, R"({"stage": "active"})", {{"If-Match", "\"7\""}});
    REQUIRE(stale);
    CHECK(stale->status == 412);
    CHECK(stale->get_header_value("ETag") == "\"1\"");
    auto listed = s.send("PATCH", path, R"({"stage": "active"})", {{"If-Match", "\"7\", W/\"1\""}});
    REQUIRE(listed);
    CHECK(listed->status == 200);
    CHECK(listed->get_header_value("ETag") == "\"2\"");
    CHECK(s.send("DELETE", path, "", {{"If-Match", "\"1\", \"3\""}})->status == 412);
    CHECK(s.get(path)->status == 200);
    CHECK(s.send("DELETE", path, "", {{"If-Match", "\"1\", \"2\""}})->status == 204);
}

TEST_CASE("CORS: preflight for DELETE with Authorization from an allowed origin; '*' allows any origin") {
    const std::string allowed = "https://console.example.com";
    test::TestServer s(2, ":memory:", {allowed, "https://second.example"});
    const std::string id = body_of(s.get("/api/accounts/?limit=1"))["results"][0]["id"].get<std::string>();
    for (const std::string& origin : {allowed, std::string("https://second.example")}) {
        auto pre = s.send("OPTIONS", "/api/accounts/" + id + "/", "",
                          {{"Origin", origin}, {"Access-Control-Request-Method", "DELETE"},
                           {"Access-Control-Request-Headers", "authorization"}},
                          "", "");
        REQUIRE(pre);
        CHECK(pre->status == 204);
        CHECK(pre->get_header_value("Access-Control-Allow-Origin") == origin);
        CHECK(pre->get_header_value("Access-Control-Allow-Methods").find("DELETE") != std::string::npos);
        CHECK(pre->get_header_value("Access-Control-Allow-Headers").find("Authorization") != std::string::npos);
        CHECK(pre->body.empty());
    }
    // The actual cross-origin DELETE and PATCH: Location/ETag readable (exposed) by the allowed origin.
    auto patch = s.send("PATCH", "/api/accounts/" + id + "/", R"({"stage": "active"})", {{"Origin", allowed}});
    CHECK(patch->get_header_value("Access-Control-Allow-Origin") == allowed);
    CHECK(patch->get_header_value("Access-Control-Expose-Headers").find("ETag") != std::string::npos);
    auto created = s.send("POST", "/api/accounts/", R"({"name": "Cross Origin"})", {{"Origin", allowed}});
    CHECK(created->status == 201);
    CHECK(created->get_header_value("Access-Control-Expose-Headers").find("Location") != std::string::npos);
    auto del = s.send("DELETE", "/api/accounts/" + id + "/", "", {{"Origin", allowed}});
    CHECK(del->status == 204);
    CHECK(del->get_header_value("Access-Control-Allow-Origin") == allowed);

    test::TestServer any(1, ":memory:", {"*"});
    auto pre = any.send("OPTIONS", "/api/accounts/", "",
                        {{"Origin", "https://anywhere.example"}, {"Access-Control-Request-Method", "POST"}}, "", "");
    REQUIRE(pre);
    CHECK(pre->status == 204);
    CHECK(pre->get_header_value("Access-Control-Allow-Origin") == "https://anywhere.example");
}

TEST_CASE("demo data is realistic: stages, industries, non-ASCII names, countries, contacts 0-12, users, deals, cases") {
    test::TestServer s(400);
    const std::vector<json> all = walk(s, "");
    REQUIRE(all.size() == 400);
    std::map<std::string, int> stages;
    std::set<std::string> industries, sizes;
    int with_website = 0, max_contacts = 0, min_contacts = 99, with_deals = 0, assigned = 0;
    bool mueller = false, lodz = false;
    for (const auto& a : all) {
        ++stages[a["stage"].get<std::string>()];
        industries.insert(a["industry"].get<std::string>());
        sizes.insert(a["companySize"].get<std::string>());
        const std::string name = a["name"].get<std::string>(), website = a["website"].get<std::string>();
        mueller = mueller || name.find("Müller") != std::string::npos;
        lodz = lodz || name.find("Łódź") != std::string::npos;
        if (!website.empty()) {
            ++with_website;
            CHECK(website.rfind("https://", 0) == 0);
        }
        max_contacts = std::max(max_contacts, a["contactCount"].get<int>());
        min_contacts = std::min(min_contacts, a["contactCount"].get<int>());
        with_deals += a["openOpportunityCount"].get<int>() > 0;
        assigned += !a["assignedTo"].is_null();
        CHECK(a["createdAt"] <= a["updatedAt"]);
    }
    CHECK(stages.size() == 5);
    for (const auto& [stage, n] : stages) CHECK_MESSAGE(n >= 40, stage << ": " << n);   // a mix, none rare
    CHECK(industries.size() >= 8);
    CHECK(sizes.size() >= 6);
    CHECK(mueller);
    CHECK(lodz);
    CHECK(with_website > 300);
    CHECK(with_website < 400);   // some have none
    CHECK(min_contacts == 0);
    CHECK(max_contacts >= 8);
    CHECK(max_contacts <= 12);
    CHECK(with_deals > 100);
    CHECK(assigned > 300);
    std::set<std::string> countries;
    int with_revenue = 0, with_cases = 0;
    const std::regex e164(R"(\+\d{8,15})");
    for (size_t i = 0; i < 60; ++i) {
        json d = body_of(s.get("/api/accounts/" + all[i]["id"].get<std::string>() + "/"));
        if (d["billingAddress"].is_object()) countries.insert(d["billingAddress"]["country"].get<std::string>());
        with_revenue += d["annualRevenue"].is_number();
        with_cases += d["openCaseCount"].get<int>() > 0;
        CHECK(std::regex_match(d["phone"].get<std::string>(), e164));
        if (!d["assignedTo"].is_null()) CHECK_FALSE(d["assignedToName"].get<std::string>().empty());
    }
    CHECK(countries.size() >= 5);
    CHECK(with_revenue > 30);
    CHECK(with_cases > 5);
    CHECK(body_of(s.get("/api/users/"))["count"].get<int>() >= 5);
}

TEST_CASE("static site: Accept-Encoding is parsed (q=0 refuses a coding, '*' accepts), MIME types of every asset") {
    const std::string dir = "audit_site_" + std::to_string(::getpid());
    ::mkdir(dir.c_str(), 0755);
    const std::vector<std::pair<std::string, std::string>> files = {
        {"index.html", "<!doctype html>"}, {"app.0123456789ab.wasm", "WASM"}, {"app.0123456789ab.wasm.br", "BR"},
        {"app.0123456789ab.wasm.gz", "GZ"}, {"app.0123456789ab.js", "js"},   {"style.0123456789ab.css", "css"},
        {"app.0123456789ab.data", "data"},  {"config.json", "{}"},            {"asset-manifest.json", "{}"}};
    for (const auto& [name, content] : files) std::ofstream(dir + "/" + name, std::ios::binary) << content;
    test::TestServer s(1, ":memory:", {}, dir);
    httplib::Client c("127.0.0.1", s.port());
    c.set_decompress(false);
    auto served = [&](const std::string& accept) {
        auto r = c.Get("/app.0123456789ab.wasm", {{"Accept-Encoding", accept}});
        REQUIRE(r);
        REQUIRE(r->status == 200);
        CHECK(r->get_header_value("Content-Type") == "application/wasm");
        return r->body;
    };
    CHECK(served("gzip, deflate, br") == "BR");
    CHECK(served("br;q=0, gzip") == "GZ");
    CHECK(served("gzip;q=0, br;q=0") == "WASM");
    CHECK(served("BR") == "BR");
    CHECK(served("gzip;q=0.5") == "GZ");
    CHECK(served("x-brotli, x-gzip") == "WASM");   // names compared whole
    CHECK(served("*") == "BR");
    CHECK(served("*, br;q=0") == "GZ");
    CHECK(served("identity") == "WASM");
    const std::vector<std::tuple<std::string, std::string, std::string>> expected = {
        {"/", "text/html; charset=utf-8", "no-cache"},
        {"/app.0123456789ab.js", "text/javascript; charset=utf-8", "public, max-age=31536000, immutable"},
        {"/style.0123456789ab.css", "text/css; charset=utf-8", "public, max-age=31536000, immutable"},
        {"/app.0123456789ab.data", "application/octet-stream", "public, max-age=31536000, immutable"},
        {"/config.json", "application/json", "no-cache"},
        {"/asset-manifest.json", "application/json", "no-cache"},
    };
    for (const auto& [path, type, cache] : expected) {
        auto r = c.Get(path, {{"Accept-Encoding", "identity"}});
        REQUIRE(r);
        CHECK_MESSAGE(r->get_header_value("Content-Type") == type, path);
        CHECK_MESSAGE(r->get_header_value("Cache-Control") == cache, path);
        CHECK(r->get_header_value("X-Content-Type-Options") == "nosniff");
        CHECK(r->get_header_value("Content-Security-Policy").find("frame-ancestors 'none'") != std::string::npos);
    }
    for (const auto& [name, content] : files) std::remove((dir + "/" + name).c_str());
    ::rmdir(dir.c_str());
}
