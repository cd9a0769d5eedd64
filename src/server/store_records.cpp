// store_records.cpp: the Store's records: accounts read, created (ids), updated and deleted under
// If-Match preconditions; contacts and users; the dump export's scan.
//   stored JSON text ...... billing_address and tags columns, through core's mapping
//   read_account .......... an account with its version and live counts
//   create/update/delete .. one write transaction each; the count cache is cleared after
#include <chrono>

#include "core/model/account_json.hpp"
#include "core/util/case_fold.hpp"
#include "server/store.hpp"
#include "server/store_internal.hpp"

namespace crm::server {

using nlohmann::json;

namespace store_impl {

std::string dump_text(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

// billing_address and tags are stored as the JSON the API sends for them (core's mapping).
std::string address_to_text(const std::optional<core::BillingAddress>& b) {
    return b ? dump_text(core::billing_address_to_json(*b)) : std::string();
}

std::optional<core::BillingAddress> address_from_text(const std::string& text) {
    if (text.empty()) return std::nullopt;
    json j = json::parse(text, nullptr, false);
    if (!j.is_object()) return std::nullopt;
    return core::billing_address_from_json(j);
}

std::string tags_to_text(const std::vector<std::string>& tags) { return dump_text(json(tags)); }

std::vector<std::string> tags_from_text(const std::string& text) {
    return core::tags_from_json(json::parse(text, nullptr, false));
}

// An account from a row of read_account's columns (also scan_accounts').
AccountRecord account_from_row(const Statement& s) {
    AccountRecord r;
    core::Account& a = r.account;
    a.id = s.text(0);
    a.name = s.text(1);
    a.website = s.text(2);
    a.industry = s.text(3);
    a.company_size = s.text(4);
    a.annual_revenue = s.real_or_null(5);
    a.stage = s.text(6);
    a.phone = s.text(7);
    a.billing_address = address_from_text(s.text(8));
    a.assigned_to = s.text(9);
    a.assigned_to_name = s.text(10);
    a.tags = tags_from_text(s.text(11));
    a.description = s.text(12);
    a.created_at = s.text(13);
    a.updated_at = s.text(14);
    r.version = s.int64(15);
    a.contact_count = s.int64(16);
    a.open_opportunity_count = s.int64(17);
    a.open_case_count = s.int64(18);
    return r;
}

}  // namespace store_impl

using namespace store_impl;

std::optional<AccountRecord> Store::read_account(Database& db, const std::string& id) {
    Statement s = db.prepare(
        "SELECT a.id, a.name, a.website, a.industry, a.company_size, a.annual_revenue, a.stage, a.phone, "
        "a.billing_address, a.assigned_to, u.name, a.tags, a.description, a.created_at, a.updated_at, a.version, "
        "(SELECT COUNT(*) FROM contacts c WHERE c.account_id = a.id), "
        "(SELECT COUNT(*) FROM opportunities o WHERE o.account_id = a.id AND o.is_open = 1), "
        "(SELECT COUNT(*) FROM cases k WHERE k.account_id = a.id AND k.is_open = 1) "
        "FROM accounts a LEFT JOIN users u ON u.id = a.assigned_to WHERE a.id = ?");
    s.bind(1, id);
    if (!s.step()) return std::nullopt;
    return account_from_row(s);
}

std::optional<AccountRecord> Store::get_account(const std::string& id) {
    ReadLease lease(*this);
    return read_account(lease.db(), id);
}

std::string Store::new_id(const char* prefix) {
    // ULID-shaped: 10 characters of milliseconds, 16 random, Crockford base32 (caller holds write_mu_).
    static const char* kAlphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    auto millis = static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                            std::chrono::system_clock::now().time_since_epoch())
                                            .count());
    std::string out(prefix);
    for (int i = 9; i >= 0; --i) out += kAlphabet[(millis >> (i * 5)) & 31];
    uint64_t a = rng_(), b = rng_();
    for (int i = 0; i < 16; ++i) out += kAlphabet[(i < 12 ? a >> (i * 5) : b >> ((i - 12) * 5)) & 31];
    return out;
}

static bool user_exists(Database& db, const std::string& id) {
    Statement s = db.prepare("SELECT 1 FROM users WHERE id = ?");
    s.bind(1, id);
    return s.step();
}

static core::FieldErrors unknown_user(const std::string& id) {
    return {{"assignedTo", {"Invalid pk \"" + id + "\" - object does not exist."}}};
}

WriteResult Store::create_account(const json& body) {
    std::lock_guard lock(write_mu_);
    Database& db = *writer_;
    WriteResult out;
    core::Account a;
    a.stage = "prospect";
    core::apply_account_write(a, body);
    Transaction tx(db);
    if (!a.assigned_to.empty() && !user_exists(db, a.assigned_to)) {
        out.status = WriteStatus::Invalid;
        out.errors = unknown_user(a.assigned_to);
        return out;
    }
    a.id = new_id("acc_");
    a.created_at = a.updated_at = now_rfc3339();
    insert_account(a);
    out.record = *read_account(db, a.id);
    tx.commit();
    invalidate_counts();
    return out;
}

