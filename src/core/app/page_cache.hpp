// page_cache.hpp: visited and prefetched list pages, keyed by their exact query, least recently used
// dropped first. Pure data: no I/O. Pages are shown at once from here, then revalidated.
#pragma once
#include <cstddef>
#include <cstdint>
#include <map>
#include <string>

#include "core/api/accounts_api.hpp"
#include "core/model/account.hpp"

namespace crm::core {

std::string page_cache_key(const AccountQuery& q);   // the request's query string: one key per distinct request

class PageCache {
public:
    explicit PageCache(size_t capacity = 64) : capacity_(capacity) {}
    const Page<Account>* find(const std::string& key);          // nullptr if absent; marks it recently used
    bool contains(const std::string& key) const;                // does not touch recency
    void put(const std::string& key, Page<Account> page);       // replaces; evicts the LRU entry when full
    void clear();                                               // after a write: every page may be stale
    size_t size() const { return entries_.size(); }
    size_t capacity() const { return capacity_; }

private:
    struct Entry {
        Page<Account> page;
        uint64_t used = 0;                                      // recency stamp
    };
    std::map<std::string, Entry> entries_;
    uint64_t clock_ = 0;
    size_t capacity_;
};

}  // namespace crm::core
