// validation.cpp: account write rules shared by console and server. Pure: no I/O, never throws.
#include "core/model/validation.hpp"

#include <cmath>

#include "core/model/account.hpp"
#include "core/util/text.hpp"

namespace crm::core {

namespace {

using nlohmann::json;

constexpr const char* kRequired = "This field is required.";
constexpr const char* kBlank = "This field may not be blank.";
constexpr const char* kNotString = "Not a valid string.";

// ISO 3166-1 alpha-2, officially assigned codes.
constexpr std::string_view kCountryCodes =
    "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ "
    "CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO "
    "FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE "
    "JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO "
    "MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW "
    "PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM "
    "TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW";

// Length in code points, so that "Müller" counts 6, as Python (DRF) does.
size_t utf8_length(std::string_view s) {
    size_t n = 0;
    for (unsigned char c : s) n += (c & 0xC0) != 0x80;
    return n;
}

std::string max_length_message(size_t n) {
    return "Ensure this field has no more than " + std::to_string(n) + " characters.";
}

void add(FieldErrors& e, const std::string& field, std::string message) { e[field].push_back(std::move(message)); }

// Checks an optional string field with a single-value validator.
void check_string(const json& body, const char* field, FieldErrors& e,
                  std::optional<std::string> (*validator)(std::string_view)) {
    auto it = body.find(field);
    if (it == body.end() || it->is_null()) return;
    if (!it->is_string()) return add(e, field, kNotString);
    if (validator) {
        if (auto msg = validator(it->get_ref<const std::string&>())) add(e, field, *msg);
    }
}

}  // namespace

std::optional<std::string> validate_name(std::string_view name) {
    std::string_view t = trim(name);
    if (t.empty()) return std::string(kBlank);
    if (utf8_length(t) > kMaxNameLength) return max_length_message(kMaxNameLength);
    return std::nullopt;
}

std::optional<std::string> validate_website(std::string_view url) {
    if (url.empty()) return std::nullopt;
    std::string_view rest;
    if (url.substr(0, 7) == "http://") rest = url.substr(7);
    else if (url.substr(0, 8) == "https://") rest = url.substr(8);
    else return std::string("Enter a valid URL.");
    std::string_view host = rest.substr(0, rest.find_first_of("/?#"));
    bool ok = !host.empty() && host.find(' ') == std::string_view::npos && host.front() != '.' && host.back() != '.' &&
              rest.find_first_of(" \t\n") == std::string_view::npos &&
              (host.find('.') != std::string_view::npos || host.substr(0, 9) == "localhost");
    return ok ? std::nullopt : std::optional<std::string>("Enter a valid URL.");
}

std::optional<std::string> validate_phone(std::string_view phone) {
    if (phone.empty()) return std::nullopt;
    bool ok = phone.size() >= 9 && phone.size() <= 16 && phone[0] == '+' && phone[1] != '0';
    for (size_t i = 1; ok && i < phone.size(); ++i) ok = phone[i] >= '0' && phone[i] <= '9';
    if (ok) return std::nullopt;
    return std::string("Enter a valid phone number in E.164 format, e.g. +15551234567.");
}

bool is_iso_country_code(std::string_view code) {
    if (code.size() != 2) return false;
    for (size_t i = 0; i + 1 < kCountryCodes.size(); i += 3) {
        if (kCountryCodes.substr(i, 2) == code) return true;
    }
    return false;
}

const std::vector<std::string>& iso_country_codes() {
    static const std::vector<std::string> codes = [] {
        std::vector<std::string> v;
        for (size_t i = 0; i + 1 < kCountryCodes.size(); i += 3) v.emplace_back(kCountryCodes.substr(i, 2));
        return v;
    }();
    return codes;
}

std::optional<std::string> validate_country(std::string_view code) {
    if (code.empty() || is_iso_country_code(code)) return std::nullopt;
    return std::string("Enter a valid ISO 3166-1 alpha-2 country code, e.g. US.");
}

std::optional<std::string> validate_tag(std::string_view tag) {
    if (trim(tag).empty()) return std::string(kBlank);
    if (utf8_length(tag) > kMaxTagLength) return max_length_message(kMaxTagLength);
    return std::nullopt;
}

std::optional<std::string> validate_annual_revenue(double value) {
    if (!std::isfinite(value)) return std::string("A valid number is required.");
    if (value < 0) return std::string("Ensure this value is greater than or equal to 0.");
    return std::nullopt;
}

FieldErrors validate_account_write(const json& body, WriteMode mode) {
    FieldErrors e;
    if (!body.is_object()) {
        add(e, "non_field_errors", "Invalid data. Expected a dictionary.");
        return e;
    }
    if (auto it = body.find("name"); it == body.end()) {
        if (mode == WriteMode::Create) add(e, "name", kRequired);
    } else if (it->is_null()) {
        add(e, "name", "This field may not be null.");
    } else if (!it->is_string()) {
        add(e, "name", kNotString);
    } else if (auto msg = validate_name(it->get_ref<const std::string&>())) {
        add(e, "name", *msg);
    }
    check_string(body, "website", e, validate_website);
    check_string(body, "phone", e, validate_phone);
    check_string(body, "industry", e, nullptr);
    check_string(body, "companySize", e, nullptr);
    check_string(body, "description", e, nullptr);
    if (auto it = body.find("stage"); it != body.end() && !it->is_null()) {
        if (!it->is_string() || !find_stage(it->get_ref<const std::string&>())) {
            add(e, "stage", "\"" + (it->is_string() ? it->get<std::string>() : it->dump()) + "\" is not a valid choice.");
        }
    }
    if (auto it = body.find("annualRevenue"); it != body.end() && !it->is_null()) {
        if (!it->is_number()) add(e, "annualRevenue", "A valid number is required.");
        else if (auto msg = validate_annual_revenue(it->get<double>())) add(e, "annualRevenue", *msg);
    }
    if (auto it = body.find("assignedTo"); it != body.end() && !it->is_null() && !it->is_string()) {
        add(e, "assignedTo", "Incorrect type. Expected a user id string.");
    }
    if (auto it = body.find("tags"); it != body.end() && !it->is_null()) {
        if (!it->is_array()) {
            add(e, "tags", "Expected a list of items.");
        } else {
            if (it->size() > kMaxTags) add(e, "tags", "Ensure this field has no more than 20 elements.");
            for (size_t i = 0; i < it->size(); ++i) {
                const json& t = (*it)[i];
                std::string key = "tags." + std::to_string(i);
                if (!t.is_string()) add(e, key, kNotString);
                else if (auto msg = validate_tag(t.get_ref<const std::string&>())) add(e, key, *msg);
            }
        }
    }
    if (auto it = body.find("billingAddress"); it != body.end() && !it->is_null()) {
        if (!it->is_object()) {
            add(e, "billingAddress", "Expected an object.");
        } else {
            for (const char* f : {"street", "city", "state", "postalCode", "country"}) {
                auto sub = it->find(f);
                if (sub == it->end() || sub->is_null()) continue;
                std::string key = std::string("billingAddress.") + f;
                if (!sub->is_string()) add(e, key, kNotString);
                else if (std::string_view(f) == "country") {
                    if (auto msg = validate_country(sub->get_ref<const std::string&>())) add(e, key, *msg);
                }
            }
        }
    }
    return e;
}

json field_errors_to_drf(const FieldErrors& errors) {
    json out = json::object();
    for (const auto& [path, messages] : errors) {
        json* node = &out;
        std::string_view rest = path;
        for (size_t dot; (dot = rest.find('.')) != std::string_view::npos; rest.remove_prefix(dot + 1)) {
            json& child = (*node)[std::string(rest.substr(0, dot))];
            if (!child.is_object()) child = json::object();
            node = &child;
        }
        json& leaf = (*node)[std::string(rest)];
        if (!leaf.is_array()) leaf = json::array();
        for (const auto& m : messages) leaf.push_back(m);
    }
    return out;
}

}  // namespace crm::core
