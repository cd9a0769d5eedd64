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
