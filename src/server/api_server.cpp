// api_server.cpp: routes of the reference server. DRF-shaped JSON errors everywhere under /api/;
// the bearer token is only ever read from the Authorization header (never from the URL).
#include "server/api_server.hpp"

#include <brotli/encode.h>
#include <httplib.h>
#include <zlib.h>

#include <algorithm>
#include <atomic>
#include <charconv>
#include <cstdio>
#include <memory>
#include <random>
#include <nlohmann/json.hpp>

#include "core/model/account_json.hpp"
#include "core/model/contact_json.hpp"
#include "core/model/validation.hpp"
#include "core/util/text.hpp"
#include "core/util/url.hpp"
#include "server/static_site.hpp"

namespace crm::server {

namespace {

using nlohmann::json;

constexpr const char* kAllowedMethods = "GET, POST, PATCH, DELETE, OPTIONS";
constexpr const char* kAllowedHeaders = "Authorization, Content-Type, If-Match";
constexpr const char* kExposedHeaders = "ETag, Location";
constexpr const char* kPreflightMaxAge = "600";
constexpr int kApiDefaultLimit = 50;   // the reference's page size when the request gives none

// API answers are compressed here, fast (brotli quality 5: about 1 ms for a 100-row page), rather than
// by cpp-httplib, whose built-in brotli runs at quality 11 (about 30 ms for 25 rows and 115 ms for
// 100, on every answer). Clients without brotli, and bodies under 1 KiB, are left to cpp-httplib.
// The request's Accept-Encoding, for send_json: cpp-httplib runs a request's pre-routing handler, its
// handler and its write on one thread of the pool.
thread_local std::string t_accept_encoding;

void compress_api_answer(httplib::Response& res) {
    constexpr int kQuality = 5;
    // Successful answers only: cpp-httplib's error handler would encode an error's body a second
    // time (two "Content-Encoding: br", which browsers refuse).
    if (res.status < 200 || res.status > 299 || res.body.size() < 1024 || res.has_header("Content-Encoding")) return;
    if (!accepts(t_accept_encoding, "br")) return;
    size_t size = BrotliEncoderMaxCompressedSize(res.body.size());
    auto out = std::make_shared<std::string>(size, '\0');
    if (size == 0 || !BrotliEncoderCompress(kQuality, BROTLI_DEFAULT_WINDOW, BROTLI_MODE_TEXT, res.body.size(),
                                            reinterpret_cast<const uint8_t*>(res.body.data()), &size,
                                            reinterpret_cast<uint8_t*>(out->data()))) {
        return;
    }
    out->resize(size);
    const std::string type = res.get_header_value("Content-Type");
    res.headers.erase("Content-Type");
    res.body.clear();
    res.set_header("Content-Encoding", "br");
    res.set_header("Vary", "Accept-Encoding");
    // A body of known length from a provider: cpp-httplib sends it as it is (no second encoding).
    res.set_content_provider(out->size(), type, [out](size_t offset, size_t length, httplib::DataSink& sink) {
        return sink.write(out->data() + offset, length);
    });
}

void send_json(httplib::Response& res, int status, const json& body) {
    res.status = status;
    res.set_content(body.dump(-1, ' ', false, json::error_handler_t::replace), "application/json");
    compress_api_answer(res);
}

void send_detail(httplib::Response& res, int status, const std::string& detail) {
    send_json(res, status, json{{"detail", detail}});
}

// A query value as text: each invalid UTF-8 sequence becomes U+FFFD (as Django decodes query strings), so a
// stray byte never matches part of a valid character (a lone 0xC3 would otherwise find every "ü").
std::string utf8_or_replaced(const std::string& s) {
    std::string out;
    out.reserve(s.size());
    for (size_t i = 0; i < s.size();) {
        const auto b = static_cast<unsigned char>(s[i]);
        const size_t n = b < 0x80 ? 1 : (b >> 5) == 0x6 ? 2 : (b >> 4) == 0xE ? 3 : (b >> 3) == 0x1E ? 4 : 0;
        bool ok = n > 0 && i + n <= s.size();
        uint32_t c = n == 1 ? b : b & (0x7Fu >> n);
        for (size_t k = 1; ok && k < n; ++k) {
            const auto cont = static_cast<unsigned char>(s[i + k]);
            ok = (cont & 0xC0) == 0x80;
            c = (c << 6) | (cont & 0x3Fu);
        }
        static constexpr uint32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
        ok = ok && c >= kMin[n] && c <= 0x10FFFF && !(c >= 0xD800 && c <= 0xDFFF);
        if (ok) {
            out.append(s, i, n);
            i += n;
        } else {
            out += "\xEF\xBF\xBD";
            ++i;
        }
    }
    return out;
}

bool constant_time_equal(const std::string& a, const std::string& b) {
    if (a.size() != b.size()) return false;
    unsigned char diff = 0;
    for (size_t i = 0; i < a.size(); ++i) diff |= static_cast<unsigned char>(a[i] ^ b[i]);
    return diff == 0;
}

// A Host value safe to put in a URL: host name, IPv4 or [IPv6], optional port; nothing else.
bool plausible_host(const std::string& h) {
    if (h.empty() || h.size() > 255) return false;
    return std::all_of(h.begin(), h.end(), [](unsigned char c) {
        return std::isalnum(c) || c == '.' || c == '-' || c == ':' || c == '[' || c == ']' || c == '_';
    });
}

std::string first_list_item(const std::string& v) { return std::string(core::trim(v.substr(0, v.find(',')))); }

// The origin the client used: scheme and host from X-Forwarded-Proto/-Host when the server is told to
// trust its proxy, else http and the Host header; the bound address when Host is missing or odd.
std::string origin_of(const httplib::Request& req, bool trust_proxy) {
    std::string scheme = "http";
    std::string host = req.get_header_value("Host");
    if (trust_proxy) {
        const std::string proto = core::ascii_lower(first_list_item(req.get_header_value("X-Forwarded-Proto")));
        if (proto == "https" || proto == "http") scheme = proto;
        const std::string forwarded_host = first_list_item(req.get_header_value("X-Forwarded-Host"));
        if (plausible_host(forwarded_host)) host = forwarded_host;
    }
    if (!plausible_host(host)) {
        host = req.local_addr.find(':') != std::string::npos ? "[" + req.local_addr + "]" : req.local_addr;
        host += ":" + std::to_string(req.local_port);
    }
    return scheme + "://" + host;
}

std::string page_url(const httplib::Request& req, bool trust_proxy, int64_t page) {
    core::QueryParams params;
    for (const auto& [k, v] : req.params) {
        if (k != "page") params.emplace_back(k, v);
    }
    params.emplace_back("page", std::to_string(page));
    return origin_of(req, trust_proxy) + req.path + "?" + core::build_query(params);
}

std::string etag(int64_t version) { return "\"" + std::to_string(version) + "\""; }

// If-Match: "*" or a list of entity tags (weak ones compared by value). Absent: no precondition.
Precondition if_match(const httplib::Request& req) {
    if (!req.has_header("If-Match")) return nullptr;
    std::vector<std::string> tags;
    const std::string header = req.get_header_value("If-Match");
    for (size_t start = 0; start <= header.size();) {
        size_t comma = header.find(',', start);
        if (comma == std::string::npos) comma = header.size();
        std::string tag(core::trim(header.substr(start, comma - start)));
        if (tag.rfind("W/", 0) == 0) tag = tag.substr(2);
        if (!tag.empty()) tags.push_back(tag);
        start = comma + 1;
    }
    return [tags](int64_t version) {
        const std::string current = etag(version);
        return std::any_of(tags.begin(), tags.end(), [&](const std::string& t) { return t == "*" || t == current; });
    };
}

// The JSON object of a POST/PATCH body, or the error response already sent.
std::optional<json> read_json_body(const httplib::Request& req, httplib::Response& res) {
    std::string type = req.get_header_value("Content-Type");
    const std::string mime = core::ascii_lower(core::trim(type.substr(0, type.find(';'))));
    if (mime != "application/json") {
        send_detail(res, 415, "Unsupported media type \"" + type + "\" in request.");
        return std::nullopt;
    }
    json body = json::parse(req.body, nullptr, false);
    if (body.is_discarded()) {
        send_detail(res, 400, "JSON parse error - the request body is not valid JSON (UTF-8).");
        return std::nullopt;
    }
    if (!body.is_object()) {
        // DRF names the Python type it got.
        const char* type_name = body.is_array() ? "list" : body.is_string() ? "str" : body.is_boolean() ? "bool"
                                : body.is_number_integer() ? "int" : body.is_number() ? "float" : "NoneType";
        send_detail(res, 400, std::string("Invalid data. Expected a dictionary, but got ") + type_name + ".");
        return std::nullopt;
    }
    return body;
}

void send_account(httplib::Response& res, int status, const AccountRecord& r) {
    res.set_header("ETag", etag(r.version));
    send_json(res, status, core::account_detail_to_json(r.account));
}

// cpp-httplib 0.11 keeps a connection open after any response, even when the request's body was never
// read (a refusal decided from the headers): the body would then be parsed as the next request. A body
// sent through a provider that reports failure after writing it all makes the library close the
// connection once the response is out.
void close_after_response(httplib::Response& res) {
    auto body = std::make_shared<std::string>(std::move(res.body));
    const std::string type = res.get_header_value("Content-Type");
    res.body.clear();
    res.set_header("Connection", "close");
    res.set_content_provider(body->size(), type, [body](size_t offset, size_t length, httplib::DataSink& sink) {
        sink.write(body->data() + offset, length);
        return false;
    });
}

bool has_request_body(const httplib::Request& req) {
    return req.has_header("Transfer-Encoding") ||
           (req.has_header("Content-Length") && req.get_header_value("Content-Length") != "0");
}

bool authorized(const httplib::Request& req, const std::vector<std::string>& tokens) {
    const std::string auth = req.get_header_value("Authorization");
    const std::string prefix = "Bearer ";
    bool ok = false;
    if (auth.rfind(prefix, 0) == 0) {
        const std::string token = auth.substr(prefix.size());
        for (const auto& t : tokens) ok = constant_time_equal(token, t) || ok;
    }
    return ok;
}

void send_unauthorized(const httplib::Request& req, httplib::Response& res) {
    res.set_header("WWW-Authenticate", "Bearer");
    send_detail(res, 401, req.has_header("Authorization") ? "Invalid token." : "Authentication credentials were not provided.");
}

// Every /api/ handler checks the token itself too (see the pre-routing handler).
template <class Handler>
auto guarded(const ServerOptions& options, Handler handler) {
    return [&options, handler](const httplib::Request& req, httplib::Response& res) {
        if (!authorized(req, options.tokens)) return send_unauthorized(req, res);
        handler(req, res);
    };
}

// Refuses, from the headers alone, a request whose headers or body are over the limits: 431 (too many or
// too large headers), 413 (declared body over kDiscardBodyBytes; see below for smaller ones), 411 (a chunked body: its size is unknown
// until it has been read). Returns true when a response was prepared.
bool refuse_oversized(const httplib::Request& req, httplib::Response& res) {
    size_t header_bytes = 0, header_count = 0;
    for (const auto& [name, value] : req.headers) {
        if (name == "REMOTE_ADDR" || name == "REMOTE_PORT" || name == "LOCAL_ADDR" || name == "LOCAL_PORT") continue;
        header_bytes += name.size() + value.size() + 4;
        ++header_count;
    }
    if (header_bytes > kMaxHeaderBytes || header_count > kMaxHeaderCount) {
        send_detail(res, 431, "Request headers are too large (at most " + std::to_string(kMaxHeaderCount) +
                                  " headers, " + std::to_string(kMaxHeaderBytes / 1024) + " KiB in all).");
    } else if (req.has_header("Transfer-Encoding")) {
        send_detail(res, 411, "A request body must have a Content-Length (chunked bodies are not accepted).");
    } else if (req.has_header("Content-Length")) {
        const std::string len = req.get_header_value("Content-Length");
        uint64_t n = 0;
        auto [p, ec] = std::from_chars(len.data(), len.data() + len.size(), n);
        if (ec != std::errc() || p != len.data() + len.size()) {
            send_detail(res, 400, "Content-Length is not a number.");
        } else if (n > kDiscardBodyBytes) {
            send_detail(res, 413, "Request body is larger than 1 MiB.");
        } else {
            // Up to kDiscardBodyBytes: cpp-httplib reads and drops a body over kMaxBodyBytes (never storing
            // it) and answers 413 before any handler runs; the connection stays intact, so the client
            // reliably gets the 413 rather than a reset while it is still sending.
            return false;
        }
    } else {
        return false;
    }
    close_after_response(res);
    return true;
}

// Per-process random prefix and a counter: unique, unguessable across restarts, never derived from a header.
std::string next_request_id() {
    static const uint32_t prefix = std::random_device{}();
    static std::atomic<uint64_t> counter{0};
    char buf[40];
    std::snprintf(buf, sizeof buf, "%08x-%llu", prefix, static_cast<unsigned long long>(++counter));
    return buf;
}

void send_precondition_failed(httplib::Response& res) {
    send_detail(res, 412, "The account was changed since it was read (If-Match does not match its ETag).");
}

// A streaming encoder for a chunked body (Content-Encoding br or gzip, or none): each call returns
// what can be sent now (flushed, so the client can decode every complete line it has received).
// Brotli at quality 4: a fast stream (cpp-httplib's own compressor runs at quality 11).
class StreamEncoder {
public:
    enum class Kind { None, Brotli, Gzip };
    explicit StreamEncoder(Kind kind) : kind_(kind) {
        if (kind_ == Kind::Brotli) {
            br_ = BrotliEncoderCreateInstance(nullptr, nullptr, nullptr);
            if (!br_) {
                kind_ = Kind::None;
                return;
            }
            BrotliEncoderSetParameter(br_, BROTLI_PARAM_QUALITY, 4);
            BrotliEncoderSetParameter(br_, BROTLI_PARAM_MODE, BROTLI_MODE_TEXT);
        } else if (kind_ == Kind::Gzip) {
            if (deflateInit2(&z_, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) kind_ = Kind::None;
        }
    }
    ~StreamEncoder() {
        if (kind_ == Kind::Brotli) BrotliEncoderDestroyInstance(br_);
        if (kind_ == Kind::Gzip) deflateEnd(&z_);
    }
    StreamEncoder(const StreamEncoder&) = delete;
    StreamEncoder& operator=(const StreamEncoder&) = delete;
    const char* name() const { return kind_ == Kind::Brotli ? "br" : kind_ == Kind::Gzip ? "gzip" : nullptr; }

    // `in` encoded and flushed (last: the end of the stream) into `out` (replaced). False: encoder failure.
    bool encode(const std::string& in, bool last, std::string& out) {
        out.clear();
        if (kind_ == Kind::None) {
            out = in;
            return true;
        }
        char buf[16384];
        if (kind_ == Kind::Brotli) {
            size_t avail_in = in.size();
            const auto* next_in = reinterpret_cast<const uint8_t*>(in.data());
            const BrotliEncoderOperation op = last ? BROTLI_OPERATION_FINISH : BROTLI_OPERATION_FLUSH;
            for (;;) {
                size_t avail_out = sizeof buf;
                auto* next_out = reinterpret_cast<uint8_t*>(buf);
                if (!BrotliEncoderCompressStream(br_, op, &avail_in, &next_in, &avail_out, &next_out, nullptr)) return false;
                out.append(buf, sizeof buf - avail_out);
                if (avail_in == 0 && !BrotliEncoderHasMoreOutput(br_) && (!last || BrotliEncoderIsFinished(br_))) break;
            }
            return true;
        }
        z_.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
        z_.avail_in = static_cast<uInt>(in.size());
        for (;;) {
            z_.next_out = reinterpret_cast<Bytef*>(buf);
            z_.avail_out = sizeof buf;
            const int rc = deflate(&z_, last ? Z_FINISH : Z_SYNC_FLUSH);
            if (rc == Z_STREAM_ERROR) return false;
            out.append(buf, sizeof buf - z_.avail_out);
            if (last ? rc == Z_STREAM_END : z_.avail_out != 0) break;
        }
        return true;
    }

private:
    Kind kind_;
    BrotliEncoderState* br_ = nullptr;
    z_stream z_{};
};

}  // namespace

ListQuery parse_list_query(const core::QueryParams& params) {
    ListQuery out;
    core::ParsedAccountQuery parsed = core::parse_account_query(params, kApiDefaultLimit);
    if (parsed.page_invalid) {
        out.error_status = 404;
        out.error_body = json{{"detail", "Invalid page."}};
        return out;
    }
    core::AccountQuery& q = out.query = std::move(parsed.query);
    for (const core::AccountFilter& f : core::kAccountFilters) q.*f.member = utf8_or_replaced(q.*f.member);
    if (!q.stage.empty() && !core::find_stage(q.stage)) {
        out.error_status = 400;
        out.error_body = json{{"stage", {"Select a valid choice. " + q.stage + " is not one of the available choices."}}};
    }
    return out;
}

ApiServer::ApiServer(Store& store, ServerOptions options)
    : store_(store), options_(std::move(options)), http_(std::make_unique<httplib::Server>()) {
    install_routes();
}

ApiServer::~ApiServer() = default;

int ApiServer::bind() {
    if (options_.port == 0) return http_->bind_to_any_port(options_.host);
    return http_->bind_to_port(options_.host, options_.port) ? options_.port : -1;
}

void ApiServer::listen() { http_->listen_after_bind(); }
void ApiServer::stop() { http_->stop(); }

void ApiServer::install_routes() {
    httplib::Server& s = *http_;
    const int threads = std::max(options_.threads, 2);
    s.new_task_queue = [threads] { return new httplib::ThreadPool(static_cast<size_t>(threads)); };
    s.set_keep_alive_max_count(1000);
    s.set_tcp_nodelay(true);   // no Nagle: headers and body are separate writes (else ~40 ms delayed-ACK stalls)
    s.set_payload_max_length(kMaxBodyBytes);
    s.set_default_headers({{"X-Content-Type-Options", "nosniff"}});
    if (options_.access_log) {
        // Request id, method, decoded path (never the query, never a header), status, body bytes.
        s.set_logger([](const httplib::Request& req, const httplib::Response& res) {
            const std::string id = res.get_header_value("X-Request-Id");
            const std::string bytes = res.get_header_value("Content-Length");
            std::printf("%s %s %s %d %s\n", id.empty() ? "-" : id.c_str(), req.method.c_str(), req.path.c_str(),
                        res.status, bytes.empty() ? "0" : bytes.c_str());
        });
    }

    // CORS for allowed origins, then: every /api/ request but a preflight must carry a known token.
    // Runs after the headers and before the body is read: oversized requests are refused here, early.
    s.set_pre_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
        res.set_header("X-Request-Id", next_request_id());
        t_accept_encoding = req.get_header_value("Accept-Encoding");
        if (refuse_oversized(req, res)) return httplib::Server::HandlerResponse::Handled;
        if (req.path.rfind("/api/", 0) != 0) return httplib::Server::HandlerResponse::Unhandled;
        const std::string origin = req.get_header_value("Origin");
        const bool allowed =
            !origin.empty() && std::any_of(options_.cors_origins.begin(), options_.cors_origins.end(),
                                           [&](const std::string& o) { return o == "*" || o == origin; });
        if (!options_.cors_origins.empty()) res.set_header("Vary", "Origin");
        if (allowed) {
            res.set_header("Access-Control-Allow-Origin", origin);
            res.set_header("Access-Control-Expose-Headers", kExposedHeaders);
        }
        if (req.method == "OPTIONS") {
            if (!origin.empty() && !allowed) {
                send_detail(res, 403, "Origin " + origin + " is not allowed.");
                if (has_request_body(req)) close_after_response(res);
                return httplib::Server::HandlerResponse::Handled;
            }
            if (allowed) {
                res.set_header("Access-Control-Allow-Methods", kAllowedMethods);
                res.set_header("Access-Control-Allow-Headers", kAllowedHeaders);
                res.set_header("Access-Control-Max-Age", kPreflightMaxAge);
            }
            res.set_header("Allow", kAllowedMethods);
            res.status = 204;
            return httplib::Server::HandlerResponse::Handled;
        }
        // A request with a (size-checked) body goes on to its handler, which refuses it (guarded): the
        // body is then read and dropped, and the connection stays usable for the 401 to arrive intact.
        if (authorized(req, options_.tokens) || has_request_body(req)) return httplib::Server::HandlerResponse::Unhandled;
        send_unauthorized(req, res);
        return httplib::Server::HandlerResponse::Handled;
    });

