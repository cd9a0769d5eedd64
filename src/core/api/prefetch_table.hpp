// prefetch_table.hpp: answers to requests sent before the app started. While the WASM loads, the
// page's shell (shell/shell.js) already sends the requests the first screen needs (the list page,
// the stage counts, the users directory); the app's HTTP layer adds them here, and a request the
// app sends later takes the matching entry (same method, URL and token) instead of going out again:
// the answer if it has come, or the promise of it. Each entry serves one request. The answer then
// takes the path of any answer (the same parser, the same error handling). Pure: no I/O.
#pragma once
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/api/http.hpp"

namespace crm::core {

// The token a request carries ("Authorization: Bearer <token>"; "" without one).
std::string bearer_token(const HttpRequest& request);

class PrefetchTable {
public:
    // A request the shell sent (a GET without a body); returns the handle its answer comes with.
    int add(std::string method, std::string url, std::string token);

    // The answer to entry `handle`. When a request of the app already took the entry, returns that
    // request's id: the entry is gone and `response` is left as it is, for the caller to complete
    // the request with. Otherwise the table keeps the answer (moved out of `response`) for the
    // request to come, and returns nullopt; so does an unknown or already answered handle.
    std::optional<uint64_t> answer(int handle, HttpResponse& response);

    enum class Claim {
        Miss,       // no entry matches: send the request
        Answered,   // the answer is in `out`; the entry is used up
        Waiting,    // the answer comes later through answer(), which returns `id`
    };
    // The app is about to send `request` as `id`: it takes the first unused matching entry.
    // A request with a body never matches.
    Claim claim(uint64_t id, const HttpRequest& request, HttpResponse& out);

    size_t unused() const;     // entries no request took yet
    size_t waiting() const;    // taken by a request, answer not yet here

private:
    struct Entry {
        int handle = 0;
        std::string method;
        std::string url;
        std::string token;
        std::optional<HttpResponse> response;   // the answer, once here
        std::optional<uint64_t> taken_by;       // the app's request waiting for it
    };
    std::vector<Entry> entries_;
    int next_handle_ = 1;
};

}  // namespace crm::core
