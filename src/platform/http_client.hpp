// http_client.hpp: the one HTTP interface of the console. One implementation per target, chosen
// in CMake: http_client_emscripten.cpp (browser, emscripten_fetch) and http_client_native.cpp
// (native tests and tools, cpp-httplib). Nothing here knows about the app model.
#pragma once
#include <cstdint>
#include <vector>

#include "core/api/http.hpp"

namespace crm::platform {

struct HttpCompletion {
    uint64_t id;                       // the id given to send()
    core::HttpResponse response;
    // A streamed request (HttpRequest::stream): each piece of a 2xx body as it arrives, in order, in
    // response.body (partial = true); then the completion itself (status, headers, empty body). Any
    // other status: only the completion, with the whole (error) body.
    bool partial = false;
};

class HttpClient {
public:
    HttpClient();
    ~HttpClient();
    HttpClient(const HttpClient&) = delete;
    HttpClient& operator=(const HttpClient&) = delete;

    void send(uint64_t id, const core::HttpRequest& request);   // never blocks the browser's main thread
    void abort(uint64_t id);          // a request in flight stops (its completion: status 0); else nothing
    std::vector<HttpCompletion> take_completions();              // finished since the last call, in order
    int in_flight() const;                                       // sent and not yet taken

private:
    struct Impl;
    Impl* impl_;
};

// Called whenever an answer arrives (browser), before the frames it wakes, so that the app can turn
// answers into messages at once (the next request of a page walk or a bulk run leaves without
// waiting for a display refresh). It returns whether frames must be drawn now: false when the app
// handled every answer and none changed what must be shown at once (a page walk's progress, which
// the busy frames show; core/app/walk_pacing.hpp); then no frames are woken. nullptr = none (every
// answer wakes frames). It may run while the app is inside send() or a frame: the hook must not
// re-enter the app then (main_web.cpp guards it) and returns true. Native: never called.
void set_http_completion_hook(bool (*hook)());

}  // namespace crm::platform
