// prefetch_table.cpp: see prefetch_table.hpp. Pure: no I/O.
#include "core/api/prefetch_table.hpp"

#include <algorithm>

namespace crm::core {

std::string bearer_token(const HttpRequest& request) {
    const std::string auth = find_header(request.headers, "Authorization");
    constexpr std::string_view kBearer = "Bearer ";
    if (auth.size() < kBearer.size() || auth.compare(0, kBearer.size(), kBearer) != 0) return "";
    return auth.substr(kBearer.size());
}

int PrefetchTable::add(std::string method, std::string url, std::string token) {
    Entry e;
    e.handle = next_handle_++;
    e.method = std::move(method);
    e.url = std::move(url);
    e.token = std::move(token);
    entries_.push_back(std::move(e));
    return entries_.back().handle;
}

std::optional<uint64_t> PrefetchTable::answer(int handle, HttpResponse& response) {
    auto it = std::find_if(entries_.begin(), entries_.end(), [&](const Entry& e) { return e.handle == handle; });
    if (it == entries_.end() || it->response) return std::nullopt;
    if (it->taken_by) {
        const uint64_t id = *it->taken_by;
        entries_.erase(it);
        return id;
    }
    it->response = std::move(response);
    return std::nullopt;
}

PrefetchTable::Claim PrefetchTable::claim(uint64_t id, const HttpRequest& request, HttpResponse& out) {
    if (!request.body.empty()) return Claim::Miss;
    const std::string token = bearer_token(request);
    auto it = std::find_if(entries_.begin(), entries_.end(), [&](const Entry& e) {
        return !e.taken_by && e.method == request.method && e.url == request.url && e.token == token;
    });
    if (it == entries_.end()) return Claim::Miss;
    if (it->response) {
        out = std::move(*it->response);
        entries_.erase(it);
        return Claim::Answered;
    }
    it->taken_by = id;
    return Claim::Waiting;
}

size_t PrefetchTable::unused() const {
    return static_cast<size_t>(std::count_if(entries_.begin(), entries_.end(), [](const Entry& e) { return !e.taken_by; }));
}

size_t PrefetchTable::waiting() const { return entries_.size() - unused(); }

}  // namespace crm::core