    install_facet_routes();
    install_account_routes();

    s.Get("/api/users/", guarded(options_, [this](const httplib::Request&, httplib::Response& res) {
        json results = json::array();
        for (const auto& u : store_.list_users()) results.push_back(core::user_to_json(u));
        send_json(res, 200, json{{"count", results.size()}, {"results", std::move(results)}});
    }));

    // Known paths with a method they do not allow: 405 with Allow.
    struct PathMethods {
        const char* pattern;
        const char* allow;
    };
    static constexpr PathMethods kPaths[] = {
        {"/api/accounts/", "GET, POST, OPTIONS"},
        {R"(/api/accounts/[^/]+/)", "GET, PATCH, DELETE, OPTIONS"},
        {R"(/api/accounts/[^/]+/contacts/)", "GET, OPTIONS"},
        {"/api/users/", "GET, OPTIONS"},
    };
    for (const PathMethods& p : kPaths) {
        const std::string allow = p.allow;
        auto not_allowed = guarded(options_, [allow](const httplib::Request& req, httplib::Response& res) {
            res.set_header("Allow", allow);
            send_detail(res, 405, "Method \"" + req.method + "\" not allowed.");
        });
        const std::string pattern = p.pattern;
        if (allow.find("POST") == std::string::npos) s.Post(pattern, not_allowed);
        s.Put(pattern, not_allowed);
        if (allow.find("PATCH") == std::string::npos) s.Patch(pattern, not_allowed);
        if (allow.find("DELETE") == std::string::npos) s.Delete(pattern, not_allowed);
    }

