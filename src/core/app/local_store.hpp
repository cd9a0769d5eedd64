// local_store.hpp: local mode's copy of the accounts: stable client-side sorting on any column (an
// index vector, never the accounts), incremental case-folded filtering, client-side pages.
// Pure data and algorithms: no I/O, no ImGui, no clock.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/model/account.hpp"
#include "core/model/account_fields.hpp"
#include "core/model/contact.hpp"

namespace crm::core {

// The local table's columns: an index into list_fields() (core/model/account_fields.hpp), whose rows say
// how each one sorts; None = load order. Columns are named by their field's key, never by number.
enum class LocalColumn : int { None = -1 };
const char* to_string(LocalColumn c);         // the field's wire key: "name", "assignedTo", ... ; "" for None
LocalColumn local_column_from_string(std::string_view key);   // a list field's key -> its column; else None

// Sorting: each column's stable ascending permutation is computed once (then cached) and a
// descending order is derived from it in O(n) (groups of equal keys reversed, ties in load order),
// so flipping a column's direction and re-sorting a column already seen cost no comparisons.
// Each column sorts by its registry row's LocalSort and sort key (strings case-folded, stages in
// pipeline order, counts and decimals numerically with unknown first, times by their RFC 3339 text, Assigned by
// the user's name when known).
class LocalStore {
public:
    void load(std::vector<Account> accounts);            // replaces everything; sort and filter are kept
    void set_users(const std::vector<User>& users);      // names for Assigned (re-sorts if sorted by it)
    void sort(LocalColumn column, bool descending);      // None: load order
    void filter(const std::string& text, const std::string& stage);   // text: name or website substring,
                                                         // case-folded; stage: exact ("" = any)
    bool prepare_next_column();                          // computes one uncached column; false when all are
    // The user's own writes while the copy is shown: a saved account replaces its row, a new one (when
    // the caller knows it belongs to the copy) is added, a deleted one leaves. remove() keeps the order;
    // replace()/add() mark it stale until settle() re-sorts and re-filters (once per frame for a bulk
    // run, not once per row). False: no such id (replace, remove) or already there (add).
    bool replace(const Account& a);
    bool add(const Account& a);
    bool remove(const std::string& id);
    void settle();

    size_t size() const { return accounts_.size(); }
    const std::vector<Account>& accounts() const { return accounts_; }
    const std::vector<uint32_t>& view() const { return view_; }   // indexes into accounts(): filtered, sorted
    const Account& at_view(size_t i) const { return accounts_[view_[i]]; }
    LocalColumn sort_column() const { return sort_column_; }
    bool sort_descending() const { return sort_desc_; }
    const std::string& filter_text() const { return filter_text_; }
    const std::string& filter_stage() const { return filter_stage_; }
    const UserNames& users() const { return users_; }          // the names cells show (set_users)

private:
    const std::vector<uint32_t>& ascending(LocalColumn c);    // cached
    void rebuild_order();
    void refilter(bool narrowing);
    bool matches(uint32_t i) const;
    size_t index_of(const std::string& id) const;             // size() when absent
    void set_derived(size_t i);                               // folded name/website of row i (the filter's)

    std::vector<Account> accounts_;
    std::vector<std::string> folded_name_, folded_website_;
    UserNames users_;                                         // from set_users
    bool stale_ = false;                                      // rows changed since the order was built
    // Per list field (list_fields() order):
    std::vector<std::vector<uint32_t>> asc_ = std::vector<std::vector<uint32_t>>(list_fields().size());
    std::vector<uint8_t> cached_ = std::vector<uint8_t>(list_fields().size(), 0);   // asc_/starts_group_ computed
    std::vector<std::vector<uint8_t>> starts_group_ =                 // 1 where asc_ starts a new key
        std::vector<std::vector<uint8_t>>(list_fields().size());
    std::vector<uint32_t> order_;                             // every account, in the current sort
    std::vector<uint32_t> view_;
    LocalColumn sort_column_ = LocalColumn::None;
    bool sort_desc_ = false;
    std::string filter_text_, filter_stage_;
    std::string folded_needle_;
};

}  // namespace crm::core
