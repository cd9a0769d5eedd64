// static_site.cpp: file lookup, precompressed variants and headers for the served console.
#include "server/static_site.hpp"

#include <sys/stat.h>

#include <cstdlib>
#include <fstream>
#include <iterator>
#include <regex>
#include <sstream>

#include "core/util/text.hpp"

namespace crm::server {

namespace {

struct MimeType {
    const char* extension;
    const char* type;
};
constexpr MimeType kMimeTypes[] = {
    {".html", "text/html; charset=utf-8"}, {".js", "text/javascript; charset=utf-8"},
    {".css", "text/css; charset=utf-8"},   {".wasm", "application/wasm"},
    {".json", "application/json"},         {".data", "application/octet-stream"},
    {".svg", "image/svg+xml"},             {".png", "image/png"},
    {".ico", "image/x-icon"},              {".woff2", "font/woff2"},
    {".ttf", "font/ttf"},                  {".txt", "text/plain; charset=utf-8"},
    {".map", "application/json"},
};

bool ends_with(const std::string& s, const char* suffix) {
    const std::string x(suffix);
    return s.size() >= x.size() && s.compare(s.size() - x.size(), x.size(), x) == 0;
}

bool is_regular_file(const std::string& path) {
    struct stat st {};
    return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

bool read_file(const std::string& path, std::string& out) {
    std::ifstream f(path, std::ios::binary);
    if (!f) return false;
    std::ostringstream ss;
    ss << f.rdbuf();
    out = ss.str();
    return true;
}


}  // namespace

// Whether Accept-Encoding allows `coding`: a listed coding (or "*") whose q-value is not 0, e.g.
// "gzip, deflate, br" or "br;q=0, gzip;q=0.8". Names are compared whole and case-insensitively.
bool accepts(const std::string& accept_encoding, const char* coding) {
    auto lower_trim = [](const std::string& v) { return core::ascii_lower(core::trim(v)); };
    bool star_seen = false, star_allowed = false;
    for (size_t start = 0; start <= accept_encoding.size();) {
        size_t comma = accept_encoding.find(',', start);
        if (comma == std::string::npos) comma = accept_encoding.size();
        const std::string item = accept_encoding.substr(start, comma - start);
        start = comma + 1;
        const size_t semi = item.find(';');
        const std::string name = lower_trim(item.substr(0, semi));
        bool allowed = true;
        if (semi != std::string::npos) {
            const std::string param = lower_trim(item.substr(semi + 1));
            if (param.rfind("q=", 0) == 0) allowed = std::strtod(param.c_str() + 2, nullptr) > 0;
        }
        if (name == coding) return allowed;   // an explicit entry wins over "*"
        if (name == "*") star_seen = true, star_allowed = allowed;
    }
    return star_seen && star_allowed;
}

std::string mime_type_for(const std::string& path) {
    for (const MimeType& m : kMimeTypes) {
        if (ends_with(path, m.extension)) return m.type;
    }
    return "application/octet-stream";
}

std::string cache_control_for(const std::string& path) {
    static const std::regex kHashed(R"(.*[.-][0-9a-f]{8,}\.[a-z0-9]+$)");
    if (ends_with(path, ".html") || ends_with(path, "config.json")) return "no-cache";
    if (std::regex_match(path, kHashed)) return "public, max-age=31536000, immutable";
    return "no-cache";
}

StaticResponse serve_static(const std::string& root, const std::string& url_path, const std::string& accept_encoding) {
    StaticResponse r;
    std::string rel = url_path.empty() || url_path == "/" ? "/index.html" : url_path;
    if (rel.find("..") != std::string::npos || rel.find('\\') != std::string::npos ||
        rel.find('\0') != std::string::npos || rel[0] != '/') {
        return r;
    }
    std::string file = root + rel;
    if (!is_regular_file(file) && is_regular_file(file + "/index.html")) file += "/index.html";
    if (!is_regular_file(file)) return r;

    std::string served = file;
    if (accepts(accept_encoding, "br") && is_regular_file(file + ".br")) {
        served = file + ".br";
        r.headers.emplace_back("Content-Encoding", "br");
    } else if (accepts(accept_encoding, "gzip") && is_regular_file(file + ".gz")) {
        served = file + ".gz";
        r.headers.emplace_back("Content-Encoding", "gzip");
    }
    if (!read_file(served, r.body)) return r;
    r.status = 200;
    r.content_type = mime_type_for(file);
    r.headers.emplace_back("Vary", "Accept-Encoding");
    r.headers.emplace_back("Cache-Control", cache_control_for(file));
    r.headers.emplace_back("Content-Security-Policy", kContentSecurityPolicy);
    r.headers.emplace_back("X-Frame-Options", "DENY");
    r.headers.emplace_back("Referrer-Policy", "no-referrer");
    return r;
}

}  // namespace crm::server
