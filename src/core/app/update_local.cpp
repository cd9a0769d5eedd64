// update_local.cpp: CSV export and local mode rules. Pure: no I/O, no ImGui, no clock.
#include "core/app/update_local.hpp"

#include <algorithm>

#include "core/app/update_bulk.hpp"
#include "core/io/accounts_csv.hpp"

namespace crm::core {

namespace {

void send_fetches(AppModel& m, const std::vector<PageFetch>& fetches, Effects& fx) {
    for (const PageFetch& f : fetches) fx.push_back(SendRequest{f.seq, RequestKind::WalkPage, make_walk_request(m.api, f)});
}

// The list's filters, search and ordering; the walk sets page and limit.
AccountQuery walk_query(const AccountQuery& q) {
    AccountQuery out = q;
    out.page = 1;
    return out;
}

// The same accounts in the same order (page and page size aside).
bool same_rows(const AccountQuery& a, const AccountQuery& b) {
    AccountQuery x = a, y = b;
    x.page = y.page = 1;
    x.limit = y.limit = 0;
    return x == y;
}

// The list's count when it is that of `q` (shown, or from the cache): the walk's pages 2.. leave with
// page 1. -1 when the list is loading something else.
int64_t list_count_for(const AppModel& m, const AccountQuery& q) {
    const bool shown = m.list.status == LoadStatus::Loaded || m.list.from_cache;
    return shown && same_rows(m.list.query, q) ? m.list.page.count : -1;
}

void start_local_walk(AppModel& m, const AccountQuery& source, Effects& fx) {
    LocalState& l = m.local;
    l.error.reset();
    PageWalkOptions o = walk_options(m);
    o.cap = l.cap;
    o.expected_count = list_count_for(m, source);
    if (o.expected_count < 0 && l.loaded && same_rows(l.source, source)) o.expected_count = l.matched;
    send_fetches(m, l.walk.start(walk_query(source), m.next_seq, o), fx);
}

void sync_users(AppModel& m) {
    LocalState& l = m.local;
    const size_t n = m.users.status == UsersStatus::Loaded ? m.users.users.size() : 0;
    if (l.users_synced == n) return;
    l.users_synced = n;
    l.store.set_users(n > 0 ? m.users.users : std::vector<User>{});
}

void local_walk_finished(AppModel& m) {
    LocalState& l = m.local;
    if (l.walk.status() == PageWalkStatus::Failed) {
        l.error = l.walk.error();
        return;
    }
    if (l.walk.status() != PageWalkStatus::Done) return;
    l.store.load(l.walk.take_items());
    l.users_synced = static_cast<size_t>(-1);
    sync_users(m);
    l.source = l.walk.query();
    l.matched = l.walk.matched();
    l.capped = l.walk.capped();
    l.loaded = true;
    l.loaded_unix = m.now_unix;
    l.page = std::clamp(l.page, 1, local_last_page(l));
}

void export_rows(AppModel& m, const std::vector<Account>& rows, bool capped) {
    ExportState& e = m.csv_export;
    e.last_file = accounts_csv_file_name(m.now_unix);
    e.last_rows = static_cast<int64_t>(rows.size());
    e.last_capped = capped;
    e.error.reset();
}

void export_walk_finished(AppModel& m, Effects& fx) {
    ExportState& e = m.csv_export;
    if (e.walk.status() == PageWalkStatus::Failed) {
        e.error = e.walk.error();
        return;
    }
    if (e.walk.status() != PageWalkStatus::Done) return;
    const std::vector<Account> rows = e.walk.take_items();
    export_rows(m, rows, e.walk.capped());
    const std::vector<User> none;
    std::string bytes = accounts_csv(rows, m.users.status == UsersStatus::Loaded ? m.users.users : none);
    e.last_bytes = bytes.size();
    fx.push_back(DownloadFile{e.last_file, "text/csv;charset=utf-8", std::move(bytes)});
}

void refilter(LocalState& l, const std::string& text, const std::string& stage) {
    l.store.filter(text, stage);
    l.page = 1;
}

}  // namespace

int local_last_page(const LocalState& l) {
    if (l.page_size <= 0) return 1;
    const auto n = static_cast<int64_t>(l.store.view().size());
    return std::max<int>(1, static_cast<int>((n + l.page_size - 1) / l.page_size));
}

PageWalkOptions walk_options(const AppModel& m) {
    PageWalkOptions o;
    o.stream = m.no_export_stream.count(m.api.base_url) == 0;
    return o;
}

void note_stream_refusal(AppModel& m, const PageWalk& walk) {
    if (walk.stream_refused()) m.no_export_stream.insert(m.api.base_url);
}

void handle(AppModel& m, const WalkPageLoaded& msg, Effects& fx) {
    if (m.local.walk.owns(msg.seq)) {
        send_fetches(m, m.local.walk.on_response(msg.seq, msg.response, m.next_seq), fx);
        note_stream_refusal(m, m.local.walk);
        local_walk_finished(m);
    } else if (m.csv_export.walk.owns(msg.seq)) {
        send_fetches(m, m.csv_export.walk.on_response(msg.seq, msg.response, m.next_seq), fx);
        note_stream_refusal(m, m.csv_export.walk);
        export_walk_finished(m, fx);
    }
    // Anything else is a stale answer of a cancelled or restarted walk: ignored.
}

void handle(AppModel& m, const StreamChunk& msg, Effects& fx) {
    if (m.local.walk.owns(msg.seq)) {
        if (!m.local.walk.on_chunk(msg.seq, msg.bytes)) local_walk_finished(m);
    } else if (m.csv_export.walk.owns(msg.seq)) {
        if (!m.csv_export.walk.on_chunk(msg.seq, msg.bytes)) export_walk_finished(m, fx);
    } else if (m.selection.walk.owns(msg.seq)) {
        m.selection.walk.on_chunk(msg.seq, msg.bytes);
        select_all_walk_progressed(m);   // (update_bulk.hpp) a failure shows at once
    }
}

void handle(AppModel& m, const StartExport&, Effects& fx) {
    ExportState& e = m.csv_export;
    if (e.walk.running()) return;
    if (m.local.active && m.local.loaded) {
        // Local mode: what the local table shows (its filter and sort), no requests.
        std::vector<Account> rows;
        const auto& view = m.local.store.view();
        rows.reserve(view.size());
        for (uint32_t i : view) rows.push_back(m.local.store.accounts()[i]);
        export_rows(m, rows, m.local.capped);
        const std::vector<User> none;
        std::string bytes = accounts_csv(rows, m.users.status == UsersStatus::Loaded ? m.users.users : none);
        e.last_bytes = bytes.size();
        fx.push_back(DownloadFile{e.last_file, "text/csv;charset=utf-8", std::move(bytes)});
        return;
    }
    e.error.reset();
    PageWalkOptions o = walk_options(m);
    o.cap = e.cap;
    o.expected_count = list_count_for(m, m.list.query);
    send_fetches(m, e.walk.start(walk_query(m.list.query), m.next_seq, o), fx);
}

void handle(AppModel& m, const CancelExport&, Effects&) { m.csv_export.walk.cancel(); }

void handle(AppModel& m, const EnterLocalMode&, Effects& fx) {
    LocalState& l = m.local;
    if (l.active) return;
    l.active = true;
    l.loaded = false;
    l.page = 1;
    start_local_walk(m, m.list.query, fx);
}

void handle(AppModel& m, const RefreshLocal&, Effects& fx) {
    LocalState& l = m.local;
    if (!l.active || l.walk.running()) return;
    start_local_walk(m, l.loaded ? l.source : m.list.query, fx);
}

void handle(AppModel& m, const CancelLocalLoad&, Effects&) {
    LocalState& l = m.local;
    if (!l.walk.running()) return;
    l.walk.cancel();
    if (!l.loaded) l.active = false;   // nothing local to show: back to the server-paged list
}

void handle(AppModel& m, const ExitLocalMode&, Effects& fx) {
    LocalState& l = m.local;
    l.walk.cancel();
    if (const uint64_t seq = l.walk.take_abort()) fx.push_back(AbortRequest{seq});   // before the walk goes
    const int page_size = l.page_size;
    l = LocalState{};
    l.page_size = page_size;
}

void handle(AppModel& m, const SortLocal& msg, Effects&) {
    m.local.store.sort(msg.column, msg.descending);
    m.local.page = 1;
}

void handle(AppModel& m, const EditLocalFilter& msg, Effects&) {
    refilter(m.local, msg.text, m.local.store.filter_stage());
}

void handle(AppModel& m, const SetLocalStageFilter& msg, Effects&) {
    refilter(m.local, m.local.store.filter_text(), msg.stage);
}

void handle(AppModel& m, const SetLocalPageSize& msg, Effects&) {
    if (std::find(std::begin(kLocalPageSizes), std::end(kLocalPageSizes), msg.size) == std::end(kLocalPageSizes)) return;
    m.local.page_size = msg.size;
    m.local.page = 1;
}

void handle(AppModel& m, const SetLocalPage& msg, Effects&) {
    m.local.page = std::clamp(msg.page, 1, local_last_page(m.local));
}

void local_account_saved(AppModel& m, const Account& a, bool created) {
    LocalState& l = m.local;
    if (!l.loaded) return;
    if (!created) {
        l.store.replace(a);
        return;
    }
    const AccountQuery& q = l.source;
    const bool belongs = surely_matches(q, a);
    if (belongs && !l.capped && l.store.add(a)) ++l.matched;
}

void local_account_deleted(AppModel& m, const std::string& id) {
    LocalState& l = m.local;
    if (l.loaded && l.store.remove(id) && l.matched > 0) --l.matched;
}

void local_after_update(AppModel& m, const Msg& msg, Effects& fx) {
    LocalState& l = m.local;
    if (std::holds_alternative<SignOut>(msg)) {
        // The copy and any walk belong to the token that made them.
        handle(m, ExitLocalMode{}, fx);   // (its stream, if any, aborted)
        m.csv_export.walk.cancel();
        return;
    }
    if (!l.loaded) return;
    sync_users(m);
    // Once per frame: edited rows re-sorted and re-filtered (a bulk run's answers together); idle frames
    // pre-sort the remaining columns, one per Tick, so later header clicks cost O(n).
    if (std::holds_alternative<Tick>(msg)) {
        l.store.settle();
        l.store.prepare_next_column();
    }
}

nlohmann::json local_to_json(const AppModel& m) {
    const LocalState& l = m.local;
    constexpr size_t kMaxViewRows = 5000;   // enough for the tests; the bridge stays small
    nlohmann::json ids = nlohmann::json::array();
    nlohmann::json names = nlohmann::json::array();
    const auto& view = l.store.view();
    for (size_t i = 0; i < view.size() && i < kMaxViewRows; ++i) {
        ids.push_back(l.store.accounts()[view[i]].id);
        names.push_back(l.store.accounts()[view[i]].name);
    }
    nlohmann::json error = nullptr;
    if (l.error) error = {{"code", l.error->code}, {"message", l.error->message}};
    return {{"active", l.active},
            {"loaded", l.loaded},
            {"walk", to_string(l.walk.status())},
            {"done", l.walk.done()},
            {"total", l.walk.total()},
            {"count", l.store.size()},
            {"matched", l.matched},
            {"capped", l.capped},
            {"cap", l.cap},
            {"loadedUnix", l.loaded_unix},
            {"error", error},
            {"sortColumn", to_string(l.store.sort_column())},
            {"sortDescending", l.store.sort_descending()},
            {"filterText", l.store.filter_text()},
            {"filterStage", l.store.filter_stage()},
            {"viewCount", view.size()},
            {"viewIds", ids},
            {"viewNames", names},
            {"page", l.page},
            {"pageSize", l.page_size},
            {"lastPage", local_last_page(l)}};
}

nlohmann::json export_to_json(const AppModel& m) {
    const ExportState& e = m.csv_export;
    nlohmann::json error = nullptr;
    if (e.error) error = {{"code", e.error->code}, {"message", e.error->message}};
    return {{"walk", to_string(e.walk.status())},
            {"done", e.walk.done()},
            {"total", e.walk.total()},
            {"error", error},
            {"lastFile", e.last_file},
            {"lastRows", e.last_rows},
            {"lastBytes", e.last_bytes},
            {"lastCapped", e.last_capped}};
}

}  // namespace crm::core
