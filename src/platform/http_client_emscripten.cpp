// http_client_emscripten.cpp: HttpClient over emscripten_fetch (3.1.6). Async only: no pthreads,
// no ASYNCIFY, no synchronous fetch. Requests are never closed while in flight (emscripten #8234):
// emscripten_fetch_close() runs only in the completion callbacks. Streamed requests
// (HttpRequest::stream) go through the browser's fetch() instead: its body's ReadableStream is read
// piece by piece (each handed to the app in its own task, so frames run between them), and an
// AbortController stops it (abort()).
// The first screen's requests that the shell sent before the app ran (shell/shell.js
// consoleShell.prefetched) are adopted into a prefetch table at construction: a request of the app
// that matches one takes its answer (now or when it comes) instead of going out again.
#include <emscripten/em_js.h>
#include <emscripten/fetch.h>

#include <cctype>
#include <cstring>
#include <string>
#include <unordered_map>

#include "core/api/prefetch_table.hpp"
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
    core::PrefetchTable prefetch;
};

State* g_state = nullptr;                  // one client per app
bool (*g_completion_hook)() = nullptr;
bool g_marked_request = false;
bool g_marked_answer = false;

// "name: value\r\n" lines (XHR's getAllResponseHeaders, or the shell's) -> lower-cased names.
core::Headers parse_raw_headers(const std::string& raw, size_t len) {
    core::Headers out;
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

core::Headers response_headers(emscripten_fetch_t* f) {
    size_t len = emscripten_fetch_get_response_headers_length(f);
    if (len == 0) return {};
    std::string raw(len + 1, '\0');
    emscripten_fetch_get_response_headers(f, raw.data(), len + 1);
    return parse_raw_headers(raw, len);
}

// clang-format off
EM_JS(void, js_http_mark_once, (const char* name), {
  var n = UTF8ToString(name);
  try { if (!performance.getEntriesByName(n).length) performance.mark(n); } catch (e) {}
});
// The shell's entries: each is added to the table, and its answer handed over now or when it comes.
EM_JS(void, js_http_adopt_prefetched, (), {
  var list = (typeof consoleShell !== 'undefined' && consoleShell && consoleShell.prefetched) || [];
  var str = function(s) { var n = lengthBytesUTF8(s) + 1; var p = _malloc(n); stringToUTF8(s, p, n); return p; };
  list.forEach(function(e) {
    var pm = str(e.method), pu = str(e.url), pt = str(e.token);
    var handle = _crm_http_prefetch_add(pm, pu, pt);
    _free(pm); _free(pu); _free(pt);
    var deliver = function(a) {
      var body = a.body || new Uint8Array(0);
      var pb = _malloc(body.length + 1);
      HEAPU8.set(body, pb);
      var pu2 = str(a.url || e.url), ph = str(a.headers || "");
      _crm_http_prefetch_answered(handle, a.status | 0, a.timedOut ? 1 : 0, pu2, pb, body.length, ph);
      _free(pb); _free(pu2); _free(ph);
    };
    if (e.answer) deliver(e.answer); else e.onAnswer = deliver;
  });
});
// A streamed GET through fetch(): each piece of a 2xx body goes to crm_http_stream_chunk as it comes
// (at most 32 KiB, one per task, 8 ms of them between two frames; the next read waits for the app);
// then crm_http_stream_done (status 0: network failure or aborted). Other statuses: the whole body.
EM_JS(void, js_http_stream_start, (double id, const char* url_c, const char* headers_c), {
  var url = UTF8ToString(url_c);
  var headers = {};
  var LF = String.fromCharCode(10), CRLF = String.fromCharCode(13, 10);   // (no escapes in EM_JS)
  UTF8ToString(headers_c).split(LF).forEach(function(line) {
    var colon = line.indexOf(":");
    if (colon > 0) headers[line.substring(0, colon)] = line.substring(colon + 1);
  });
  var streams = Module.crmHttpStreams || (Module.crmHttpStreams = {});
  var ctrl = new AbortController();
  var finished = false;
  streams[id] = ctrl;
  var str = function(s) { var n = lengthBytesUTF8(s) + 1; var p = _malloc(n); stringToUTF8(s, p, n); return p; };
  var finish = function(status, hdrs, body) {
    if (finished) return;
    finished = true;
    delete streams[id];
    var len = body ? body.length : 0;
    var pb = _malloc(len + 1);
    if (len) HEAPU8.set(body, pb);
    var ph = str(hdrs);
    _crm_http_stream_done(id, status, ph, pb, len);
    _free(pb); _free(ph);
  };
  var yieldTask = function() {
    return new Promise(function(resolve) {
      var ch = new MessageChannel();
      ch.port1.onmessage = function() { resolve(); };
      ch.port2.postMessage(0);
    });
  };
  // Pieces run back to back for at most BUDGET_MS, then wait for the next frame to be drawn (a chain of
  // tasks alone can hold the browser's rendering back for 100+ ms); in a hidden tab, where frames
  // stop, after at most 100 ms.
  var yieldFrame = function() {
    return new Promise(function(resolve) {
      var done = false;
      var go = function() { if (!done) { done = true; resolve(); } };
      requestAnimationFrame(function() { setTimeout(go, 0); });
      setTimeout(go, 100);
    });
  };
  var PIECE = 32768, BUDGET_MS = 8;
  var sliceStart = performance.now();
  var deliver = function(bytes, at) {
    if (finished || at >= bytes.length) return Promise.resolve();
    var piece = bytes.subarray(at, Math.min(bytes.length, at + PIECE));
    var p = _malloc(piece.length);
    HEAPU8.set(piece, p);
    _crm_http_stream_chunk(id, p, piece.length);
    _free(p);
    var next = function() { return deliver(bytes, at + PIECE); };
    if (performance.now() - sliceStart < BUDGET_MS) return yieldTask().then(next);
    return yieldFrame().then(function() { sliceStart = performance.now(); return next(); });
  };
  fetch(url, {headers: headers, signal: ctrl.signal, cache: "no-store"}).then(function(res) {
    var hdrs = "";
    res.headers.forEach(function(v, k) { hdrs += k + ": " + v + CRLF; });
    if (res.status < 200 || res.status > 299 || !res.body) {
      return res.arrayBuffer().then(function(b) { finish(res.status, hdrs, new Uint8Array(b)); });
    }
    var reader = res.body.getReader();
    var pump = function() {
      return reader.read().then(function(r) {
        if (finished) return;
        if (r.done) { finish(res.status, hdrs, null); return; }
        return deliver(r.value, 0).then(pump);
      });
    };
    return pump();
  }).catch(function() { finish(0, "", null); });
});
EM_JS(void, js_http_stream_abort, (double id), {
  var streams = Module.crmHttpStreams || {};
  if (streams[id]) streams[id].abort();
});
// clang-format on

void deliver(HttpCompletion c) {
    if (!g_state) return;
    if (!g_marked_answer) {
        g_marked_answer = true;
        js_http_mark_once("crm:first-answer");
    }
    g_state->done.push_back(std::move(c));
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
        deliver(HttpCompletion{id, std::move(r)});
    }
    emscripten_fetch_close(f);             // finished: safe to close now
    // The loop may be idle: show the answer, unless the app says it changed nothing to show now.
    if (!g_completion_hook || g_completion_hook()) request_frames();
}

}  // namespace

