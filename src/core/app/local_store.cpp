// local_store.cpp: local mode's sorting and filtering over an index vector. Pure: no I/O, no clock.
#include "core/app/local_store.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <numeric>
#include <unordered_map>

#include "core/util/case_fold.hpp"

namespace crm::core {

namespace {

// Stable ascending permutation of [0, n) by key[i], plus where each run of equal keys starts.
// One instantiation per key type (not one per column): std::stable_sort's code is ~3 KB each.
template <class K>
void sort_by(const std::vector<K>& key, std::vector<uint32_t>& asc, std::vector<uint8_t>& starts) {
    const size_t n = key.size();
    asc.resize(n);
    std::iota(asc.begin(), asc.end(), 0u);
    std::stable_sort(asc.begin(), asc.end(), [&](uint32_t a, uint32_t b) { return key[a] < key[b]; });
    starts.assign(n, 1);
    for (size_t k = 1; k < n; ++k) starts[k] = key[asc[k - 1]] < key[asc[k]] ? 1 : 0;
}

// Few distinct values (industry, size, stage, user): rank the distinct values once, then sort ints.
std::vector<int64_t> ranks(size_t n, const std::function<std::string(uint32_t)>& value) {
    std::unordered_map<std::string, uint32_t> slot_of;
    std::vector<std::string> distinct;
    std::vector<uint32_t> slot(n);
    for (size_t i = 0; i < n; ++i) {
        std::string v = value(static_cast<uint32_t>(i));
        auto [it, added] = slot_of.emplace(std::move(v), static_cast<uint32_t>(distinct.size()));
        if (added) distinct.push_back(it->first);
        slot[i] = it->second;
    }
    std::vector<uint32_t> by_key(distinct.size());
    std::iota(by_key.begin(), by_key.end(), 0u);
    std::sort(by_key.begin(), by_key.end(), [&](uint32_t a, uint32_t b) { return distinct[a] < distinct[b]; });
    std::vector<uint32_t> rank_of_slot(distinct.size());
    for (uint32_t r = 0; r < by_key.size(); ++r) rank_of_slot[by_key[r]] = r;
    std::vector<int64_t> rank(n);
    for (size_t i = 0; i < n; ++i) rank[i] = rank_of_slot[slot[i]];
    return rank;
}

const AccountField& column_field(LocalColumn c) { return *list_fields()[static_cast<size_t>(c)]; }

}  // namespace

const char* to_string(LocalColumn c) {
    const int i = static_cast<int>(c);
    return i >= 0 && static_cast<size_t>(i) < list_fields().size() ? column_field(c).key : "";
}

LocalColumn local_column_from_string(std::string_view key) {
    const auto& fields = list_fields();
    for (size_t i = 0; i < fields.size(); ++i) {
        if (key == fields[i]->key) return static_cast<LocalColumn>(i);
    }
    return LocalColumn::None;
}

void LocalStore::load(std::vector<Account> accounts) {
    accounts_ = std::move(accounts);
    const size_t n = accounts_.size();
    folded_name_.resize(n);
    folded_website_.resize(n);
    for (size_t i = 0; i < n; ++i) set_derived(i);
    std::fill(cached_.begin(), cached_.end(), 0);
    stale_ = false;
    rebuild_order();
    refilter(false);
}

void LocalStore::set_derived(size_t i) {
    const Account& a = accounts_[i];
    folded_name_[i] = case_fold(a.name);
    folded_website_[i] = case_fold(a.website);
}

void LocalStore::set_users(const std::vector<User>& users) {
    users_ = UserNames(users);
    // The columns whose sort key is a user's name.
    bool resort = false;
    const auto& fields = list_fields();
    for (size_t c = 0; c < fields.size(); ++c) {
        if (fields[c]->text_member != &Account::assigned_to) continue;
        cached_[c] = 0;
        resort |= sort_column_ == static_cast<LocalColumn>(c);
    }
    if (resort) {
        rebuild_order();
        refilter(false);
    }
}

size_t LocalStore::index_of(const std::string& id) const {
    for (size_t i = 0; i < accounts_.size(); ++i) {
        if (accounts_[i].id == id) return i;
    }
    return accounts_.size();
}

bool LocalStore::replace(const Account& a) {
    const size_t i = index_of(a.id);
    if (i == accounts_.size()) return false;
    accounts_[i] = a;
    set_derived(i);
    std::fill(cached_.begin(), cached_.end(), 0);
    stale_ = true;
    return true;
}

bool LocalStore::add(const Account& a) {
    if (index_of(a.id) != accounts_.size()) return false;
    accounts_.push_back(a);
    folded_name_.emplace_back();
    folded_website_.emplace_back();
    set_derived(accounts_.size() - 1);
    std::fill(cached_.begin(), cached_.end(), 0);
    stale_ = true;
    return true;
}

bool LocalStore::remove(const std::string& id) {
    const size_t i = index_of(id);
    if (i == accounts_.size()) return false;
    accounts_.erase(accounts_.begin() + static_cast<long>(i));
    folded_name_.erase(folded_name_.begin() + static_cast<long>(i));
    folded_website_.erase(folded_website_.begin() + static_cast<long>(i));
    std::fill(cached_.begin(), cached_.end(), 0);
    // The order stays right without a sort: drop the row, renumber the rows after it.
    const auto gone = static_cast<uint32_t>(i);
    for (std::vector<uint32_t>* v : {&order_, &view_}) {
        v->erase(std::remove(v->begin(), v->end(), gone), v->end());
        for (uint32_t& k : *v) k -= k > gone ? 1 : 0;
    }
    return true;
}

void LocalStore::settle() {
    if (!stale_) return;
    stale_ = false;
    rebuild_order();
    refilter(false);
}

const std::vector<uint32_t>& LocalStore::ascending(LocalColumn c) {
    const auto ci = static_cast<size_t>(c);
    std::vector<uint32_t>& asc = asc_[ci];
    std::vector<uint8_t>& starts = starts_group_[ci];
    if (cached_[ci]) return asc;
    cached_[ci] = true;
    const size_t n = accounts_.size();
    const AccountField& f = column_field(c);
    switch (f.local_sort) {
        case LocalSort::ByText: {
            std::vector<std::string> key(n);
            for (size_t i = 0; i < n; ++i) key[i] = f.sort_key(accounts_[i], users_);
            sort_by(key, asc, starts);
            break;
        }
        case LocalSort::ByRank:
            sort_by(ranks(n, [&](uint32_t i) { return f.sort_key(accounts_[i], users_); }), asc, starts);
            break;
        case LocalSort::ByCount: {
            std::vector<int64_t> key(n);
            for (size_t i = 0; i < n; ++i) key[i] = (accounts_[i].*f.count_member).value_or(-1);
            sort_by(key, asc, starts);
            break;
        }
        case LocalSort::ByNumber: {
            std::vector<double> key(n);
            for (size_t i = 0; i < n; ++i) key[i] = (accounts_[i].*f.number_member).value_or(-HUGE_VAL);
            sort_by(key, asc, starts);
            break;
        }
        case LocalSort::None: {   // load order
            std::vector<int64_t> key(n, 0);
            sort_by(key, asc, starts);
            break;
        }
    }
    return asc;
}

bool LocalStore::prepare_next_column() {
    for (size_t c = 0; c < cached_.size(); ++c) {
        if (!cached_[c]) {
            ascending(static_cast<LocalColumn>(c));
            return true;
        }
    }
    return false;
}

void LocalStore::rebuild_order() {
    const size_t n = accounts_.size();
    if (sort_column_ == LocalColumn::None) {
        order_.resize(n);
        std::iota(order_.begin(), order_.end(), 0u);
        return;
    }
    const std::vector<uint32_t>& asc = ascending(sort_column_);
    if (!sort_desc_) {
        order_ = asc;
        return;
    }
    // Descending: the runs of equal keys in reverse, each run still in load order (stable).
    const std::vector<uint8_t>& starts = starts_group_[static_cast<size_t>(sort_column_)];
    order_.clear();
    order_.reserve(n);
    size_t end = n;
    while (end > 0) {
        size_t begin = end - 1;
        while (begin > 0 && !starts[begin]) --begin;
        order_.insert(order_.end(), asc.begin() + static_cast<long>(begin), asc.begin() + static_cast<long>(end));
        end = begin;
    }
}

void LocalStore::sort(LocalColumn column, bool descending) {
    if (column == sort_column_ && descending == sort_desc_ && order_.size() == accounts_.size() && !stale_) return;
    stale_ = false;
    sort_column_ = column;
    sort_desc_ = column != LocalColumn::None && descending;
    rebuild_order();
    refilter(false);
}

bool LocalStore::matches(uint32_t i) const {
    if (!filter_stage_.empty() && accounts_[i].stage != filter_stage_) return false;
    if (folded_needle_.empty()) return true;
    return folded_name_[i].find(folded_needle_) != std::string::npos ||
           folded_website_[i].find(folded_needle_) != std::string::npos;
}

void LocalStore::filter(const std::string& text, const std::string& stage) {
    settle();   // narrowing below starts from the current view, which must reflect edited rows
    std::string needle = case_fold(text);
    // Typing more of the same text (same stage) can only narrow: filter the current view only.
    const bool narrowing = stage == filter_stage_ && needle.find(folded_needle_) != std::string::npos &&
                           view_.size() <= order_.size();
    const bool same = needle == folded_needle_ && stage == filter_stage_;
    filter_text_ = text;
    filter_stage_ = stage;
    folded_needle_ = std::move(needle);
    if (!same) refilter(narrowing);
}

void LocalStore::refilter(bool narrowing) {
    if (folded_needle_.empty() && filter_stage_.empty()) {
        view_ = order_;
        return;
    }
    const std::vector<uint32_t>& from = narrowing ? view_ : order_;
    std::vector<uint32_t> out;
    out.reserve(from.size());
    for (uint32_t i : from) {
        if (matches(i)) out.push_back(i);
    }
    view_ = std::move(out);
}

}  // namespace crm::core
