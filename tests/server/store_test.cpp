// store_test.cpp: the SQLite store: migrations, demo data, ordering.
#include <doctest/doctest.h>

#include <cstdio>
#include <string>
#include <unistd.h>

#include "server/demo_data.hpp"
#include "server/store.hpp"
#include "server_process.hpp"

using namespace crm;

TEST_CASE("a new database is migrated to the latest schema version") {
    server::Store store(":memory:");
    CHECK(store.schema_version() == 4);
}

TEST_CASE("demo data is deterministic and seeded only into an empty store") {
    server::Store a(":memory:"), b(":memory:");
    CHECK(server::seed_demo_data(a, 12) == 12);
    CHECK(server::seed_demo_data(b, 12) == 12);
    CHECK(server::seed_demo_data(a, 12) == 0);
    CHECK(a.count_accounts() == 12);
    core::AccountQuery q;
    q.limit = 12;
    auto pa = a.list_accounts(q), pb = b.list_accounts(q);
    REQUIRE(pa.rows.size() == 12);
    for (size_t i = 0; i < pa.rows.size(); ++i) CHECK(pa.rows[i] == pb.rows[i]);
}

TEST_CASE("a database file keeps its accounts across reopening") {
    std::string path = "store_test_" + std::to_string(::getpid()) + ".db";
    {
        server::Store s(path);
        server::seed_demo_data(s, 5);
    }
    {
        server::Store s(path);
        CHECK(s.schema_version() == 4);
        CHECK(s.count_accounts() == 5);
    }
    std::remove(path.c_str());
    std::remove((path + "-wal").c_str());
    std::remove((path + "-shm").c_str());
}

TEST_CASE("ordering by name ascending and descending, unknown fields ignored") {
    server::Store s(":memory:");
    server::seed_demo_data(s, 20);
    core::AccountQuery q;
    q.limit = 20;
    q.ordering = "name";
    auto asc = s.list_accounts(q);
    q.ordering = "-name";
    auto desc = s.list_accounts(q);
    REQUIRE(asc.rows.size() == 20);
    CHECK(asc.rows.front().id == desc.rows.back().id);
    q.ordering = "bogus";
    auto fallback = s.list_accounts(q);
    q.ordering = "";
    auto def = s.list_accounts(q);
    CHECK(fallback.rows.front().id == def.rows.front().id);
}

TEST_CASE("a bulk load into an empty file defers, then recreates, every index and the FTS trigger") {
    std::string path = "store_bulk_" + std::to_string(::getpid()) + ".db";
    const std::string objects =
        "SELECT group_concat(name, ',') FROM (SELECT name FROM sqlite_master WHERE sql IS NOT NULL AND "
        "type IN ('index', 'trigger') ORDER BY name)";
    std::string before;
    {
        server::Store s(path);
        before = test::SqliteFile(path).scalar(objects);
        server::seed_demo_data(s, 300);
        // Written after the load: the FTS trigger works again.
        s.begin();
        core::Account a;
        a.id = "acc_bulk_after";
        a.name = "Zyxwv After Load";
        a.stage = "prospect";
        a.created_at = a.updated_at = "2026-01-01T00:00:00Z";
        s.insert_account(a);
        s.commit();
        core::AccountQuery q;
        q.search = "zyxwv";
        CHECK(s.count_matching(q) == 1);
        q.search = "GmbH";
        CHECK(s.count_matching(q) > 0);
        CHECK(s.page_rows(q).size() > 0);
    }
    test::SqliteFile db(path);
    CHECK(before.find("accounts_fts_insert") != std::string::npos);
    CHECK(before.find("accounts_fold") != std::string::npos);
    CHECK(db.scalar(objects) == before);
    db.rows("INSERT INTO accounts_fts(accounts_fts) VALUES ('integrity-check')");   // throws when out of step
    CHECK(db.scalar("PRAGMA integrity_check") == "ok");
    // The stored counters (ordering by contactCount/openOpportunityCount) equal a recount.
    CHECK(db.scalar("SELECT COUNT(*) FROM accounts a WHERE contact_count <> "
                    "(SELECT COUNT(*) FROM contacts c WHERE c.account_id = a.id)") == "0");
    CHECK(db.scalar("SELECT COUNT(*) FROM accounts a WHERE open_opportunity_count <> "
                    "(SELECT COUNT(*) FROM opportunities o WHERE o.account_id = a.id AND o.is_open = 1)") == "0");
    CHECK(db.scalar("SELECT MAX(contact_count) FROM accounts") != "0");
    for (const char* suffix : {"", "-wal", "-shm"}) std::remove((path + suffix).c_str());
}