    // The built console (registered last: API routes match first). Other /api/ paths: JSON 404.
    if (!options_.site_dir.empty()) {
        s.Get(".*", [this](const httplib::Request& req, httplib::Response& res) {
            if (req.path.rfind("/api/", 0) == 0) return send_detail(res, 404, "Not found.");
            StaticResponse file = serve_static(options_.site_dir, req.path, req.get_header_value("Accept-Encoding"));
            if (file.status != 200) {
                res.status = 404;
                return res.set_content("Not found.\n", "text/plain; charset=utf-8");
            }
            bool precompressed = false;
            for (const auto& [name, value] : file.headers) {
                res.set_header(name, value);
                precompressed = precompressed || name == "Content-Encoding";
            }
            res.status = 200;
            if (!precompressed) return res.set_content(std::move(file.body), file.content_type);
            // A .br/.gz variant goes out as it is: cpp-httplib compresses a text body itself (brotli at
            // quality 11) when the client accepts it, which would encode the file a second time
            // ("Content-Encoding: br, br") and cost that compression on every request. It leaves a body
            // of known length from a content provider alone.
            auto body = std::make_shared<std::string>(std::move(file.body));
            res.set_content_provider(body->size(), file.content_type,
                                     [body](size_t offset, size_t length, httplib::DataSink& sink) {
                                         return sink.write(body->data() + offset, length);
                                     });
        });
    }