WriteResult Store::update_account(const std::string& id, const json& body, const Precondition& pre) {
    std::lock_guard lock(write_mu_);
    Database& db = *writer_;
    WriteResult out;
    Transaction tx(db);
    std::optional<AccountRecord> current = read_account(db, id);
    if (!current) {
        out.status = WriteStatus::NotFound;
        return out;
    }
    if (pre && !pre(current->version)) {
        out.status = WriteStatus::PreconditionFailed;
        out.record = *current;
        return out;
    }
    core::Account a = current->account;
    core::apply_account_write(a, body);
    if (!a.assigned_to.empty() && a.assigned_to != current->account.assigned_to && !user_exists(db, a.assigned_to)) {
        out.status = WriteStatus::Invalid;
        out.errors = unknown_user(a.assigned_to);
        return out;
    }
    a.updated_at = now_rfc3339();
    Statement s = db.prepare(
        "UPDATE accounts SET name = ?, website = ?, industry = ?, company_size = ?, annual_revenue = ?, stage = ?, "
        "phone = ?, billing_address = ?, assigned_to = ?, tags = ?, description = ?, updated_at = ?, "
        "version = version + 1, name_fold = ?, website_fold = ? WHERE id = ?");
    s.bind(1, a.name).bind(2, a.website).bind(3, a.industry).bind(4, a.company_size).bind(5, a.annual_revenue);
    s.bind(6, a.stage).bind(7, a.phone).bind_text_or_null(8, address_to_text(a.billing_address));
    s.bind_text_or_null(9, a.assigned_to);
    s.bind(10, tags_to_text(a.tags)).bind(11, a.description);
    const std::string name_fold = core::case_fold(a.name), site_fold = website_fold(a.website);
    s.bind(12, a.updated_at).bind(13, name_fold).bind(14, site_fold).bind(15, id);
    s.run();
    const core::Account& was = current->account;
    if (name_fold != core::case_fold(was.name) || site_fold != website_fold(was.website) || a.stage != was.stage) {
        count_grams(core::case_fold(was.name), website_fold(was.website), was.stage, -1);
        count_grams(name_fold, site_fold, a.stage, +1);
    }
    out.record = *read_account(db, id);
    tx.commit();
    invalidate_counts();
    return out;
}

WriteStatus Store::delete_account(const std::string& id, const Precondition& pre) {
    std::lock_guard lock(write_mu_);
    Database& db = *writer_;
    Transaction tx(db);
    Statement v = db.prepare("SELECT version, name_fold, website_fold, stage FROM accounts WHERE id = ?");
    v.bind(1, id);
    if (!v.step()) return WriteStatus::NotFound;
    if (pre && !pre(v.int64(0))) return WriteStatus::PreconditionFailed;
    count_grams(v.text(1), v.text(2), v.text(3), -1);
    for (const char* sql : {"UPDATE contacts SET account_id = NULL WHERE account_id = ?",
                            "UPDATE opportunities SET account_id = NULL WHERE account_id = ?",
                            "UPDATE cases SET account_id = NULL WHERE account_id = ?",
                            "DELETE FROM accounts WHERE id = ?"}) {
        db.prepare(sql).bind(1, id).run();
    }
    tx.commit();
    invalidate_counts();
    return WriteStatus::Ok;
}

std::optional<ContactPage> Store::list_contacts(const std::string& account_id, int64_t offset, int64_t limit) {
    ReadLease lease(*this);
    Database& db = lease.db();
    ContactPage page;
    {
        Statement s = db.prepare(
            "SELECT (SELECT COUNT(*) FROM contacts WHERE account_id = a.id) FROM accounts a WHERE a.id = ?");
        s.bind(1, account_id);
        if (!s.step()) return std::nullopt;
        page.count = s.int64(0);
    }
    Statement s = db.prepare(
        "SELECT id, first_name, last_name, email, title, stage FROM contacts WHERE account_id = ? "
        "ORDER BY last_name, first_name, id LIMIT ? OFFSET ?");
    s.bind(1, account_id).bind(2, limit).bind(3, offset);
    while (s.step()) {
        page.rows.push_back(core::Contact{s.text(0), s.text(1), s.text(2), s.text(3), s.text(4), s.text(5)});
    }
    return page;
}

std::vector<User> Store::list_users() {
    ReadLease lease(*this);
    Statement s = lease.db().prepare("SELECT id, name, email FROM users ORDER BY name, id");
    std::vector<User> users;
    while (s.step()) users.push_back(User{s.text(0), s.text(1), s.text(2)});
    return users;
}

int64_t Store::count_detached() {
    ReadLease lease(*this);
    Statement s = lease.db().prepare(
        "SELECT (SELECT COUNT(*) FROM contacts WHERE account_id IS NULL) + "
        "(SELECT COUNT(*) FROM opportunities WHERE account_id IS NULL) + "
        "(SELECT COUNT(*) FROM cases WHERE account_id IS NULL)");
    return s.step() ? s.int64(0) : 0;
}

int64_t Store::count_linked_to(const std::string& account_id) {
    ReadLease lease(*this);
    Statement s = lease.db().prepare(
        "SELECT (SELECT COUNT(*) FROM contacts WHERE account_id = ?1) + "
        "(SELECT COUNT(*) FROM opportunities WHERE account_id = ?1) + "
        "(SELECT COUNT(*) FROM cases WHERE account_id = ?1)");
    s.bind(1, account_id);
    return s.step() ? s.int64(0) : 0;
}

void Store::scan_accounts(Database& db, const std::function<void(const AccountRecord&)>& fn) {
    // read_account's columns; the contact and open-opportunity counts are the trigger-kept copies.
    Statement s = db.prepare(
        "SELECT a.id, a.name, a.website, a.industry, a.company_size, a.annual_revenue, a.stage, a.phone, "
        "a.billing_address, a.assigned_to, u.name, a.tags, a.description, a.created_at, a.updated_at, a.version, "
        "a.contact_count, a.open_opportunity_count, "
        "(SELECT COUNT(*) FROM cases k WHERE k.account_id = a.id AND k.is_open = 1) "
        "FROM accounts a LEFT JOIN users u ON u.id = a.assigned_to ORDER BY a.seq");
    while (s.step()) fn(account_from_row(s));
}

}  // namespace crm::server
