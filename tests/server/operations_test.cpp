// operations_test.cpp: the real accounts-server process as an operator meets it: tokens from flag, env
// var and file; CORS origins from flag and env var; the default bind address and --listen; clear start-up
// errors; graceful SIGTERM/SIGINT with an in-flight request; every --help flag documented in the README.
#include <doctest/doctest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include <nlohmann/json.hpp>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "server_process.hpp"

using namespace crm;
using nlohmann::json;

namespace {

std::string temp_name(const std::string& stem) { return "ops_" + stem + "_" + std::to_string(::getpid()); }

void remove_db(const std::string& path) {
    for (const char* suffix : {"", "-wal", "-shm"}) std::remove((path + suffix).c_str());
}

// Runs the server with `args` (no --port added) to its exit; returns the exit code and what it printed.
struct Exit {
    int code = -1;
    std::string output;
};
Exit run_to_exit(const std::vector<std::string>& args, const std::string& log_path) {
    std::vector<std::string> all = {test::server_binary()};
    all.insert(all.end(), args.begin(), args.end());
    std::remove(log_path.c_str());
    const pid_t pid = test::spawn_logged(std::move(all), log_path);
    // Bounded wait: a server that unexpectedly starts serving is killed after 20 s.
    Exit out;
    int status = 0;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (::waitpid(pid, &status, WNOHANG) == 0) {
        if (std::chrono::steady_clock::now() > deadline) {
            ::kill(pid, SIGKILL);
            ::waitpid(pid, &status, 0);
            break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    out.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    out.output = test::read_text_file(log_path);
    std::remove(log_path.c_str());
    return out;
}

int status_with_token(int port, const std::string& token) {
    httplib::Client c("127.0.0.1", port);
    auto r = c.Get("/api/accounts/?limit=1", {{"Authorization", "Bearer " + token}});
    return r ? r->status : -1;
}

// The local address (hex, as /proc/net/tcp writes it) of the socket listening on `port`, or "".
std::string listening_address(int port) {
    std::ifstream f("/proc/net/tcp");
    std::string line;
    std::getline(f, line);   // header
    char port_hex[8];
    std::snprintf(port_hex, sizeof port_hex, "%04X", port);
    while (std::getline(f, line)) {
        std::istringstream in(line);
        std::string slot, local, remote, state;
        in >> slot >> local >> remote >> state;
        if (state == "0A" && local.size() > 5 && local.substr(local.size() - 4) == port_hex) return local.substr(0, local.size() - 5);
    }
    return "";
}

void send_all(int fd, const std::string& data) {
    size_t sent = 0;
    while (sent < data.size()) {
        const ssize_t n = ::send(fd, data.data() + sent, data.size() - sent, MSG_NOSIGNAL);
        REQUIRE(n > 0);
        sent += static_cast<size_t>(n);
    }
}

std::string read_reply(int fd, int timeout_ms) {
    std::string text;
    char buf[4096];
    const auto end = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
    for (;;) {
        const int left = static_cast<int>(std::chrono::duration_cast<std::chrono::milliseconds>(end - std::chrono::steady_clock::now()).count());
        pollfd p{fd, POLLIN, 0};
        if (left <= 0 || ::poll(&p, 1, left) <= 0) break;
        const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
        if (n <= 0) break;
        text.append(buf, static_cast<size_t>(n));
    }
    return text;
}

}  // namespace

TEST_CASE("tokens: --token (repeatable), $ACCOUNTS_TOKEN and --tokens-file are all accepted; nothing else is") {
    const std::string tokens_file = temp_name("tokens") + ".txt";
    {
        std::ofstream f(tokens_file, std::ios::binary);
        f << "# team tokens\r\nfile-token-one\r\n\nfile-token-two  \n#commented-token\n";
    }
    ::setenv("ACCOUNTS_TOKEN", "env-token", 1);
    {
        test::ServerProcess s({"--db", ":memory:", "--token", "flag-a", "--token", "flag-b", "--tokens-file", tokens_file,
                               "--quiet"},
                              temp_name("tokens") + ".log");
        ::unsetenv("ACCOUNTS_TOKEN");
        for (const char* good : {"flag-a", "flag-b", "env-token", "file-token-one", "file-token-two"}) {
            CHECK_MESSAGE(status_with_token(s.port(), good) == 200, good);
        }
        for (const char* bad : {"# team tokens", "#commented-token", "commented-token", "", "flag-", "file-token",
                                "flag-a flag-b"}) {
            CHECK_MESSAGE(status_with_token(s.port(), bad) == 401, "'" << bad << "'");
        }
    }
    ::unsetenv("ACCOUNTS_TOKEN");
    {
        ::setenv("ACCOUNTS_TOKEN", "only-env", 1);
        test::ServerProcess s({"--db", ":memory:", "--quiet"}, temp_name("envonly") + ".log");
        ::unsetenv("ACCOUNTS_TOKEN");
        CHECK(status_with_token(s.port(), "only-env") == 200);
        CHECK(status_with_token(s.port(), "flag-a") == 401);
    }
    std::remove(tokens_file.c_str());
    std::remove((temp_name("tokens") + ".log").c_str());
    std::remove((temp_name("envonly") + ".log").c_str());

    Exit none = run_to_exit({"--port", "0", "--db", ":memory:"}, temp_name("none") + ".log");
    CHECK(none.code == 2);
    CHECK(none.output.find("no token configured") != std::string::npos);
    Exit missing = run_to_exit({"--port", "0", "--db", ":memory:", "--tokens-file", "no/such/tokens.txt"},
                               temp_name("missing") + ".log");
    CHECK(missing.code == 2);
    CHECK(missing.output.find("cannot read tokens file no/such/tokens.txt") != std::string::npos);
    Exit unknown = run_to_exit({"--token", "t", "--colour"}, temp_name("unknown") + ".log");
    CHECK(unknown.code == 2);
    CHECK(unknown.output.find("unknown option --colour") != std::string::npos);
    Exit no_value = run_to_exit({"--token"}, temp_name("novalue") + ".log");
    CHECK(no_value.code == 2);
    CHECK(no_value.output.find("--token needs a value") != std::string::npos);
}

TEST_CASE("CORS origins from --cors-origin (repeatable) and $ACCOUNTS_CORS_ORIGINS (comma-separated)") {
    ::setenv("ACCOUNTS_CORS_ORIGINS", "https://b.example, https://c.example:8443", 1);
    test::ServerProcess s({"--db", ":memory:", "--token", "t", "--cors-origin", "https://a.example/", "--quiet"},
                          temp_name("cors") + ".log");
    ::unsetenv("ACCOUNTS_CORS_ORIGINS");
    auto preflight = [&](const std::string& origin) {
        httplib::Client c("127.0.0.1", s.port());
        auto r = c.Options("/api/accounts/x/", {{"Origin", origin}, {"Access-Control-Request-Method", "PATCH"},
                                                {"Access-Control-Request-Headers", "authorization, if-match"}});
        REQUIRE(r);
        return std::make_pair(r->status, r->get_header_value("Access-Control-Allow-Origin"));
    };
    for (const char* ok : {"https://a.example", "https://b.example", "https://c.example:8443"}) {
        CHECK(preflight(ok) == std::make_pair(204, std::string(ok)));
    }
    for (const char* no : {"https://d.example", "https://c.example", "http://a.example", "https://a.example.evil"}) {
        CHECK(preflight(no) == std::make_pair(403, std::string()));
    }
    const std::string log = s.log();
    CHECK(log.find("CORS allowed for https://a.example\n") != std::string::npos);
    CHECK(log.find("CORS allowed for https://c.example:8443") != std::string::npos);
    std::remove((temp_name("cors") + ".log").c_str());
}

TEST_CASE("binds 127.0.0.1 by default; --listen (and --host) choose the interface") {
    {
        test::ServerProcess s({"--db", ":memory:", "--token", "t", "--quiet"}, temp_name("bind") + ".log");
        CHECK(listening_address(s.port()) == "0100007F");   // 127.0.0.1, as the kernel reports the socket
        CHECK(s.log().find("listening on http://127.0.0.1:") != std::string::npos);
    }
    {
        test::ServerProcess s({"--db", ":memory:", "--token", "t", "--quiet", "--listen", "0.0.0.0"}, temp_name("bind") + ".log");
        CHECK(listening_address(s.port()) == "00000000");
        CHECK(status_with_token(s.port(), "t") == 200);
    }
    {
        test::ServerProcess s({"--db", ":memory:", "--token", "t", "--quiet", "--host", "127.0.0.2"}, temp_name("bind") + ".log");
        CHECK(listening_address(s.port()) == "0200007F");
    }
    std::remove((temp_name("bind") + ".log").c_str());
}

TEST_CASE("clear start-up errors: port in use, a database that is a directory, not a database, or unreachable") {
    // Hold a port with a listening socket of our own.
    int holder = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(::bind(holder, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
    REQUIRE(::listen(holder, 1) == 0);
    socklen_t len = sizeof addr;
    ::getsockname(holder, reinterpret_cast<sockaddr*>(&addr), &len);
    const int busy = ntohs(addr.sin_port);
    Exit in_use = run_to_exit({"--port", std::to_string(busy), "--db", ":memory:", "--token", "t"}, temp_name("busy") + ".log");
    ::close(holder);
    CHECK(in_use.code == 1);
    CHECK(in_use.output.find("cannot listen on 127.0.0.1:" + std::to_string(busy) + " (port in use") != std::string::npos);

    const std::string dir = temp_name("dbdir");
    ::mkdir(dir.c_str(), 0755);
    const std::string garbage = temp_name("garbage") + ".db";
    { std::ofstream(garbage, std::ios::binary) << std::string(8192, 'x'); }
    for (const std::string& db : {dir, garbage, std::string("no/such/dir/accounts.db")}) {
        Exit e = run_to_exit({"--port", "0", "--db", db, "--token", "t"}, temp_name("baddb") + ".log");
        CHECK_MESSAGE(e.code == 1, db << ": " << e.output);
        CHECK_MESSAGE(e.output.find("cannot use database " + db + ": ") != std::string::npos, e.output);
        CHECK(e.output.find("listening") == std::string::npos);
    }
    Exit garbage_run = run_to_exit({"--port", "0", "--db", garbage, "--token", "t"}, temp_name("baddb") + ".log");
    CHECK(garbage_run.output.find("not a database") != std::string::npos);   // SQLite's own words
    CHECK(test::read_text_file(garbage) == std::string(8192, 'x'));          // and the file is left alone
    ::rmdir(dir.c_str());
    std::remove(garbage.c_str());
}

TEST_CASE("graceful shutdown: on SIGTERM or SIGINT a request in flight finishes, new ones are refused, exit 0") {
    for (const int sig : {SIGTERM, SIGINT}) {
        const std::string db = temp_name(sig == SIGTERM ? "term" : "int") + ".db";
        remove_db(db);
        auto s = std::make_unique<test::ServerProcess>(std::vector<std::string>{"--db", db, "--token", "t", "--demo", "5"},
                                                       db + ".log");
        const int port = s->port();
        // A POST whose body arrives in two halves: the signal comes between them.
        const std::string body = json{{"name", "In Flight " + std::to_string(sig)}}.dump();
        const int fd = test::connect_loopback(port);
        REQUIRE(fd >= 0);
        send_all(fd, "POST /api/accounts/ HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer t\r\nContent-Type: "
                     "application/json\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" +
                         body.substr(0, 5));
        std::this_thread::sleep_for(std::chrono::milliseconds(300));   // the server is reading the body now
        ::kill(s->pid(), sig);
        // The listener closes promptly: new connections are refused while the old request is still open.
        bool refused = false;
        for (int i = 0; i < 200 && !refused; ++i) {
            const int other = test::connect_loopback(port);
            refused = other < 0;
            if (other >= 0) ::close(other);
            else break;
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
        CHECK(refused);
        int status = 0;
        CHECK(::waitpid(s->pid(), &status, WNOHANG) == 0);   // still running: it waits for the request
        send_all(fd, body.substr(5));
        const std::string reply = read_reply(fd, 10000);
        ::close(fd);
        CHECK_MESSAGE(reply.rfind("HTTP/1.1 201", 0) == 0, reply);
        CHECK(reply.find("In Flight") != std::string::npos);
        CHECK(s->terminate() == 0);   // already stopping: collects the exit status
        const std::string log = test::read_text_file(db + ".log");
        CHECK(log.find(sig == SIGTERM ? "SIGTERM, finishing in-flight requests" : "SIGINT, finishing in-flight requests") !=
              std::string::npos);
        CHECK(log.find("accounts-server: stopped") != std::string::npos);
        CHECK(log.find("POST /api/accounts/ 201") != std::string::npos);   // the access log has it
        s.reset();
        test::SqliteFile file(db);
        CHECK(file.scalar("SELECT COUNT(*) FROM accounts WHERE name = 'In Flight " + std::to_string(sig) + "'") == "1");
        remove_db(db);
        std::remove((db + ".log").c_str());
    }
}

TEST_CASE("every flag of --help is documented in the README, and scripts/run.sh passes its flags on") {
    Exit help = run_to_exit({"--help"}, temp_name("help") + ".log");
    CHECK(help.code == 0);
    std::set<std::string> flags;
    const std::regex flag(R"(--[a-z][a-z-]+)");
    for (std::sregex_iterator it(help.output.begin(), help.output.end(), flag), end; it != end; ++it) flags.insert(it->str());
    CHECK(flags.size() >= 12);
    const std::string readme = test::read_text_file(std::string(CRM_SOURCE_DIR) + "/README.md");
    REQUIRE_FALSE(readme.empty());
    for (const std::string& f : flags) CHECK_MESSAGE(readme.find("`" + f) != std::string::npos, f << " is not in README.md");
    // run.sh: the flags it accepts reach the server's command line (--port/--token/--demo/--db/--host).
    const std::string run = test::read_text_file(std::string(CRM_SOURCE_DIR) + "/scripts/run.sh");
    const size_t exec_at = run.find("exec build/native/src/server/accounts-server");
    REQUIRE(exec_at != std::string::npos);
    const std::string exec_line = run.substr(exec_at);
    for (const char* f : {"--port \"$port\"", "--token \"$token\"", "--demo \"$demo\"", "--db \"$db\"", "--host \"$host\""}) {
        CHECK_MESSAGE(exec_line.find(f) != std::string::npos, f);
    }
    for (const char* f : {"--port) port=\"$2\"", "--token) token=\"$2\"", "--demo) demo=\"$2\"", "--db) db=\"$2\""}) {
        CHECK_MESSAGE(run.find(f) != std::string::npos, f);
    }
}
