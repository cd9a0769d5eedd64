// static_site.cpp: file lookup, precompressed variants and headers for the served console.
#include "server/static_site.hpp"

#include <sys/stat.h>

#include <fstream>
#include <iterator>
#include <regex>
#include <sstream>

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

bool accepts(const std::string& accept_encoding, const char* coding) {
    // Good enough for browsers: "gzip, deflate, br" (q=0 is not honoured).
    return accept_encoding.find(coding) != std::string::npos;
}

}  // namespace

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
