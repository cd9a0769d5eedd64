// store.hpp: the reference server's storage on SQLite (versioned schema, prepared statements).
// Server-only: no HTTP here; handlers translate between HTTP and these calls.
#pragma once
#include <cstdint>
#include <mutex>
#include <string>
#include <vector>

#include "core/api/accounts_api.hpp"
#include "core/model/account.hpp"
#include "server/sqlite_db.hpp"

namespace crm::server {

struct User {
    std::string id, name, email;
};

struct AccountPage {
    int64_t count = 0;
    std::vector<core::Account> rows;
};

class Store {
public:
    explicit Store(const std::string& path);           // opens and migrates to the latest schema
    int schema_version();

    // Filters, search and ordering of `q` (page/limit are used as given: 1-based page, limit >= 1).
    AccountPage list_accounts(const core::AccountQuery& q);
    int64_t count_accounts();

    void insert_user(const User& u);
    void insert_account(const core::Account& a);       // counts in `a` are ignored (derived)
    void insert_contact(const std::string& id, const std::string& account_id, const std::string& first,
                        const std::string& last, const std::string& email, const std::string& title,
                        const std::string& stage);
    void insert_opportunity(const std::string& id, const std::string& account_id, const std::string& name,
                            bool open);
    void insert_case(const std::string& id, const std::string& account_id, const std::string& subject, bool open);

    void begin() { db_.exec("BEGIN IMMEDIATE"); }
    void commit() { db_.exec("COMMIT"); }

private:
    void migrate();
    std::recursive_mutex mu_;                          // one connection, serialised
    Database db_;
};

}  // namespace crm::server