struct HttpClient::Impl {
    State state;
};

HttpClient::HttpClient() : impl_(new Impl) {
    g_state = &impl_->state;
    js_http_adopt_prefetched();
}

void set_http_completion_hook(bool (*hook)()) { g_completion_hook = hook; }
HttpClient::~HttpClient() {
    g_state = nullptr;
    delete impl_;
}

void HttpClient::send(uint64_t id, const core::HttpRequest& request) {
    if (request.stream) {
        Pending& p = impl_->state.pending[id];
        p.started_ms = emscripten_get_now();
        std::string headers;
        for (const auto& [k, v] : request.headers) headers += k + ":" + v + "\n";
        js_http_stream_start(static_cast<double>(id), request.url.c_str(), headers.c_str());
        return;
    }
    core::HttpResponse early;
    switch (impl_->state.prefetch.claim(id, request, early)) {
        case core::PrefetchTable::Claim::Answered:   // the shell's answer: handled like any answer
            deliver(HttpCompletion{id, std::move(early)});
            request_frames();
            return;
        case core::PrefetchTable::Claim::Waiting:    // the shell's request is on its way
            return;
        case core::PrefetchTable::Claim::Miss: break;
    }
    if (!g_marked_request) {
        g_marked_request = true;
        js_http_mark_once("crm:first-request");
    }
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

void HttpClient::abort(uint64_t id) {
    if (impl_->state.pending.count(id)) js_http_stream_abort(static_cast<double>(id));   // streams only
}

std::vector<HttpCompletion> HttpClient::take_completions() {
    std::vector<HttpCompletion> out;
    out.swap(impl_->state.done);
    return out;
}

int HttpClient::in_flight() const {
    return static_cast<int>(impl_->state.pending.size() + impl_->state.done.size() + impl_->state.prefetch.waiting());
}

}  // namespace crm::platform

