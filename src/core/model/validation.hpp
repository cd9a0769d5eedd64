// validation.hpp: the rules for writing an account, shared by the console (inline form errors) and
// the reference server (400 responses), so both reject the same input with the same message.
// Pure: no I/O, never throws. Messages follow Django REST Framework's wording.
#pragma once
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace crm::core {

enum class WriteMode { Create, Patch };   // Patch: only the fields present are checked

// field -> messages; nested fields use dotted paths ("billingAddress.country", "tags.2").
using FieldErrors = std::map<std::string, std::vector<std::string>>;

inline constexpr size_t kMaxNameLength = 255;
inline constexpr size_t kMaxTagLength = 50;
inline constexpr size_t kMaxTags = 20;

// A request body (or a draft rendered as one). Not an object -> {"non_field_errors": [...]}.
// Unknown and read-only fields are ignored. Does not check that assignedTo is a known user.
FieldErrors validate_account_write(const nlohmann::json& body, WriteMode mode);

// Single-field checks for inline validation while typing; nullopt = valid.
std::optional<std::string> validate_name(std::string_view name);          // required, trimmed non-blank, <= 255
std::optional<std::string> validate_website(std::string_view url);        // "" or absolute http(s) URL
std::optional<std::string> validate_phone(std::string_view phone);        // "" or E.164: + and 8..15 digits
std::optional<std::string> validate_country(std::string_view code);       // "" or ISO 3166-1 alpha-2
std::optional<std::string> validate_tag(std::string_view tag);            // non-blank, <= 50
std::optional<std::string> validate_annual_revenue(double value);         // finite and >= 0

bool is_iso_country_code(std::string_view code);                          // "US", "DE", ...
const std::vector<std::string>& iso_country_codes();                      // all 249, sorted

nlohmann::json field_errors_to_drf(const FieldErrors& errors);            // dotted paths -> nested objects

}  // namespace crm::core
