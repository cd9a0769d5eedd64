// main.cpp: accounts-server, the reference Accounts API on SQLite that also serves the built console.
// Parses flags and environment, seeds demo data, runs the server until SIGINT/SIGTERM.
#include <pthread.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <csignal>
#include <ctime>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>

#include "server/api_server.hpp"
#include "server/demo_data.hpp"
#include "server/dump.hpp"
#include "server/store.hpp"

namespace {

const char* kUsage =
    "usage: accounts-server [--host H] [--port N] [--db PATH] [--token T]... [--tokens-file F]\n"
    "                       [--cors-origin ORIGIN]... [--demo N] [--site DIR] [--threads N] [--quiet]\n"
    "                       [--trust-proxy] [--disable NAME]... [--export FILE | --import FILE]\n"
    "  --host H            interface to bind (default 127.0.0.1; --listen is an alias)\n"
    "  --port N            port (default 8080; 0 = any free port)\n"
    "  --db PATH           SQLite file (default accounts.db; ':memory:' for a throwaway store)\n"
    "  --token T           accepted bearer token (repeatable; also $ACCOUNTS_TOKEN)\n"
    "  --tokens-file F     one accepted token per line ('#' starts a comment line)\n"
    "  --cors-origin O     allow cross-origin calls from O, e.g. https://console.example.com\n"
    "                      (repeatable; '*' = any origin; also $ACCOUNTS_CORS_ORIGINS, comma-separated)\n"
    "  --demo N            seed N demo accounts into an empty database\n"
    "  --export FILE       write the database as a JSON dump to FILE ('-' = stdout) and exit\n"
    "                      (no token needed; with --demo N, seeds first)\n"
    "  --import FILE       load a JSON dump ('-' = stdin) into an EMPTY database, then serve\n"
    "                      (excludes --demo; a bad dump: exit 2 and nothing imported)\n"
    "  --site DIR          serve the built console from DIR at /\n"
    "  --threads N         worker threads (default 32; each keep-alive connection holds one)\n"
    "  --quiet             no access log\n"
    "  --trust-proxy       behind a reverse proxy: build next/previous/Location URLs from\n"
    "                      X-Forwarded-Proto and X-Forwarded-Host (else http:// and the Host header)\n"
    "  --disable NAME      switch an API extension off: its paths answer 404 (repeatable;\n"
    "                      names: facets, export)\n";

void split_origins(const std::string& list, std::vector<std::string>& out) {
    size_t start = 0;
    while (start <= list.size()) {
        size_t comma = list.find(',', start);
        if (comma == std::string::npos) comma = list.size();
        std::string o = list.substr(start, comma - start);
        while (!o.empty() && o.back() == ' ') o.pop_back();
        while (!o.empty() && o.front() == ' ') o.erase(0, 1);
        while (o.size() > 1 && o.back() == '/') o.pop_back();   // an origin has no path
        if (!o.empty()) out.push_back(o);
        start = comma + 1;
    }
}

}  // namespace