    s.set_exception_handler([](const httplib::Request& req, httplib::Response& res, std::exception_ptr ep) {
        std::string what = "unknown error";
        try {
            if (ep) std::rethrow_exception(ep);
        } catch (const std::exception& e) {
            what = e.what();
        } catch (...) {
        }
        std::fprintf(stderr, "accounts-server: %s %s failed: %s\n", req.method.c_str(), req.path.c_str(), what.c_str());
        send_detail(res, 500, "Internal server error.");
    });

    // Any other /api/ path: JSON 404; other errors without a body (413, ...) get a JSON detail too.
    s.set_error_handler([](const httplib::Request& req, httplib::Response& res) {
        // The request line parsed but the header section did not (cpp-httplib stops at a header line over
        // 8 KiB; it sets REMOTE_ADDR only after reading every header): 431, and the connection is closed
        // (the rest of that line would be read as the next request).
        if (res.status == 400 && !req.method.empty() && !req.has_header("REMOTE_ADDR")) {
            send_detail(res, 431, "Request headers are too large (a header line over 8 KiB).");
            return close_after_response(res);
        }
        if (res.has_header("Connection")) return;   // already prepared (see close_after_response)
        if (req.path.rfind("/api/", 0) != 0 || !res.body.empty()) return;
        if (res.status == 404) send_detail(res, 404, "Not found.");
        else if (res.status == 413) send_detail(res, 413, "Request body is larger than 1 MiB.");
        else send_detail(res, res.status, "The request failed (HTTP " + std::to_string(res.status) + ").");
    });
}

