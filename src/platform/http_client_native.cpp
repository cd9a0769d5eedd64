// http_client_native.cpp: HttpClient for native tests and tools over cpp-httplib (http:// only).
// Requests run synchronously inside send(); completions are queued like the browser's.
#include <httplib.h>

#include <cctype>
#include <string>

#include "platform/http_client.hpp"

namespace crm::platform {

struct HttpClient::Impl {
    std::vector<HttpCompletion> done;
};

HttpClient::HttpClient() : impl_(new Impl) {}

void set_http_completion_hook(bool (*)()) {}   // native callers poll take_completions() themselves
HttpClient::~HttpClient() { delete impl_; }

static core::HttpResponse perform(const core::HttpRequest& r) {
    core::HttpResponse out;
    out.url = r.url;
    const std::string scheme = "http://";
    if (r.url.rfind(scheme, 0) != 0) return out;     // status 0: unsupported URL
    size_t slash = r.url.find('/', scheme.size());
    std::string origin = r.url.substr(0, slash);
    std::string path = slash == std::string::npos ? "/" : r.url.substr(slash);
    httplib::Client cli(origin);
    cli.set_connection_timeout(0, r.timeout_ms * 1000);
    cli.set_read_timeout(r.timeout_ms / 1000, (r.timeout_ms % 1000) * 1000);
    httplib::Headers headers;
    std::string content_type = "application/json";
    for (const auto& [k, v] : r.headers) {
        if (k == "Content-Type") content_type = v;
        else headers.emplace(k, v);
    }
    httplib::Result res = r.method == "GET"      ? cli.Get(path, headers)
                          : r.method == "DELETE" ? cli.Delete(path, headers, r.body, content_type)
                          : r.method == "POST"   ? cli.Post(path, headers, r.body, content_type)
                          : r.method == "PATCH"  ? cli.Patch(path, headers, r.body, content_type)
                                                 : cli.Put(path, headers, r.body, content_type);
    if (!res) {
        out.timed_out = res.error() == httplib::Error::Read;
        return out;
    }
    out.status = res->status;
    out.body = res->body;
    for (const auto& [k, v] : res->headers) {
        std::string lower;
        for (char c : k) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        out.headers.emplace_back(lower, v);
    }
    return out;
}

// A streamed request's body comes whole in its completion (requests run to their end inside send()).
void HttpClient::send(uint64_t id, const core::HttpRequest& request) {
    core::HttpRequest r = request;
    if (r.timeout_ms <= 0) r.timeout_ms = 60000;
    impl_->done.push_back(HttpCompletion{id, perform(r)});
}

void HttpClient::abort(uint64_t) {}   // nothing is ever in flight

std::vector<HttpCompletion> HttpClient::take_completions() {
    std::vector<HttpCompletion> out;
    out.swap(impl_->done);
    return out;
}

int HttpClient::in_flight() const { return static_cast<int>(impl_->done.size()); }

}  // namespace crm::platform
