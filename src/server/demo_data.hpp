// demo_data.hpp: a deterministic demo CRM (users, accounts, contacts, opportunities, cases).
#pragma once
#include <cstdint>

#include "server/store.hpp"

namespace crm::server {

// Seeds `count` accounts (plus users and related records) if the store has no accounts yet.
// The same count always gives the same data. Returns the number of accounts inserted.
int64_t seed_demo_data(Store& store, int64_t count);

}  // namespace crm::server