// The facets extension (api_facets.cpp). Disabled: not registered, so its path is an unknown account (404).
void ApiServer::install_facet_routes() {
    if (!options_.enabled("facets")) return;
    httplib::Server& s = *http_;
    const std::string path = "/api/accounts/facets/";
    s.Get(path, guarded(options_, [this](const httplib::Request& req, httplib::Response& res) {
        FacetsAnswer a = facets_answer(store_, core::QueryParams(req.params.begin(), req.params.end()));
        send_json(res, a.status, a.body);
    }));
    auto not_allowed = guarded(options_, [](const httplib::Request& req, httplib::Response& res) {
        res.set_header("Allow", "GET, OPTIONS");
        send_detail(res, 405, "Method \"" + req.method + "\" not allowed.");
    });
    s.Post(path, not_allowed);
    s.Put(path, not_allowed);
    s.Patch(path, not_allowed);
    s.Delete(path, not_allowed);
}

void ApiServer::install_account_routes() {
    httplib::Server& s = *http_;
    if (options_.enabled("export")) install_export_route();   // before /api/accounts/{id}/, which would match it

    s.Get("/api/accounts/", guarded(options_, [this](const httplib::Request& req, httplib::Response& res) {
        core::QueryParams params(req.params.begin(), req.params.end());
        ListQuery parsed = parse_list_query(params);
        if (parsed.error_status != 0) return send_json(res, parsed.error_status, parsed.error_body);
        const core::AccountQuery& q = parsed.query;

        const int64_t count = store_.count_matching(q);
        const int64_t last_page = count == 0 ? 1 : (count + q.limit - 1) / q.limit;
        if (q.page > last_page) return send_detail(res, 404, "Invalid page.");
        json results = json::array();
        for (const auto& a : store_.page_rows(q, count)) results.push_back(core::account_summary_to_json(a));
        send_json(res, 200,
                  json{{"count", count},
                       {"next", q.page < last_page ? json(page_url(req, options_.trust_proxy, q.page + 1)) : json(nullptr)},
                       {"previous", q.page > 1 ? json(page_url(req, options_.trust_proxy, q.page - 1)) : json(nullptr)},
                       {"results", std::move(results)}});
    }));

    s.Post("/api/accounts/", guarded(options_, [this](const httplib::Request& req, httplib::Response& res) {
        std::optional<json> body = read_json_body(req, res);
        if (!body) return;
        core::FieldErrors errors = core::validate_account_write(*body, core::WriteMode::Create);
        if (!errors.empty()) return send_json(res, 400, core::field_errors_to_drf(errors));
        WriteResult r = store_.create_account(*body);
        if (r.status == WriteStatus::Invalid) return send_json(res, 400, core::field_errors_to_drf(r.errors));
        res.set_header("Location", origin_of(req, options_.trust_proxy) + "/api/accounts/" + r.record.account.id + "/");
        send_account(res, 201, r.record);
    }));

    s.Get(R"(/api/accounts/([^/]+)/)", guarded(options_, [this](const httplib::Request& req, httplib::Response& res) {
        std::optional<AccountRecord> r = store_.get_account(req.matches[1]);
        if (!r) return send_detail(res, 404, "Not found.");
        send_account(res, 200, *r);
    }));

    s.Patch(R"(/api/accounts/([^/]+)/)", guarded(options_, [this](const httplib::Request& req, httplib::Response& res) {
        std::optional<json> body = read_json_body(req, res);
        if (!body) return;
        core::FieldErrors errors = core::validate_account_write(*body, core::WriteMode::Patch);
        if (!errors.empty()) {
            // An unknown id is a 404 even with a bad body (DRF looks the object up first).
            if (!store_.get_account(req.matches[1])) return send_detail(res, 404, "Not found.");
            return send_json(res, 400, core::field_errors_to_drf(errors));
        }
        WriteResult r = store_.update_account(req.matches[1], *body, if_match(req));
        switch (r.status) {
            case WriteStatus::NotFound: return send_detail(res, 404, "Not found.");
            case WriteStatus::PreconditionFailed:
                res.set_header("ETag", etag(r.record.version));
                return send_precondition_failed(res);
            case WriteStatus::Invalid: return send_json(res, 400, core::field_errors_to_drf(r.errors));
            case WriteStatus::Ok: return send_account(res, 200, r.record);
        }
    }));

    s.Delete(R"(/api/accounts/([^/]+)/)", guarded(options_, [this](const httplib::Request& req, httplib::Response& res) {
        switch (store_.delete_account(req.matches[1], if_match(req))) {
            case WriteStatus::NotFound: return send_detail(res, 404, "Not found.");
            case WriteStatus::PreconditionFailed: return send_precondition_failed(res);
            case WriteStatus::Invalid:
            case WriteStatus::Ok: res.status = 204; return;
        }
    }));

    s.Get(R"(/api/accounts/([^/]+)/contacts/)", guarded(options_, [this](const httplib::Request& req, httplib::Response& res) {
        const bool paginated = req.has_param("page") || req.has_param("limit");
        int64_t limit = -1, page = 1;
        if (paginated) {
            limit = kApiDefaultLimit;
            if (auto l = core::parse_positive_int(req.get_param_value("limit"))) limit = std::min<int64_t>(*l, core::kMaxPageSize);
            if (req.has_param("page")) {
                auto p = core::parse_positive_int(req.get_param_value("page"));
                if (!p || *p > core::kMaxPage) return send_detail(res, 404, "Invalid page.");
                page = *p;
            }
        }
        std::optional<ContactPage> c = store_.list_contacts(req.matches[1], paginated ? (page - 1) * limit : 0, limit);
        if (!c) return send_detail(res, 404, "Not found.");
        json results = json::array();
        for (const auto& contact : c->rows) results.push_back(core::contact_to_json(contact));
        json body = {{"count", c->count}};
        if (paginated) {
            const int64_t last_page = c->count == 0 ? 1 : (c->count + limit - 1) / limit;
            if (page > last_page) return send_detail(res, 404, "Invalid page.");
            body["next"] = page < last_page ? json(page_url(req, options_.trust_proxy, page + 1)) : json(nullptr);
            body["previous"] = page > 1 ? json(page_url(req, options_.trust_proxy, page - 1)) : json(nullptr);
        }
        body["results"] = std::move(results);
        send_json(res, 200, body);
    }));
}