extern "C" {
// The shell's prefetched requests (js_http_adopt_prefetched): one added, one answered.
EMSCRIPTEN_KEEPALIVE int crm_http_prefetch_add(const char* method, const char* url, const char* token) {
    if (!crm::platform::g_state) return 0;
    return crm::platform::g_state->prefetch.add(method, url, token);
}
// A streamed request (js_http_stream_start): a piece of its body, then its end.
EMSCRIPTEN_KEEPALIVE void crm_http_stream_chunk(double id_d, const char* data, int len) {
    using namespace crm::platform;
    const auto id = static_cast<uint64_t>(id_d);
    if (!g_state || !g_state->pending.count(id) || len <= 0) return;
    HttpCompletion c{id, {}, true};
    c.response.status = 200;
    c.response.body.assign(data, static_cast<size_t>(len));
    deliver(std::move(c));
    if (!g_completion_hook || g_completion_hook()) request_frames();
}
EMSCRIPTEN_KEEPALIVE void crm_http_stream_done(double id_d, int status, const char* headers, const char* body, int len) {
    using namespace crm::platform;
    const auto id = static_cast<uint64_t>(id_d);
    if (!g_state || !g_state->pending.count(id)) return;
    g_state->pending.erase(id);
    crm::core::HttpResponse r;
    r.status = status;
    if (len > 0) r.body.assign(body, static_cast<size_t>(len));
    const std::string raw(headers);
    r.headers = parse_raw_headers(raw, raw.size());
    deliver(HttpCompletion{id, std::move(r)});
    if (!g_completion_hook || g_completion_hook()) request_frames();
}
EMSCRIPTEN_KEEPALIVE void crm_http_prefetch_answered(int handle, int status, int timed_out, const char* url,
                                                     const char* body, int body_len, const char* headers) {
    using namespace crm::platform;
    if (!g_state) return;
    crm::core::HttpResponse r;
    r.status = status;
    r.timed_out = status == 0 && timed_out != 0;
    r.url = url;
    if (body_len > 0) r.body.assign(body, static_cast<size_t>(body_len));
    const std::string raw(headers);
    r.headers = parse_raw_headers(raw, raw.size());
    // Kept in the table until a request takes it, or handed to the request already waiting for it.
    if (const std::optional<uint64_t> id = g_state->prefetch.answer(handle, r)) {
        deliver(HttpCompletion{*id, std::move(r)});
        if (!g_completion_hook || g_completion_hook()) request_frames();
    }
}
}

