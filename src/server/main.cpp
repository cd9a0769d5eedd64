// main.cpp: accounts-server, the reference Accounts API on SQLite that also serves the built console.
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string>

#include "server/api_server.hpp"
#include "server/demo_data.hpp"
#include "server/store.hpp"

namespace {

const char* kUsage =
    "usage: accounts-server [--host H] [--port N] [--db PATH] [--token T]... [--tokens-file F]\n"
    "                       [--demo N] [--site DIR]\n"
    "  --db PATH        SQLite file (default accounts.db; ':memory:' for a throwaway store)\n"
    "  --token T        accepted bearer token (repeatable; also $ACCOUNTS_TOKEN)\n"
    "  --tokens-file F  one accepted token per line\n"
    "  --demo N         seed N demo accounts into an empty database\n"
    "  --site DIR       serve the built console from DIR at /\n";

crm::server::ApiServer* g_server = nullptr;
void on_signal(int) {
    if (g_server) g_server->stop();
}

}  // namespace

int main(int argc, char** argv) {
    crm::server::ServerOptions opts;
    std::string db_path = "accounts.db";
    long long demo = 0;
    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i];
        auto value = [&]() -> std::string {
            if (i + 1 >= argc) {
                std::fprintf(stderr, "accounts-server: %s needs a value\n%s", a.c_str(), kUsage);
                std::exit(2);
            }
            return argv[++i];
        };
        if (a == "--host") opts.host = value();
        else if (a == "--port") opts.port = std::atoi(value().c_str());
        else if (a == "--db") db_path = value();
        else if (a == "--token") opts.tokens.push_back(value());
        else if (a == "--tokens-file") {
            std::ifstream f(value());
            for (std::string line; std::getline(f, line);) {
                if (!line.empty() && line[0] != '#') opts.tokens.push_back(line);
            }
        } else if (a == "--demo") demo = std::atoll(value().c_str());
        else if (a == "--site") opts.site_dir = value();
        else if (a == "--help" || a == "-h") {
            std::fputs(kUsage, stdout);
            return 0;
        } else {
            std::fprintf(stderr, "accounts-server: unknown option %s\n%s", a.c_str(), kUsage);
            return 2;
        }
    }
    if (const char* env = std::getenv("ACCOUNTS_TOKEN"); env && *env) opts.tokens.emplace_back(env);
    if (opts.tokens.empty()) {
        std::fprintf(stderr, "accounts-server: no token configured (--token, --tokens-file or $ACCOUNTS_TOKEN)\n");
        return 2;
    }

    crm::server::Store store(db_path);
    long long seeded = crm::server::seed_demo_data(store, demo);
    crm::server::ApiServer server(store, opts);
    int port = server.bind();
    if (port < 0) {
        std::fprintf(stderr, "accounts-server: cannot listen on %s:%d\n", opts.host.c_str(), opts.port);
        return 1;
    }
    g_server = &server;
    std::signal(SIGINT, on_signal);
    std::signal(SIGTERM, on_signal);
    std::printf("accounts-server: listening on http://%s:%d/ (db %s, %lld demo accounts seeded)\n",
                opts.host.c_str(), port, db_path.c_str(), seeded);
    std::fflush(stdout);
    server.listen();
    return 0;
}