// GET /api/accounts/export/ (docs/api-export-stream.md): every account matching the list's filters,
// search and ordering as NDJSON, one list item per line, then {"end": true, "count": N}; a failure
// midway ends the body with {"error": "..."} instead. Rows are read one at a time from one snapshot
// and written as they come (chunked): memory stays bounded whatever the count, and a client that
// stops reading holds only the socket's buffers (cpp-httplib gives up after its write timeout).
void ApiServer::install_export_route() {
    http_->Get("/api/accounts/export/", guarded(options_, [this](const httplib::Request& req, httplib::Response& res) {
        core::QueryParams params;
        for (const auto& [k, v] : req.params) {
            if (k != "page" && k != "limit") params.emplace_back(k, v);   // the whole list: no paging
        }
        ListQuery parsed = parse_list_query(params);
        if (parsed.error_status != 0) return send_json(res, parsed.error_status, parsed.error_body);
        std::shared_ptr<AccountStream> rows = store_.open_account_stream(parsed.query);   // the snapshot starts here

        const StreamEncoder::Kind kind = accepts(t_accept_encoding, "br")     ? StreamEncoder::Kind::Brotli
                                         : accepts(t_accept_encoding, "gzip") ? StreamEncoder::Kind::Gzip
                                                                              : StreamEncoder::Kind::None;
        auto encoder = std::make_shared<StreamEncoder>(kind);
        if (encoder->name()) res.set_header("Content-Encoding", encoder->name());
        res.set_header("Vary", "Accept-Encoding");
        res.set_header("Cache-Control", "no-store");
        res.status = 200;
        struct Progress {
            int64_t count = 0;
            bool finished = false;
            std::string text, encoded;   // one slice: reused
        };
        auto progress = std::make_shared<Progress>();
        constexpr size_t kSliceBytes = 64 * 1024;   // lines gathered before one chunk goes out
        res.set_chunked_content_provider(
            "application/x-ndjson", [rows, encoder, progress](size_t, httplib::DataSink& sink) {
                Progress& p = *progress;
                p.text.clear();
                bool last = false;
                try {
                    core::Account a;
                    while (p.text.size() < kSliceBytes && rows->next(a)) {
                        p.text += core::account_summary_to_json(a).dump(-1, ' ', false, json::error_handler_t::replace);
                        p.text += '\n';
                        ++p.count;
                    }
                    if (p.text.size() < kSliceBytes) {
                        p.text += json{{"end", true}, {"count", p.count}}.dump() + "\n";
                        last = true;
                    }
                } catch (const std::exception& e) {
                    std::fprintf(stderr, "accounts-server: export failed after %lld rows: %s\n",
                                 static_cast<long long>(p.count), e.what());
                    p.text += json{{"error", "The export failed on the server after " + std::to_string(p.count) +
                                                 " accounts; the copy is incomplete."}}.dump() + "\n";
                    last = true;
                }
                if (!encoder->encode(p.text, last, p.encoded)) return false;
                // An empty write would end cpp-httplib's loop early: only non-empty ones.
                if (!p.encoded.empty() && !sink.write(p.encoded.data(), p.encoded.size())) return false;
                if (last) sink.done();
                return true;
            });
    }));
}

}  // namespace crm::server