int main(int argc, char** argv) {
    std::setvbuf(stdout, nullptr, _IOLBF, 0);   // the access log reaches its file line by line (nothing lost on a kill)
    crm::server::ServerOptions opts;
    opts.access_log = true;
    std::string db_path = "accounts.db";
    long long demo = 0;
    std::string export_path, import_path;
    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i];
        auto value = [&]() -> std::string {
            if (i + 1 >= argc) {
                std::fprintf(stderr, "accounts-server: %s needs a value\n%s", a.c_str(), kUsage);
                std::exit(2);
            }
            return argv[++i];
        };
        if (a == "--host" || a == "--listen") opts.host = value();
        else if (a == "--port") opts.port = std::atoi(value().c_str());
        else if (a == "--db") db_path = value();
        else if (a == "--token") opts.tokens.push_back(value());
        else if (a == "--tokens-file") {
            std::string path = value();
            std::ifstream f(path);
            if (!f) {
                std::fprintf(stderr, "accounts-server: cannot read tokens file %s\n", path.c_str());
                return 2;
            }
            for (std::string line; std::getline(f, line);) {
                while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
                if (!line.empty() && line[0] != '#') opts.tokens.push_back(line);
            }
        } else if (a == "--cors-origin") split_origins(value(), opts.cors_origins);
        else if (a == "--demo") demo = std::atoll(value().c_str());
        else if (a == "--site") opts.site_dir = value();
        else if (a == "--threads") opts.threads = std::atoi(value().c_str());
        else if (a == "--quiet") opts.access_log = false;
        else if (a == "--trust-proxy") opts.trust_proxy = true;
        else if (a == "--disable") {
            const std::string name = value();
            const auto* known = std::find_if(std::begin(crm::server::kExtensionNames), std::end(crm::server::kExtensionNames),
                                             [&](const char* n) { return name == n; });
            if (known == std::end(crm::server::kExtensionNames)) {
                std::fprintf(stderr, "accounts-server: --disable: unknown extension %s\n%s", name.c_str(), kUsage);
                return 2;
            }
            opts.disabled.insert(name);
        } else if (a == "--export") export_path = value();
        else if (a == "--import") import_path = value();
        else if (a == "--help" || a == "-h") {
            std::fputs(kUsage, stdout);
            return 0;
        } else {
            std::fprintf(stderr, "accounts-server: unknown option %s\n%s", a.c_str(), kUsage);
            return 2;
        }
    }
    if (const char* env = std::getenv("ACCOUNTS_TOKEN"); env && *env) opts.tokens.emplace_back(env);
    if (const char* env = std::getenv("ACCOUNTS_CORS_ORIGINS"); env && *env) split_origins(env, opts.cors_origins);
    if (!export_path.empty() && !import_path.empty()) {
        std::fprintf(stderr, "accounts-server: --export and --import exclude each other\n");
        return 2;
    }
    if (!import_path.empty() && demo > 0) {
        std::fprintf(stderr, "accounts-server: --import and --demo exclude each other (import needs an empty database)\n");
        return 2;
    }
    if (export_path == "-" && demo > 0) {
        std::fprintf(stderr, "accounts-server: --demo with --export - would mix the seeding message into the dump\n");
        return 2;
    }
    if (!export_path.empty() && demo <= 0 && db_path != ":memory:" && ::access(db_path.c_str(), F_OK) != 0) {
        std::fprintf(stderr, "accounts-server: cannot export %s: no such database\n", db_path.c_str());
        return 1;
    }
    if (opts.tokens.empty() && export_path.empty()) {
        std::fprintf(stderr, "accounts-server: no token configured (--token, --tokens-file or $ACCOUNTS_TOKEN)\n");
        return 2;
    }

    // A new database with demo data is built in a side file (no journal: several times faster) and
    // renamed into place; an existing one is seeded in place only if it has no accounts.
    const bool new_file = db_path != ":memory:" && !std::filesystem::exists(db_path);
    long long seeded = 0;
    std::unique_ptr<crm::server::Store> store;
    struct ImportFailed {
        int rc;
    };
    try {
        auto t0 = std::chrono::steady_clock::now();
        const std::clock_t cpu0 = std::clock();
        if (demo > 0 && new_file) {
            crm::server::build_new_database(db_path, [&](crm::server::Store& s) { seeded = crm::server::seed_demo_data(s, demo); });
        }
        if (!import_path.empty() && new_file) {   // the same side-file build; a failed import leaves no database
            crm::server::build_new_database(db_path, [&](crm::server::Store& s) {
                if (int rc = crm::server::run_import(s, import_path); rc != 0) throw ImportFailed{rc};
            });
        }
        store = std::make_unique<crm::server::Store>(db_path);
        if (demo > 0 && !new_file) seeded = crm::server::seed_demo_data(*store, demo);
        double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        double cpu = static_cast<double>(std::clock() - cpu0) / CLOCKS_PER_SEC;
        if (seeded > 0) std::printf("accounts-server: seeded %lld demo accounts in %.1f s (%.1f s CPU)\n", seeded, secs, cpu);
    } catch (const ImportFailed& failed) {
        return failed.rc;   // run_import said why
    } catch (const std::exception& e) {
        std::fprintf(stderr, "accounts-server: cannot use database %s: %s\n", db_path.c_str(), e.what());
        return 1;
    }
    if (!export_path.empty()) return crm::server::run_export(*store, export_path);
    if (!import_path.empty() && !new_file) {
        if (int rc = crm::server::run_import(*store, import_path); rc != 0) return rc;
    }
    // From here on SIGINT/SIGTERM are taken by a dedicated thread (sigwait), not a signal handler; every
    // server thread inherits the mask. Before this point (seeding) they end the process as usual.
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);
    crm::server::ApiServer server(*store, opts);
    int port = server.bind();
    if (port < 0) {
        std::fprintf(stderr, "accounts-server: cannot listen on %s:%d (port in use or not allowed)\n",
                     opts.host.c_str(), opts.port);
        return 1;
    }
    std::atomic<bool> signalled{false};
    std::thread waiter([&] {
        int sig = 0;
        sigwait(&signals, &sig);
        signalled = true;
        std::printf("accounts-server: %s, finishing in-flight requests\n", sig == SIGINT ? "SIGINT" : "SIGTERM");
        std::fflush(stdout);
        server.stop();
    });
    std::printf("accounts-server: listening on http://%s:%d/ (db %s, %lld accounts)\n", opts.host.c_str(), port,
                db_path.c_str(), static_cast<long long>(store->count_accounts()));
    for (const auto& o : opts.cors_origins) std::printf("accounts-server: CORS allowed for %s\n", o.c_str());
    std::fflush(stdout);
    server.listen();
    if (!signalled) pthread_kill(waiter.native_handle(), SIGTERM);   // listen() ended on its own: release the waiter
    waiter.join();
    std::printf("accounts-server: stopped\n");
    return 0;
}
