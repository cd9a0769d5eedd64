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
    CHECK(store.schema_version() == 6);
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
        CHECK(s.schema_version() == 6);
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
// The short-search counters that differ from a recount in SQL (every distinct 1-2 character substring
// of each account's folded columns, per stage), in either direction; zero rows are ignored.
const char* const kShortGramsWrong = R"sql(
    WITH RECURSIVE pos(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM pos WHERE i < 400),
    grams(seq, stage, gram) AS (
      SELECT a.seq, a.stage, substr(c.t, p.i, w.len) FROM accounts a
      JOIN (SELECT 1 AS k UNION ALL SELECT 2) AS col
      JOIN (SELECT 1 AS len UNION ALL SELECT 2) AS w
      JOIN (SELECT seq, 1 AS k, name_fold AS t FROM accounts UNION ALL SELECT seq, 2, website_fold FROM accounts) AS c
        ON c.seq = a.seq AND c.k = col.k
      JOIN pos p ON p.i + w.len - 1 <= length(c.t)),
    recount AS (SELECT gram, stage, COUNT(DISTINCT seq) AS n FROM grams GROUP BY gram, stage),
    stored AS (SELECT gram, stage, n FROM account_short_grams WHERE n <> 0)
    SELECT (SELECT COUNT(*) FROM (SELECT * FROM recount EXCEPT SELECT * FROM stored)) +
           (SELECT COUNT(*) FROM (SELECT * FROM stored EXCEPT SELECT * FROM recount))
)sql";
}  // namespace

TEST_CASE("one- and two-character searches are counted from counters kept exact by every write") {
    const std::string path = "store_grams_" + std::to_string(::getpid()) + ".db";
    remove_db_files(path);
    server::build_new_database(path, [](server::Store& s) { server::seed_demo_data(s, 300); });   // bulk path
    {
        test::SqliteFile db(path);
        CHECK(db.scalar("SELECT COUNT(*) > 100 FROM account_short_grams") == "1");
        CHECK(db.scalar(kShortGramsWrong) == "0");
    }
    server::Store store(path);
    auto created = store.create_account({{"name", "  Ærø Straße x "}, {"website", "HTTPS://QZ.example"}});
    REQUIRE(created.status == server::WriteStatus::Ok);
    const std::string id = created.record.account.id;
    core::AccountQuery q;
    q.search = "QZ";
    CHECK(store.count_matching(q) == 1);
    CHECK(store.page_rows(q).size() == 1);
    q.search = "SS";   // ß folds to ss
    const int64_t ss = store.count_matching(q);
    CHECK(ss >= 1);
    REQUIRE(store.update_account(id, {{"stage", "churned"}}, nullptr).status == server::WriteStatus::Ok);
    q.stage = "churned";
    CHECK(store.count_matching(q) >= 1);
    q.stage = "prospect";
    const int64_t prospect_ss = store.count_matching(q);
    REQUIRE(store.update_account(id, {{"name", "Plain"}, {"website", ""}}, nullptr).status == server::WriteStatus::Ok);
    q.stage = "";
    q.search = "qz";
    CHECK(store.count_matching(q) == 0);
    q.search = "ss";
    CHECK(store.count_matching(q) == ss - 1);
    q.stage = "prospect";
    CHECK(store.count_matching(q) == prospect_ss);   // the account had already left this stage
    auto other = store.create_account({{"name", "Ø"}});
    REQUIRE(other.status == server::WriteStatus::Ok);
    q.stage = "";
    q.search = "ø";
    const int64_t o = store.count_matching(q);
    CHECK(o >= 1);
    REQUIRE(store.delete_account(other.record.account.id, nullptr) == server::WriteStatus::Ok);
    CHECK(store.count_matching(q) == o - 1);
    for (std::string term : {"ab", "x", "ø", "a", "m", ".", "zz"}) {   // counters equal the rows a page walk finds
        q.search = term;
        q.limit = 100;
        CAPTURE(term);
        int64_t walked = 0;
        for (q.page = 1;; ++q.page) {
            auto rows = store.page_rows(q);
            walked += static_cast<int64_t>(rows.size());
            if (rows.size() < 100) break;
        }
        q.page = 1;
        CHECK(store.count_matching(q) == walked);
    }
    // Pages of rare terms (found through the trigrams that hold them and the 1-2 character columns) equal
    // the plain scan's pages, for every term that occurs and some that do not.
    REQUIRE(store.create_account({{"name", "Qx"}, {"website", "zq"}}).status == server::WriteStatus::Ok);
    REQUIRE(store.create_account({{"name", "Vqxw"}, {"stage", "active"}}).status == server::WriteStatus::Ok);
    std::vector<std::string> terms;
    {
        test::SqliteFile grams(path);
        for (auto& row : grams.rows("SELECT gram FROM account_short_grams GROUP BY gram HAVING SUM(n) > 0"))
            terms.push_back(row[0]);
    }
    REQUIRE(terms.size() > 100);
    for (const char* absent : {"qj", "\xc3\xbe", "jq"}) terms.push_back(absent);
    q.limit = 20;
    int rare = 0;
    for (const std::string& term : terms) {
        CAPTURE(term);
        for (const char* stage : {"", "active"}) {
            q.search = term;
            q.stage = stage;
            const int64_t n = store.count_matching(q);
            rare += n > 0 && n < 20;
            CHECK(store.page_rows(q, n) == store.page_rows(q));
        }
    }
    CHECK(rare > 10);   // the rare-term plan was exercised
    test::SqliteFile db(path);
    CHECK(db.scalar(kShortGramsWrong) == "0");
    remove_db_files(path);
}

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
