// demo_data.cpp: deterministic demo data; names and values come from small tables below.
#include "server/demo_data.hpp"

#include <algorithm>
#include <ctime>
#include <string>
#include <vector>

namespace crm::server {

namespace {

struct Rng {
    uint64_t s;
    uint64_t next() {   // xorshift64*
        s ^= s >> 12;
        s ^= s << 25;
        s ^= s >> 27;
        return s * 2685821657736338717ULL;
    }
    size_t pick(size_t n) { return static_cast<size_t>(next() % n); }
};

const char* const kFirstWords[] = {"Acme", "Globex", "Initech", "Umbrella", "Stark", "Wayne", "Hooli", "Vandelay",
                                   "Soylent", "Tyrell", "Cyberdyne", "Aperture", "Wonka", "Gringotts", "Nakatomi",
                                   "Oscorp", "Pied Piper", "Blue Sun", "Black Mesa", "Müller", "Nordwind", "Zenith",
                                   "Quantum", "Lumen", "Polaris", "Sierra", "Atlas", "Orion", "Vertex", "Helix",
                                   "Łódź", "Ørsted", "São Paulo", "Crème", "Ελληνική", "Москва", "Çelik", "Årdal"};
const char* const kSecondWords[] = {"Systems", "Labs", "Industries", "Analytics", "Logistics", "Foods", "Energy",
                                    "Robotics", "Health", "Capital", "Media", "Motors", "Software", "Networks",
                                    "Bio", "Partners", "Works", "Dynamics", "Cloud", "Retail"};
const char* const kSuffixes[] = {"Inc", "LLC", "GmbH", "Ltd", "Corp", "SA", "AG", "BV"};
const char* const kIndustries[] = {"Software", "Manufacturing", "FinTech", "Healthcare", "Retail", "Logistics",
                                   "Energy", "Media", "Education", "Biotech"};
const char* const kSizes[] = {"1-10", "11-50", "51-200", "201-500", "501-1000", "1001-5000", "5000+"};
const char* const kStageValues[] = {"prospect", "active", "customer", "partner", "churned"};
const char* const kCities[][3] = {{"San Francisco", "CA", "US"}, {"Berlin", "", "DE"}, {"London", "", "GB"},
                                  {"Paris", "", "FR"},          {"Austin", "TX", "US"}, {"Tokyo", "", "JP"},
                                  {"Łódź", "", "PL"},           {"São Paulo", "SP", "BR"}, {"Athens", "", "GR"},
                                  {"Toronto", "ON", "CA"},      {"Sydney", "NSW", "AU"}, {"Zürich", "", "CH"}};
const char* const kFirstNames[] = {"Alex", "Sam", "Jordan", "Taylor", "Morgan", "Priya", "Chen", "Fatima", "Lars",
                                   "Elena", "Kofi", "Yuki"};
const char* const kLastNames[] = {"Johnson", "Smith", "Garcia", "Müller", "Nguyen", "Okafor", "Rossi", "Kowalski",
                                  "Tanaka", "Silva"};
const char* const kTitles[] = {"CEO", "CTO", "VP of Engineering", "Head of Sales", "Buyer", "Office Manager"};
const User kUsers[] = {
    {"usr_01HX0000000000000000000001", "Alex Johnson", "alex.johnson@example.com"},
    {"usr_01HX0000000000000000000002", "Maria Garcia", "maria.garcia@example.com"},
    {"usr_01HX0000000000000000000003", "Wei Chen", "wei.chen@example.com"},
    {"usr_01HX0000000000000000000004", "Amara Okafor", "amara.okafor@example.com"},
    {"usr_01HX0000000000000000000005", "Jonas Weber", "jonas.weber@example.com"},
    {"usr_01HX0000000000000000000006", "Zofia Łukasiewicz", "zofia.lukasiewicz@example.com"},
    {"usr_01HX0000000000000000000007", "Søren Østergaard", "soren.ostergaard@example.com"},
};

template <size_t N>
const char* pick(Rng& r, const char* const (&arr)[N]) {
    return arr[r.pick(N)];
}

// ULID-shaped id: 10 chars of time, 16 of randomness, Crockford base32.
std::string make_id(const char* prefix, uint64_t millis, Rng& r) {
    static const char* kAlphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    std::string out(prefix);
    for (int i = 9; i >= 0; --i) out += kAlphabet[(millis >> (i * 5)) & 31];
    uint64_t a = r.next(), b = r.next();
    for (int i = 0; i < 16; ++i) out += kAlphabet[(i < 12 ? a >> (i * 5) : b >> ((i - 12) * 5)) & 31];
    return out;
}

std::string rfc3339(int64_t epoch_seconds) {
    std::time_t t = static_cast<std::time_t>(epoch_seconds);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

// ASCII slug for host names and e-mail addresses: common Latin letters transliterated, the rest dropped.
std::string slug(const std::string& s) {
    static const struct {
        const char* from;
        const char* to;
    } kTranslit[] = {{"ü", "u"}, {"ö", "o"}, {"ä", "a"}, {"ß", "ss"}, {"Ł", "l"}, {"ł", "l"}, {"ó", "o"}, {"ź", "z"},
                     {"Ø", "o"}, {"ø", "o"}, {"ã", "a"}, {"è", "e"}, {"é", "e"}, {"Ç", "c"}, {"ç", "c"}, {"Å", "a"},
                     {"å", "a"}};
    std::string out;
    for (size_t i = 0; i < s.size();) {
        unsigned char c = static_cast<unsigned char>(s[i]);
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
            out += static_cast<char>(c);
            ++i;
            continue;
        }
        if (c >= 'A' && c <= 'Z') {
            out += static_cast<char>(c - 'A' + 'a');
            ++i;
            continue;
        }
        bool done = false;
        for (const auto& t : kTranslit) {
            size_t n = std::char_traits<char>::length(t.from);
            if (s.compare(i, n, t.from) == 0) {
                out += t.to;
                i += n;
                done = true;
                break;
            }
        }
        if (!done) ++i;
    }
    return out;
}

}  // namespace

int64_t seed_demo_data(Store& store, int64_t count) {
    if (count <= 0 || store.count_accounts() > 0) return 0;
    Rng r{0x9E3779B97F4A7C15ULL};
    const int64_t kEpoch = 1735689600;         // 2025-01-01T00:00:00Z: fixed, so the data is reproducible
    const int64_t kSpan = 700 * 86400;         // accounts were created over the 700 days before kEpoch
    const int64_t step_ms = std::max<int64_t>(1, kSpan * 1000 / count);
    store.begin();
    for (const User& u : kUsers) store.insert_user(u);
    for (int64_t i = 0; i < count; ++i) {
        core::Account a;
        // Creation times rise with i (spread over 700 days), so ULID-shaped ids arrive in key order:
        // the id indexes are appended to rather than split at random (1M accounts load far faster).
        const int64_t created_ms = (kEpoch - kSpan) * 1000 + i * step_ms + static_cast<int64_t>(r.pick(static_cast<size_t>(step_ms)));
        const int64_t created = created_ms / 1000;
        int64_t updated = created + static_cast<int64_t>(r.pick(300 * 86400));
        a.id = make_id("acc_", static_cast<uint64_t>(created_ms), r);
        std::string first = pick(r, kFirstWords), second = pick(r, kSecondWords);
        a.name = first + " " + second + " " + pick(r, kSuffixes);
        if (i >= static_cast<int64_t>(sizeof kFirstWords / sizeof *kFirstWords)) a.name += " " + std::to_string(i);
        std::string host = slug(first).empty() ? "co" + std::to_string(i) : slug(first);
        a.website = r.pick(10) == 0 ? "" : "https://" + host + slug(second) + ".example.com";
        a.industry = pick(r, kIndustries);
        a.company_size = pick(r, kSizes);
        if (r.pick(5) != 0) a.annual_revenue = static_cast<double>(r.pick(500) + 1) * 100000.0;
        a.stage = pick(r, kStageValues);
        a.phone = "+1555" + std::to_string(1000000 + r.pick(9000000));
        const auto& city = kCities[r.pick(sizeof kCities / sizeof *kCities)];
        a.billing_address = core::BillingAddress{std::to_string(1 + r.pick(999)) + " Main St", city[0], city[1],
                                                 std::to_string(10000 + r.pick(89999)), city[2]};
        if (r.pick(8) != 0) a.assigned_to = kUsers[r.pick(sizeof kUsers / sizeof *kUsers)].id;
        if (r.pick(2) == 0) a.tags = {"enterprise"};
        if (r.pick(3) == 0) a.tags.push_back("saas");
        a.description = "Demo account " + std::to_string(i + 1) + ".";
        a.created_at = rfc3339(created);
        a.updated_at = rfc3339(updated);
        // Related records first, so the account goes in with its counts (no recount pass at commit).
        struct Related {
            std::string id, a, b, c;
            bool open = false;
        };
        std::vector<Related> contacts, opps, cases;
        contacts.resize(r.pick(8) == 0 ? r.pick(13) : r.pick(5));   // 0-12, mostly 0-4
        for (Related& c : contacts) {
            c.a = pick(r, kFirstNames);
            c.b = pick(r, kLastNames);
            c.id = make_id("cnt_", static_cast<uint64_t>(created_ms), r);
            c.c = pick(r, kTitles);
        }
        opps.resize(r.pick(4));
        for (size_t o = 0; o < opps.size(); ++o) {
            opps[o] = Related{make_id("opp_", static_cast<uint64_t>(created_ms), r), "Deal " + std::to_string(o + 1), "", "", false};
            opps[o].open = r.pick(3) != 0;
        }
        cases.resize(r.pick(3));
        for (size_t c = 0; c < cases.size(); ++c) {
            cases[c] = Related{make_id("cas_", static_cast<uint64_t>(created_ms), r), "Case " + std::to_string(c + 1), "", "", false};
            cases[c].open = r.pick(2) == 0;
        }
        a.contact_count = static_cast<int64_t>(contacts.size());
        a.open_opportunity_count = std::count_if(opps.begin(), opps.end(), [](const Related& o) { return o.open; });
        store.insert_account_counted(a);
        const std::string domain = a.website.empty() ? "example.com" : host + ".example.com";
        for (const Related& c : contacts) {
            store.insert_contact(c.id, a.id, c.a, c.b, slug(c.a) + "." + slug(c.b) + "@" + domain, c.c, a.stage);
        }
        for (const Related& o : opps) store.insert_opportunity(o.id, a.id, o.a, o.open);
        for (const Related& c : cases) store.insert_case(c.id, a.id, c.a, c.open);
    }
    store.commit();
    return count;
}

}  // namespace crm::server
