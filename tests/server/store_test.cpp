// store_test.cpp: the SQLite store: migrations, demo data, ordering.
#include <doctest/doctest.h>

#include <cstdio>
#include <string>
#include <unistd.h>

#include "server/demo_data.hpp"
#include "server/store.hpp"

using namespace crm;

TEST_CASE("a new database is migrated to the latest schema version") {
    server::Store store(":memory:");
    CHECK(store.schema_version() == 2);
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
        CHECK(s.schema_version() == 2);
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
