// server_process.hpp: runs the real accounts-server executable ($CRM_SERVER_BIN) as a child process for
// hardening tests (kill -9, access log); it must not be used where an in-process server is enough.
#pragma once
#include <httplib.h>
#include <fcntl.h>
#include <signal.h>
#include <sqlite3.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace crm::test {

// The executable under test. Without it every test that needs it fails (never passes unrun).
inline std::string server_binary() {
    const char* bin = std::getenv("CRM_SERVER_BIN");
    if (!bin || !*bin) {
        throw std::runtime_error("CRM_SERVER_BIN is not set: run these tests through ctest, which points it at the "
                                 "built accounts-server");
    }
    return bin;
}

// A TCP connection to 127.0.0.1:`port`, or -1 (the caller closes it).
inline int connect_loopback(int port) {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
        ::close(fd);
        return -1;
    }
    return fd;
}

inline std::string read_text_file(const std::string& path) {
    std::ifstream f(path, std::ios::binary);
    std::stringstream ss;
    ss << f.rdbuf();
    return ss.str();
}

// Starts `all` (all[0] is the program) with stdout and stderr appended to `log_path`; returns the pid.
// Everything the child needs is prepared before fork (only async-signal-safe calls after it).
inline pid_t spawn_logged(std::vector<std::string> all, const std::string& log_path) {
    std::vector<char*> argv;
    for (auto& a : all) argv.push_back(a.data());
    argv.push_back(nullptr);
    const pid_t pid = ::fork();
    if (pid < 0) throw std::runtime_error("fork failed");
    if (pid == 0) {
        const int log = ::open(log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
        if (log >= 0) {
            ::dup2(log, 1);
            ::dup2(log, 2);
        }
        ::execv(argv[0], argv.data());
        ::_exit(127);
    }
    return pid;
}

// One accounts-server process on a free loopback port; stdout/stderr go to `log_path`.
class ServerProcess {
public:
    ServerProcess(const std::vector<std::string>& args, std::string log_path) : log_path_(std::move(log_path)) {
        const std::string bin = server_binary();
        std::remove(log_path_.c_str());
        std::vector<std::string> all = {bin, "--port", "0"};
        all.insert(all.end(), args.begin(), args.end());
        pid_ = spawn_logged(std::move(all), log_path_);
        // Wait for "listening on http://127.0.0.1:PORT/".
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
        while (std::chrono::steady_clock::now() < deadline) {
            const std::string log = read_text_file(log_path_);
            const size_t at = log.find("listening on http://");
            if (at != std::string::npos) {
                const size_t colon = log.find(':', at + 20);
                if (colon != std::string::npos) {
                    port_ = std::atoi(log.c_str() + colon + 1);
                    if (port_ > 0) return;
                }
            }
            int status = 0;
            if (::waitpid(pid_, &status, WNOHANG) == pid_) {
                pid_ = -1;
                throw std::runtime_error("server exited early: " + log);
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
        kill_hard();
        throw std::runtime_error("server did not start: " + read_text_file(log_path_));
    }
    ~ServerProcess() {
        if (pid_ > 0) kill_hard();
    }
    ServerProcess(const ServerProcess&) = delete;
    ServerProcess& operator=(const ServerProcess&) = delete;

    int port() const { return port_; }
    pid_t pid() const { return pid_; }
    std::string log() const { return read_text_file(log_path_); }

    void kill_hard() { signal_and_wait(SIGKILL); }
    // SIGTERM (graceful); returns the exit status, or -1.
    int terminate() { return signal_and_wait(SIGTERM); }

private:
    int signal_and_wait(int sig) {
        if (pid_ <= 0) return -1;
        ::kill(pid_, sig);
        int status = 0;
        ::waitpid(pid_, &status, 0);
        pid_ = -1;
        return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    }
    std::string log_path_;
    pid_t pid_ = -1;
    int port_ = -1;
};

// A direct SQLite connection to a database file (read-write: WAL recovery after a kill needs it).
class SqliteFile {
public:
    explicit SqliteFile(const std::string& path) {
        if (sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK)
            throw std::runtime_error("cannot open " + path);
        sqlite3_busy_timeout(db_, 5000);
    }
    ~SqliteFile() { sqlite3_close(db_); }
    SqliteFile(const SqliteFile&) = delete;
    SqliteFile& operator=(const SqliteFile&) = delete;

    // Every row of a query, each column as text ("" for NULL).
    std::vector<std::vector<std::string>> rows(const std::string& sql) {
        sqlite3_stmt* st = nullptr;
        if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &st, nullptr) != SQLITE_OK)
            throw std::runtime_error(std::string("prepare failed: ") + sqlite3_errmsg(db_));
        std::vector<std::vector<std::string>> out;
        int rc = 0;
        while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
            std::vector<std::string> row;
            for (int i = 0; i < sqlite3_column_count(st); ++i) {
                const unsigned char* t = sqlite3_column_text(st, i);
                row.emplace_back(t ? reinterpret_cast<const char*>(t) : "");
            }
            out.push_back(std::move(row));
        }
        sqlite3_finalize(st);
        if (rc != SQLITE_DONE) throw std::runtime_error(std::string("step failed: ") + sqlite3_errmsg(db_));
        return out;
    }
    std::string scalar(const std::string& sql) {
        auto r = rows(sql);
        return r.empty() || r[0].empty() ? "" : r[0][0];
    }

private:
    sqlite3* db_ = nullptr;
};

}  // namespace crm::test
