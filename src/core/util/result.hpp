// result.hpp: Result<T> and Error with stable codes. Pure: no I/O, no ImGui, never throws.
#pragma once
#include <map>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace crm::core {

// An error the user can read and a test can assert: `code` is stable (e.g. "api.bad_json"),
// `message` is for people. `field_errors` holds DRF field errors flattened to dotted paths
// ("billingAddress.country" -> ["..."]).
struct Error {
    std::string code;                                              // stable id, asserted by tests
    std::string message;                                           // human-readable, shown in the UI
    int http_status = 0;                                           // 0 when no HTTP response
    std::map<std::string, std::vector<std::string>> field_errors;  // DRF shape, flattened
};

template <typename T>
class Result {
public:
    Result(T value) : v_(std::move(value)) {}             // NOLINT: implicit by design
    Result(Error error) : v_(std::move(error)) {}         // NOLINT: implicit by design

    bool ok() const { return v_.index() == 0; }
    explicit operator bool() const { return ok(); }
    const T& value() const { return std::get<0>(v_); }     // precondition: ok()
    T& value() { return std::get<0>(v_); }                 // precondition: ok()
    const Error& error() const { return std::get<1>(v_); } // precondition: !ok()

private:
    std::variant<T, Error> v_;
};

inline Error make_error(std::string code, std::string message, int http_status = 0) {
    Error e;
    e.code = std::move(code);
    e.message = std::move(message);
    e.http_status = http_status;
    return e;
}

}  // namespace crm::core
