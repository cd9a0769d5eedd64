// concurrency_test.cpp: many clients PATCHing the same and different accounts of a real server process at
// once: If-Match never lets a write overwrite another silently; without it the last write wins whole;
// per-stage counts always equal a recount of the file.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <atomic>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "server_process.hpp"

using namespace crm;
using nlohmann::json;

namespace {

const char* const kStageValues[] = {"prospect", "active", "customer", "partner", "churned"};
const httplib::Headers kAuth = {{"Authorization", "Bearer conc-token"}};

struct Fixture {
    std::string db_path = "concurrency_" + std::to_string(::getpid()) + ".db";
    std::unique_ptr<test::ServerProcess> server;
    Fixture() {
        remove_db();
        server = std::make_unique<test::ServerProcess>(
            std::vector<std::string>{"--db", db_path, "--token", "conc-token", "--demo", "60", "--quiet", "--threads", "16"},
            db_path + ".log");
    }
    ~Fixture() {
        server.reset();
        remove_db();
        std::remove((db_path + ".log").c_str());
    }
    void remove_db() {
        for (const char* suffix : {"", "-wal", "-shm"}) std::remove((db_path + suffix).c_str());
    }
    httplib::Client client() const {
        httplib::Client c("127.0.0.1", server->port());
        c.set_read_timeout(20);
        return c;
    }
    std::vector<std::string> ids(int n) {
        auto r = client().Get("/api/accounts/?limit=" + std::to_string(n), kAuth);
        REQUIRE(r);
        REQUIRE_MESSAGE(r->status == 200, r->body);
        std::vector<std::string> out;
        const json page = json::parse(r->body);
        for (auto& a : page["results"]) out.push_back(a["id"].get<std::string>());
        REQUIRE(out.size() == static_cast<size_t>(n));
        return out;
    }
};

int64_t version_of(const httplib::Result& r) {
    const std::string tag = r->get_header_value("ETag");   // "N"
    return std::stoll(tag.substr(1, tag.size() - 2));
}

}  // namespace

TEST_CASE("If-Match: of N clients racing from the same version exactly one wins, the rest get 412") {
    Fixture f;
    const std::vector<std::string> ids = f.ids(4);
    constexpr int kClients = 8;
    constexpr int kRounds = 12;
    for (int round = 0; round < kRounds; ++round) {
        const std::string& id = ids[static_cast<size_t>(round) % ids.size()];
        auto current = f.client().Get("/api/accounts/" + id + "/", kAuth);
        REQUIRE(current);
        const int64_t v = version_of(current);
        std::atomic<int> ready{0};
        std::vector<int> status(kClients, 0);
        std::vector<std::thread> clients;
        for (int t = 0; t < kClients; ++t) {
            clients.emplace_back([&, t] {
                httplib::Client c = f.client();
                httplib::Headers h = kAuth;
                h.emplace("If-Match", "\"" + std::to_string(v) + "\"");
                const std::string body = json{{"name", "round " + std::to_string(round) + " client " + std::to_string(t)}}.dump();
                ++ready;
                while (ready < kClients) std::this_thread::yield();   // start together
                auto r = c.Patch("/api/accounts/" + id + "/", h, body, "application/json");
                status[static_cast<size_t>(t)] = r ? r->status : -1;
            });
        }
        for (auto& c : clients) c.join();
        int ok = 0, failed_precondition = 0;
        int winner = -1;
        for (int t = 0; t < kClients; ++t) {
            if (status[static_cast<size_t>(t)] == 200) ++ok, winner = t;
            else if (status[static_cast<size_t>(t)] == 412) ++failed_precondition;
        }
        CHECK(ok == 1);
        CHECK(failed_precondition == kClients - 1);
        auto after = f.client().Get("/api/accounts/" + id + "/", kAuth);
        REQUIRE(after);
        CHECK(version_of(after) == v + 1);
        CHECK(json::parse(after->body)["name"] == "round " + std::to_string(round) + " client " + std::to_string(winner));
    }
}

