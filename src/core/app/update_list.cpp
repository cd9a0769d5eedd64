// update_list.cpp: the accounts list's rules. Pure: no I/O, no ImGui, no clock.
#include "core/app/update_list.hpp"

#include <algorithm>
#include <set>

#include "core/app/list_format.hpp"
#include "core/app/update_auth.hpp"
#include "core/app/update_dashboard.hpp"
#include "core/util/url.hpp"

namespace crm::core {

namespace {

// The query the stage counts depend on: everything but stage, page, limit and ordering.
AccountQuery counts_query(const AccountQuery& q) {
    AccountQuery c = q;
    c.stage.clear();
    c.page = 1;
    c.limit = 1;
    c.ordering.clear();
    return c;
}

void push_url(AppModel& m, Effects& fx) { fx.push_back(SetUrl{route_to_hash(current_route(m)), true}); }

// Stage chips: one limit=1 request per stage (+ all) whenever the other filters change.
void refresh_stage_counts(AppModel& m, Effects& fx) {
    StageCounts& sc = m.stage_counts;
    const AccountQuery base = counts_query(m.list.query);
    const std::string key = page_cache_key(base);
    const bool all_known = std::all_of(sc.counts.begin(), sc.counts.end(), [](const auto& c) { return c.has_value(); });
    if (sc.filter_key == key && (all_known || !sc.pending.empty())) return;
    sc.filter_key = key;
    auto cached = sc.cache.find(key);
    if (cached != sc.cache.end()) sc.counts = cached->second;    // shown at once, then revalidated
    else sc.counts.fill(std::nullopt);
    for (int i = 0; i < 6; ++i) {
        AccountQuery q = base;
        if (i > 0) q.stage = kStages[i - 1].value;
        const uint64_t seq = m.next_seq++;
        sc.pending[seq] = {key, i};
        fx.push_back(SendRequest{seq, RequestKind::StageCount, make_list_accounts_request(m.api, q)});
    }
}

}  // namespace

void ensure_users(AppModel& m, Effects& fx) {
    if (m.users.status != UsersStatus::Idle && m.users.status != UsersStatus::Failed) return;
    m.users.status = UsersStatus::Loading;
    m.users.seq = m.next_seq++;
    fx.push_back(SendRequest{m.users.seq, RequestKind::UserDirectory, make_user_directory_request(m.api)});
}

namespace {

void remember_industries(AccountsListState& list, const Page<Account>& page) {
    for (const Account& a : page.results) {
        if (!a.industry.empty() && list.industries_seen.size() < 200) list.industries_seen.insert(a.industry);
    }
}

// The next page is fetched in the background once a page is shown, unless it is cached already.
void prefetch_next(AppModel& m, Effects& fx) {
    if (m.list.page.next.empty()) return;
    AccountQuery q = m.list.query;
    q.page += 1;
    const std::string key = page_cache_key(q);
    if (m.list.cache.contains(key) || (m.list.prefetch_seq != 0 && m.list.prefetch_key == key)) return;
    m.list.prefetch_seq = m.next_seq++;
    m.list.prefetch_key = key;
    fx.push_back(SendRequest{m.list.prefetch_seq, RequestKind::PrefetchAccounts, make_list_accounts_request(m.api, q)});
}

// A new query from the user: page 1 unless set, URL pushed, rows loaded.
void apply_query(AppModel& m, Effects& fx, AccountQuery q) {
    if (q == m.list.query && m.list.status != LoadStatus::Failed) return;
    m.list.query = std::move(q);
    push_url(m, fx);
    // On the dashboard the filters change its charts; the list loads when it is shown (ShowList).
    if (m.auth == AuthStatus::SignedIn && m.screen == Screen::List) load_accounts(m, fx);
}

void sync_search_draft(AccountsListState& list) {
    list.search_draft = list.query.search;
    list.search_due_ms = 0;
}

}  // namespace

bool list_has_filters(const AccountQuery& q) { return has_filters(q); }

int list_last_page(const AccountsListState& list) { return last_page(list.page.count, list.query.limit); }

std::string user_display_name(const AppModel& m, const std::string& user_id) {
    if (user_id.empty()) return "";
    for (const User& u : m.users.users) {
        if (u.id == user_id) return display_name(u);
    }
    return user_id;
}

void invalidate_list_cache(AppModel& m) {
    m.list.cache.clear();
    m.list.prefetch_seq = 0;
    m.list.prefetch_key.clear();
    m.stage_counts.cache.clear();
    m.stage_counts.filter_key.clear();
    invalidate_dashboard(m);
}

void load_accounts(AppModel& m, Effects& fx) {
    uint64_t seq = m.next_seq++;
    m.list.in_flight_seq = seq;        // any older in-flight response becomes stale
    m.list.status = LoadStatus::Loading;
    m.list.from_cache = false;
    if (const Page<Account>* cached = m.list.cache.find(page_cache_key(m.list.query))) {
        m.list.page = *cached;         // stale-while-revalidate: shown now, replaced when the answer comes
        m.list.from_cache = true;
    }
    fx.push_back(SendRequest{seq, RequestKind::ListAccounts, make_list_accounts_request(m.api, m.list.query)});
    refresh_stage_counts(m, fx);
    ensure_users(m, fx);
}

void handle(AppModel& m, const UrlChanged& msg, Effects& fx) {
    Route r = parse_hash(msg.hash);
    const Screen was = m.screen;
    m.screen = r.screen;
    if (r.screen == Screen::Dashboard) {
        // The dashboard's hash holds the filters only: page size and ordering stay the list's.
        AccountQuery q = m.list.query;
        for (const AccountFilter& f : kAccountFilters) q.*f.member = r.query.*f.member;
        if (!(q == m.list.query)) q.page = 1;
        if (q == m.list.query) return;
        m.list.query = q;
        sync_search_draft(m.list);
        return;
    }
    m.selected_id = r.account_id;
    if (r.query == m.list.query) {
        if (was == Screen::Dashboard && m.auth == AuthStatus::SignedIn) load_accounts(m, fx);   // back to the list
        return;
    }
    m.list.query = r.query;
    sync_search_draft(m.list);
    if (m.auth == AuthStatus::SignedIn) load_accounts(m, fx);
}

void handle(AppModel& m, const SelectAccount& msg, Effects& fx) {
    if (!msg.id.empty()) m.list.cursor_id = msg.id;
    if (m.selected_id == msg.id) return;
    m.selected_id = msg.id;
    fx.push_back(SetUrl{route_to_hash(current_route(m)), true});
}

void handle(AppModel& m, const ReloadAccounts&, Effects& fx) {
    if (m.auth != AuthStatus::SignedIn) return;
    m.stage_counts.filter_key.clear();          // a reload refreshes the counts too
    load_accounts(m, fx);
}

void handle(AppModel& m, const SetPage& msg, Effects& fx) {
    int page = std::max(1, msg.page);
    if (m.list.status == LoadStatus::Loaded || m.list.from_cache) page = std::min(page, list_last_page(m.list));
    if (page == m.list.query.page && m.list.status != LoadStatus::Failed) return;
    m.list.query.page = page;
    push_url(m, fx);
    load_accounts(m, fx);
}

void handle(AppModel& m, const AccountsLoaded& msg, Effects& fx) {
    if (msg.seq != m.list.in_flight_seq) return;  // stale: an older query answered late
    m.list.in_flight_seq = 0;
    m.list.from_cache = false;
    Result<Page<Account>> page = parse_list_accounts_response(msg.response);
    if (page) {
        m.list.page = std::move(page.value());
        m.list.status = LoadStatus::Loaded;
        m.list.error.reset();
        m.list.cache.put(page_cache_key(m.list.query), m.list.page);
        remember_industries(m.list, m.list.page);
        // The shown page's count is the freshest count there is for its stage.
        if (page_cache_key(counts_query(m.list.query)) == m.stage_counts.filter_key) {
            int index = 0;
            for (int i = 0; i < 5; ++i) {
                if (m.list.query.stage == kStages[i].value) index = i + 1;
            }
            if (index > 0 || m.list.query.stage.empty()) m.stage_counts.counts[index] = m.list.page.count;
        }
        prefetch_next(m, fx);
        return;
    }
    if (page.error().code == "api.unauthorized") {
        fx.push_back(StoreToken{""});
        sign_out_with(m, fx, page.error().message);   // the query stays: signing in again reloads it
        return;
    }
    if (page.error().code == "api.http_404" && m.list.query.page > 1) {
        // "Invalid page." (a deep link past the end, or rows deleted meanwhile): go to page 1.
        m.list.query.page = 1;
        fx.push_back(SetUrl{route_to_hash(current_route(m)), false});
        load_accounts(m, fx);
        return;
    }
    m.list.status = LoadStatus::Failed;
    m.list.error = page.error();
}

void handle(AppModel& m, const Tick& msg, Effects&) {
    m.clock_ms = msg.now_ms;
    if (msg.now_unix != 0) m.now_unix = msg.now_unix;
}

void handle(AppModel& m, const InputHandled&, Effects& fx) {
    if (m.list.search_due_ms == 0 || m.clock_ms < m.list.search_due_ms) return;
    handle(m, SubmitSearch{}, fx);
}

void handle(AppModel& m, const SortByColumn& msg, Effects& fx) {
    if (!is_sortable_field(msg.field)) return;
    AccountQuery q = m.list.query;
    q.ordering = next_ordering(q.ordering, msg.field);
    q.page = 1;
    apply_query(m, fx, std::move(q));
}

// One filter of the query changes: back to page 1; nothing happens when the value is the same.
static void set_filter(AppModel& m, Effects& fx, std::string AccountQuery::*field, const std::string& value) {
    if (m.list.query.*field == value) return;
    AccountQuery q = m.list.query;
    q.*field = value;
    q.page = 1;
    apply_query(m, fx, std::move(q));
}

void handle(AppModel& m, const SetStageFilter& msg, Effects& fx) {
    if (!msg.stage.empty() && !find_stage(msg.stage)) return;
    set_filter(m, fx, &AccountQuery::stage, msg.stage);
}

void handle(AppModel& m, const SetIndustryFilter& msg, Effects& fx) {
    set_filter(m, fx, &AccountQuery::industry, msg.industry);
}

void handle(AppModel& m, const SetAssignedFilter& msg, Effects& fx) {
    set_filter(m, fx, &AccountQuery::assigned_to, msg.user_id);
}

void handle(AppModel& m, const EditSearch& msg, Effects&) {
    m.list.search_draft = msg.text;
    m.list.search_due_ms = msg.text == m.list.query.search ? 0 : m.clock_ms + kSearchDebounceMs;
}

void handle(AppModel& m, const SubmitSearch&, Effects& fx) {
    m.list.search_due_ms = 0;
    AccountQuery q = m.list.query;
    q.search = m.list.search_draft;
    if (q.search == m.list.query.search) return;
    q.page = 1;
    apply_query(m, fx, std::move(q));
}

void handle(AppModel& m, const SetPageSize& msg, Effects& fx) {
    if (std::find(std::begin(kPageSizes), std::end(kPageSizes), msg.limit) == std::end(kPageSizes)) return;
    if (msg.limit == m.list.query.limit) return;
    AccountQuery q = m.list.query;
    q.limit = msg.limit;
    q.page = 1;
    apply_query(m, fx, std::move(q));
}

void handle(AppModel& m, const ClearFilters&, Effects& fx) {
    AccountQuery q = m.list.query;
    clear_filters(q);
    q.page = 1;
    m.list.search_draft.clear();
    m.list.search_due_ms = 0;
    if (q == m.list.query) return;
    apply_query(m, fx, std::move(q));
}

void handle(AppModel& m, const MoveCursor& msg, Effects&) {
    const auto& rows = m.list.page.results;
    if (rows.empty()) return;
    const std::string& from = m.list.cursor_id.empty() ? m.selected_id : m.list.cursor_id;
    auto it = std::find_if(rows.begin(), rows.end(), [&](const Account& a) { return a.id == from; });
    int index = 0;
    if (it == rows.end()) index = msg.delta >= 0 ? 0 : static_cast<int>(rows.size()) - 1;
    else index = std::clamp(static_cast<int>(it - rows.begin()) + msg.delta, 0, static_cast<int>(rows.size()) - 1);
    m.list.cursor_id = rows[static_cast<size_t>(index)].id;
}

void handle(AppModel& m, const OpenCursor&, Effects& fx) {
    if (m.list.cursor_id.empty()) return;
    const auto& rows = m.list.page.results;
    if (std::none_of(rows.begin(), rows.end(), [&](const Account& a) { return a.id == m.list.cursor_id; })) return;
    handle(m, SelectAccount{m.list.cursor_id}, fx);
}

void handle(AppModel&, const OpenWebsite& msg, Effects& fx) {
    // An http(s) URL with something after the scheme (any case); never javascript: or data:.
    const std::string_view rest = without_http_scheme(msg.url);
    if (rest.size() < msg.url.size() && !rest.empty()) fx.push_back(OpenUrl{msg.url});
}

void handle(AppModel& m, const PrefetchLoaded& msg, Effects&) {
    if (msg.seq != m.list.prefetch_seq) return;
    m.list.prefetch_seq = 0;
    Result<Page<Account>> page = parse_list_accounts_response(msg.response);
    if (!page) return;                  // a failed prefetch costs nothing: the page loads when visited
    remember_industries(m.list, page.value());
    m.list.cache.put(m.list.prefetch_key, std::move(page.value()));
}

void handle(AppModel& m, const StageCountLoaded& msg, Effects&) {
    StageCounts& sc = m.stage_counts;
    auto it = sc.pending.find(msg.seq);
    if (it == sc.pending.end()) return;
    const auto [key, index] = it->second;
    sc.pending.erase(it);
    Result<Page<Account>> page = parse_list_accounts_response(msg.response);
    if (!page) return;                  // chips then show no count; the list itself reports errors
    auto& cached = sc.cache[key];
    cached[static_cast<size_t>(index)] = page.value().count;
    if (key == sc.filter_key) sc.counts[static_cast<size_t>(index)] = page.value().count;
}

void handle(AppModel& m, const UserDirectoryLoaded& msg, Effects&) {
    if (msg.seq != m.users.seq) return;
    m.users.seq = 0;
    Result<std::vector<User>> users = parse_user_directory_response(msg.response);
    m.users.error.reset();
    if (users) {
        std::set<std::string> ids;   // an id sent twice: the first entry wins, as in the list
        std::vector<User> unique;
        for (User& u : users.value()) {
            if (ids.insert(u.id).second) unique.push_back(std::move(u));
        }
        m.users.users = std::move(unique);
        std::sort(m.users.users.begin(), m.users.users.end(),
                  [](const User& a, const User& b) { return a.name < b.name; });
        m.users.status = UsersStatus::Loaded;
    } else if (users.error().code == "api.http_404") {
        m.users.status = UsersStatus::Unavailable;    // older server: ids instead of names
    } else {
        m.users.status = UsersStatus::Failed;         // retried on the next reload
        m.users.error = users.error();
    }
}

}  // namespace crm::core
