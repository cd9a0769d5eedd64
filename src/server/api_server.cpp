// api_server.cpp: routes of the reference server. DRF-shaped JSON errors everywhere under /api/.
#include "server/api_server.hpp"

#include <httplib.h>

#include <charconv>
#include <nlohmann/json.hpp>

#include "core/model/account_json.hpp"
#include "core/util/url.hpp"

namespace crm::server {

namespace {

using nlohmann::json;

void send_json(httplib::Response& res, int status, const json& body) {
    res.status = status;
    res.set_content(body.dump(), "application/json");
}

void send_detail(httplib::Response& res, int status, const std::string& detail) {
    send_json(res, status, json{{"detail", detail}});
}

// DRF: a positive integer, else the fallback.
std::optional<int64_t> positive_int(const std::string& s) {
    int64_t v = 0;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || p != s.data() + s.size() || v < 1) return std::nullopt;
    return v;
}

bool constant_time_equal(const std::string& a, const std::string& b) {
    if (a.size() != b.size()) return false;
    unsigned char diff = 0;
    for (size_t i = 0; i < a.size(); ++i) diff |= static_cast<unsigned char>(a[i] ^ b[i]);
    return diff == 0;
}

std::string page_url(const httplib::Request& req, int64_t page) {
    core::QueryParams params;
    for (const auto& [k, v] : req.params) {
        if (k != "page") params.emplace_back(k, v);
    }
    params.emplace_back("page", std::to_string(page));
    std::string host = req.get_header_value("Host");
    return "http://" + host + req.path + "?" + core::build_query(params);
}

}  // namespace

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
    if (!options_.site_dir.empty()) s.set_mount_point("/", options_.site_dir);
    s.set_file_extension_and_mimetype_mapping("wasm", "application/wasm");
    s.set_file_extension_and_mimetype_mapping("json", "application/json");

    // Every /api/ request must carry a known bearer token.
    s.set_pre_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
        if (req.path.rfind("/api/", 0) != 0) return httplib::Server::HandlerResponse::Unhandled;
        const std::string auth = req.get_header_value("Authorization");
        const std::string prefix = "Bearer ";
        bool ok = false;
        if (auth.rfind(prefix, 0) == 0) {
            std::string token = auth.substr(prefix.size());
            for (const auto& t : options_.tokens) ok = ok || constant_time_equal(token, t);
        }
        if (ok) return httplib::Server::HandlerResponse::Unhandled;
        res.set_header("WWW-Authenticate", "Bearer");
        send_detail(res, 401,
                    auth.empty() ? "Authentication credentials were not provided." : "Invalid token.");
        return httplib::Server::HandlerResponse::Handled;
    });

    s.Get("/api/accounts/", [this](const httplib::Request& req, httplib::Response& res) {
        core::AccountQuery q;
        q.limit = 50;
        if (req.has_param("limit")) {
            if (auto l = positive_int(req.get_param_value("limit"))) q.limit = static_cast<int>(std::min<int64_t>(*l, 100));
        }
        if (req.has_param("page")) {
            auto p = positive_int(req.get_param_value("page"));
            if (!p || *p > 1'000'000'000) return send_detail(res, 404, "Invalid page.");
            q.page = static_cast<int>(*p);
        }
        q.stage = req.get_param_value("stage");
        if (!q.stage.empty() && !core::find_stage(q.stage)) {
            return send_json(res, 400, json{{"stage", {"Select a valid choice. " + q.stage +
                                                       " is not one of the available choices."}}});
        }
        q.industry = req.get_param_value("industry");
        q.assigned_to = req.get_param_value("assignedTo");
        q.search = req.get_param_value("search");
        q.ordering = req.get_param_value("ordering");

        AccountPage page = store_.list_accounts(q);
        int64_t last_page = page.count == 0 ? 1 : (page.count + q.limit - 1) / q.limit;
        if (q.page > last_page) return send_detail(res, 404, "Invalid page.");
        json results = json::array();
        for (const auto& a : page.rows) results.push_back(core::account_summary_to_json(a));
        send_json(res, 200,
                  json{{"count", page.count},
                       {"next", q.page < last_page ? json(page_url(req, q.page + 1)) : json(nullptr)},
                       {"previous", q.page > 1 ? json(page_url(req, q.page - 1)) : json(nullptr)},
                       {"results", std::move(results)}});
    });

    // Any other /api/ path: JSON 404 (or 405 for a known path with the wrong method).
    s.set_error_handler([](const httplib::Request& req, httplib::Response& res) {
        if (req.path.rfind("/api/", 0) != 0 || !res.body.empty()) return;
        if (res.status == 404) send_detail(res, 404, "Not found.");
        else if (res.status == 405) send_detail(res, 405, "Method \"" + req.method + "\" not allowed.");
    });
}

}  // namespace crm::server