TEST_CASE("If-Match read-modify-write loops on shared and own accounts: every success builds on the one before") {
    Fixture f;
    const std::vector<std::string> ids = f.ids(6);
    const std::string shared = ids[0];
    constexpr int kClients = 8;
    constexpr int kAttempts = 40;
    struct Success {
        std::string id;
        int64_t base = 0, next = 0;
        std::string name;
    };
    std::mutex mu;
    std::vector<Success> successes;
    std::atomic<int> other_status{0}, failed_precondition{0};
    std::vector<std::thread> clients;
    for (int t = 0; t < kClients; ++t) {
        clients.emplace_back([&, t] {
            httplib::Client c = f.client();
            for (int i = 0; i < kAttempts; ++i) {
                // Even clients share one account; odd ones alternate between it and their own.
                const std::string id = (t % 2 == 0 || i % 2 == 0) ? shared : ids[1 + static_cast<size_t>(t) / 2];
                auto got = c.Get("/api/accounts/" + id + "/", kAuth);
                if (!got || got->status != 200) { ++other_status; continue; }
                const int64_t base = version_of(got);
                httplib::Headers h = kAuth;
                h.emplace("If-Match", got->get_header_value("ETag"));
                const std::string name = "c" + std::to_string(t) + " a" + std::to_string(i);
                auto r = c.Patch("/api/accounts/" + id + "/", h, json{{"name", name}}.dump(), "application/json");
                if (r && r->status == 200) {
                    std::lock_guard lock(mu);
                    successes.push_back({id, base, version_of(r), name});
                } else if (r && r->status == 412) {
                    ++failed_precondition;
                } else {
                    ++other_status;
                }
            }
        });
    }
    for (auto& c : clients) c.join();
    CHECK(other_status == 0);
    // Per account: the successful writes' base versions are all distinct and each success produced base + 1,
    // so the chain of versions has no gap and no fork: nobody overwrote a version they had not read.
    std::map<std::string, std::map<int64_t, Success>> by_base;
    for (const Success& s : successes) {
        CHECK(s.next == s.base + 1);
        CHECK_MESSAGE(by_base[s.id].count(s.base) == 0, "two writes succeeded from version " << s.base << " of " << s.id);
        by_base[s.id][s.base] = s;
    }
    for (auto& [id, chain] : by_base) {
        const int64_t first = chain.begin()->first, last = chain.rbegin()->first;
        CHECK(last - first + 1 == static_cast<int64_t>(chain.size()));   // consecutive
        auto now = f.client().Get("/api/accounts/" + id + "/", kAuth);
        REQUIRE(now);
        CHECK(version_of(now) == last + 1);
        CHECK(json::parse(now->body)["name"] == chain.rbegin()->second.name);
    }
    MESSAGE("If-Match loops: " << successes.size() << " successes, " << failed_precondition.load() << " x 412 across "
                               << by_base.size() << " accounts");
    CHECK(failed_precondition > 0);   // the shared account really was contended
}

TEST_CASE("Without If-Match: the final state is exactly one of the writes; stage counts equal a recount") {
    Fixture f;
    const std::vector<std::string> ids = f.ids(30);
    const std::string shared = ids[0];
    constexpr int kClients = 8;
    constexpr int kWrites = 30;
    std::atomic<int> not_ok{0};
    std::set<std::string> written;   // "name|website|stage" of every write to the shared account
    std::mutex mu;
    std::vector<std::thread> clients;
    for (int t = 0; t < kClients; ++t) {
        clients.emplace_back([&, t] {
            httplib::Client c = f.client();
            for (int i = 0; i < kWrites; ++i) {
                const std::string tag = "t" + std::to_string(t) + "w" + std::to_string(i);
                const std::string stage = kStageValues[static_cast<size_t>(t + i) % 5];
                // Alternate: the shared account, and a stage change on some other account (moves counters).
                const bool on_shared = i % 2 == 0;
                const std::string id = on_shared ? shared : ids[1 + static_cast<size_t>(t * kWrites + i) % (ids.size() - 1)];
                json body = {{"name", "name " + tag}, {"website", "https://" + tag + ".example"}, {"stage", stage}};
                if (on_shared) {
                    std::lock_guard lock(mu);
                    written.insert("name " + tag + "|https://" + tag + ".example|" + stage);
                }
                auto r = c.Patch("/api/accounts/" + id + "/", kAuth, body.dump(), "application/json");
                if (!r || r->status != 200) ++not_ok;
                if (i % 5 == 4) {   // creates and deletes move the counters too
                    auto created = c.Post("/api/accounts/", kAuth, json{{"name", "new " + tag}, {"stage", stage}}.dump(),
                                          "application/json");
                    if (!created || created->status != 201) { ++not_ok; continue; }
                    if (t % 2 == 0) {
                        auto gone = c.Delete("/api/accounts/" + json::parse(created->body)["id"].get<std::string>() + "/", kAuth);
                        if (!gone || gone->status != 204) ++not_ok;
                    }
                }
            }
        });
    }
    for (auto& c : clients) c.join();
    CHECK(not_ok == 0);
    auto final_state = f.client().Get("/api/accounts/" + shared + "/", kAuth);
    REQUIRE(final_state);
    const json a = json::parse(final_state->body);
    const std::string combined = a["name"].get<std::string>() + "|" + a["website"].get<std::string>() + "|" +
                                 a["stage"].get<std::string>();
    CHECK_MESSAGE(written.count(combined) == 1, "final state " << combined << " is not one whole write");

    test::SqliteFile db(f.db_path);
    int64_t total = 0;
    for (const char* stage : kStageValues) {
        const std::string recount = db.scalar(std::string("SELECT COUNT(*) FROM accounts WHERE stage = '") + stage + "'");
        auto r = f.client().Get(std::string("/api/accounts/?limit=1&stage=") + stage, kAuth);
        REQUIRE(r);
        const int64_t served = json::parse(r->body)["count"].get<int64_t>();
        CHECK_MESSAGE(std::to_string(served) == recount, stage << ": API count " << served << ", COUNT(*) " << recount);
        CHECK(db.scalar(std::string("SELECT COALESCE((SELECT n FROM account_stage_counts WHERE stage = '") + stage + "'), 0)") == recount);
        total += served;
    }
    auto all = f.client().Get("/api/accounts/?limit=1", kAuth);
    REQUIRE(all);
    CHECK(json::parse(all->body)["count"].get<int64_t>() == total);
    CHECK(std::to_string(total) == db.scalar("SELECT COUNT(*) FROM accounts"));
    CHECK(db.scalar("PRAGMA integrity_check") == "ok");
}
