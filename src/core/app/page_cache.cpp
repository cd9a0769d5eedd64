// page_cache.cpp: LRU cache of list pages by query. Pure: no I/O.
#include "core/app/page_cache.hpp"

namespace crm::core {

std::string page_cache_key(const AccountQuery& q) { return build_query(account_query_params(q)); }

const Page<Account>* PageCache::find(const std::string& key) {
    auto it = entries_.find(key);
    if (it == entries_.end()) return nullptr;
    it->second.used = ++clock_;
    return &it->second.page;
}

bool PageCache::contains(const std::string& key) const { return entries_.count(key) != 0; }

void PageCache::put(const std::string& key, Page<Account> page) {
    auto it = entries_.find(key);
    if (it == entries_.end() && capacity_ > 0 && entries_.size() >= capacity_) {
        auto oldest = entries_.begin();
        for (auto e = entries_.begin(); e != entries_.end(); ++e) {
            if (e->second.used < oldest->second.used) oldest = e;
        }
        entries_.erase(oldest);
    }
    Entry& e = entries_[key];
    e.page = std::move(page);
    e.used = ++clock_;
}

void PageCache::clear() { entries_.clear(); }

}  // namespace crm::core