namespace {
void remove_db_files(const std::string& path) {
    for (const char* suffix : {"", "-wal", "-shm", ".building", ".building.fts"}) std::remove((path + suffix).c_str());
}
bool exists(const std::string& path) { return ::access(path.c_str(), F_OK) == 0; }
const char* const kStoredCountsWrong =
    "SELECT COUNT(*) FROM accounts a WHERE contact_count <> (SELECT COUNT(*) FROM contacts c WHERE c.account_id = a.id) "
    "OR open_opportunity_count <> (SELECT COUNT(*) FROM opportunities o WHERE o.account_id = a.id AND o.is_open = 1)";
}  // namespace

TEST_CASE("a new demo database is built in a side file: same data and search as an in-place seed") {
    const std::string path = "store_new_" + std::to_string(::getpid()) + ".db";
    remove_db_files(path);
    int64_t seeded = 0;
    server::build_new_database(path, [&](server::Store& s) {
        CHECK(exists(path + ".building"));
        CHECK_FALSE(exists(path));
        seeded = server::seed_demo_data(s, 400);
    });
    CHECK(seeded == 400);
    CHECK(exists(path));
    CHECK_FALSE(exists(path + ".building"));
    CHECK_FALSE(exists(path + ".building.fts"));   // the trigram index built on the side thread: copied in, removed
    {
        server::Store built(path), reference(":memory:");   // ":memory:" rebuilds the FTS index in place
        server::seed_demo_data(reference, 400);
        core::AccountQuery q;
        q.limit = 100;
        for (const char* ordering : {"", "name", "-contactCount", "openOpportunityCount"}) {
            q.ordering = ordering;
            auto a = built.list_accounts(q), b = reference.list_accounts(q);
            REQUIRE(a.rows.size() == 100);
            for (size_t i = 0; i < a.rows.size(); ++i) CHECK(a.rows[i] == b.rows[i]);
        }
        q.ordering = "";
        for (std::string term : {"müller", "ÅRDAL", "gmbh 3", "łódź", "ab", "x", ".example.com"}) {
            q.search = term;
            CAPTURE(term);
            CHECK(built.count_matching(q) == reference.count_matching(q));
            CHECK(built.count_matching(q) > 0);
            auto a = built.page_rows(q), b = reference.page_rows(q);
            CHECK(a == b);
        }
    }
    test::SqliteFile db(path);
    CHECK(db.scalar("PRAGMA journal_mode") == "wal");   // served as usual after the unjournaled build
    CHECK(db.scalar("PRAGMA integrity_check") == "ok");
    db.rows("INSERT INTO accounts_fts(accounts_fts) VALUES ('integrity-check')");   // throws when out of step
    CHECK(db.scalar(kStoredCountsWrong) == "0");   // counts given by the generator equal a recount
    CHECK(db.scalar("SELECT MAX(contact_count) > 0 AND MAX(open_opportunity_count) > 0 FROM accounts") == "1");
    remove_db_files(path);
}

TEST_CASE("a failed build leaves neither the database nor its side files") {
    const std::string path = "store_failed_" + std::to_string(::getpid()) + ".db";
    remove_db_files(path);
    CHECK_THROWS_AS(server::build_new_database(path,
                                               [](server::Store& s) {
                                                   server::seed_demo_data(s, 50);
                                                   throw std::runtime_error("disk full");
                                               }),
                    std::runtime_error);
    for (const char* suffix : {"", ".building", ".building.fts"}) CHECK_FALSE(exists(path + suffix));
}

TEST_CASE("bulk-inserted accounts without counts are recounted at commit") {
    const std::string path = "store_recount_" + std::to_string(::getpid()) + ".db";
    remove_db_files(path);
    server::build_new_database(path, [&](server::Store& s) {
        s.begin();
        CHECK(exists(path + ".building.fts"));   // the trigram index is being built on the side thread
        s.insert_user(server::User{"usr_1", "Ann", "ann@example.com"});
        for (int i = 0; i < 3; ++i) {
            core::Account a;
            a.id = "acc_" + std::to_string(i);
            a.name = "Recount " + std::to_string(i);
            a.stage = "active";
            a.created_at = a.updated_at = "2026-01-01T00:00:00Z";
            a.contact_count = 99;   // ignored: insert_account derives the counts
            s.insert_account(a);
            for (int c = 0; c < i; ++c) {
                s.insert_contact("cnt_" + std::to_string(i) + "_" + std::to_string(c), a.id, "F", "L", "f@x.io", "", "active");
            }
            s.insert_opportunity("opp_" + std::to_string(i), a.id, "Deal", i == 2);
        }
        s.commit();
    });
    test::SqliteFile db(path);
    CHECK(db.scalar(kStoredCountsWrong) == "0");
    CHECK(db.scalar("SELECT group_concat(contact_count || '/' || open_opportunity_count, ',') FROM "
                    "(SELECT * FROM accounts ORDER BY id)") == "0/0,1/0,2/1");
    db.rows("INSERT INTO accounts_fts(accounts_fts) VALUES ('integrity-check')");
    remove_db_files(path);
}
