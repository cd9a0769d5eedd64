// http_client_emscripten.cpp: HttpClient over emscripten_fetch (3.1.6). Async only: no pthreads,
// no ASYNCIFY, no synchronous fetch. Requests are never closed while in flight (emscripten #8234):
// emscripten_fetch_close() runs only in the completion callbacks.
#include <emscripten/fetch.h>

#include <cctype>
#include <cstring>
#include <string>
#include <unordered_map>

#include "platform/http_client.hpp"
#include "platform/wake.hpp"

namespace crm::platform {

namespace {

struct Pending {
    std::string body;                      // must outlive the XHR: emscripten does not copy it
    double started_ms = 0;
    int timeout_ms = 0;
};

struct State {
    std::unordered_map<uint64_t, Pending> pending;
    std::vector<HttpCompletion> done;
};

State* g_state = nullptr;                  // one client per app
void (*g_completion_hook)() = nullptr;

core::Headers response_headers(emscripten_fetch_t* f) {
    core::Headers out;
    size_t len = emscripten_fetch_get_response_headers_length(f);
    if (len == 0) return out;
    std::string raw(len + 1, '\0');
    emscripten_fetch_get_response_headers(f, raw.data(), len + 1);
    size_t pos = 0;
    while (pos < len) {
        size_t eol = raw.find("\r\n", pos);
        if (eol == std::string::npos || eol > len) eol = len;
        std::string line = raw.substr(pos, eol - pos);
        size_t colon = line.find(':');
        if (colon != std::string::npos) {
            std::string name;
            for (char c : line.substr(0, colon)) name += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            size_t v = colon + 1;
            while (v < line.size() && line[v] == ' ') ++v;
            out.emplace_back(name, line.substr(v));
        }
        pos = eol + 2;
    }
    return out;
}

void on_finished(emscripten_fetch_t* f) {
    uint64_t id = static_cast<uint64_t>(reinterpret_cast<uintptr_t>(f->userData));
    core::HttpResponse r;
    r.status = f->status == 65535 ? 0 : f->status;   // 65535: closed by emscripten_fetch_close
    if (f->url) r.url = f->url;
    if (f->data && f->numBytes > 0) r.body.assign(f->data, static_cast<size_t>(f->numBytes));
    if (f->readyState >= 2) r.headers = response_headers(f);
    if (g_state) {
        auto it = g_state->pending.find(id);
        if (it != g_state->pending.end()) {
            double elapsed = emscripten_get_now() - it->second.started_ms;
            if (r.status == 0 && it->second.timeout_ms > 0 && elapsed >= it->second.timeout_ms) r.timed_out = true;
            g_state->pending.erase(it);
        }
        g_state->done.push_back(HttpCompletion{id, std::move(r)});
    }
    emscripten_fetch_close(f);             // finished: safe to close now
    if (g_completion_hook) g_completion_hook();
    request_frames();                      // the loop may be idle: show the answer
}

}  // namespace

struct HttpClient::Impl {
    State state;
};

HttpClient::HttpClient() : impl_(new Impl) { g_state = &impl_->state; }

void set_http_completion_hook(void (*hook)()) { g_completion_hook = hook; }
HttpClient::~HttpClient() {
    g_state = nullptr;
    delete impl_;
}

void HttpClient::send(uint64_t id, const core::HttpRequest& request) {
    Pending& p = impl_->state.pending[id];
    p.body = request.body;
    p.started_ms = emscripten_get_now();
    p.timeout_ms = request.timeout_ms;

    emscripten_fetch_attr_t attr;
    emscripten_fetch_attr_init(&attr);
    std::strncpy(attr.requestMethod, request.method.c_str(), sizeof(attr.requestMethod) - 1);
    attr.attributes = EMSCRIPTEN_FETCH_LOAD_TO_MEMORY | EMSCRIPTEN_FETCH_REPLACE;
    std::vector<const char*> headers;
    for (const auto& [k, v] : request.headers) {
        headers.push_back(k.c_str());
        headers.push_back(v.c_str());
    }
    if (!request.body.empty()) {
        headers.push_back("Content-Type");
        headers.push_back("application/json");
        attr.requestData = p.body.data();
        attr.requestDataSize = p.body.size();
    }
    headers.push_back(nullptr);
    attr.requestHeaders = headers.data();  // strdup'ed by emscripten_fetch()
    attr.timeoutMSecs = static_cast<unsigned long>(request.timeout_ms);
    attr.userData = reinterpret_cast<void*>(static_cast<uintptr_t>(id));
    attr.onsuccess = on_finished;
    attr.onerror = on_finished;
    if (!emscripten_fetch(&attr, request.url.c_str())) {
        impl_->state.pending.erase(id);
        core::HttpResponse failed;
        failed.url = request.url;
        impl_->state.done.push_back(HttpCompletion{id, std::move(failed)});
        request_frames();
    }
}

std::vector<HttpCompletion> HttpClient::take_completions() {
    std::vector<HttpCompletion> out;
    out.swap(impl_->state.done);
    return out;
}

int HttpClient::in_flight() const {
    return static_cast<int>(impl_->state.pending.size() + impl_->state.done.size());
}

}  // namespace crm::platform
