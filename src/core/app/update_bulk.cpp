// update_bulk.cpp: selection and bulk actions (change stage, delete). Pure: no I/O, no ImGui, no clock.
#include "core/app/update_bulk.hpp"

#include <algorithm>

#include "core/api/account_records_api.hpp"
#include "core/app/update_auth.hpp"
#include "core/app/update_list.hpp"
#include "core/app/update_local.hpp"
#include "core/app/update_records.hpp"

namespace crm::core {

namespace {

const Account* row_on_page(const AppModel& m, const std::string& id) {
    for (const Account& a : m.list.page.results) {
        if (a.id == id) return &a;
    }
    return nullptr;
}

bool bulk_busy(const AppModel& m) { return m.bulk.phase != BulkPhase::Idle; }

// The first change of an empty selection records which filters it belongs to.
void begin_change(AppModel& m) {
    if (m.selection.ids.empty()) m.selection.filter_key = selection_filter_key(m.list.query);
    m.selection.error.reset();
}

void stop_walk(SelectionState& s) { s.walk.cancel(); }   // responses still in flight are ignored

void clear_selection(SelectionState& s) {
    s.ids.clear();
    s.anchor_id.clear();
    s.all_matching = false;
    s.error.reset();
    stop_walk(s);
}

// ---- "Select all N matching": the page walker sends the list pages (RequestKind::SelectAllPage) --
void send_walk_pages(AppModel& m, const std::vector<PageFetch>& fetches, Effects& fx) {
    for (const PageFetch& f : fetches) {
        fx.push_back(SendRequest{f.seq, RequestKind::SelectAllPage, make_walk_request(m.api, f)});
    }
}

// ---- Bulk runs -----------------------------------------------------------------------------
HttpRequest bulk_request(const AppModel& m, const std::string& id) {
    if (m.bulk.action == BulkAction::Delete) return make_delete_account_request(m.api, id, "");
    return make_patch_account_request(m.api, id, nlohmann::json{{"stage", m.bulk.stage}}, "");
}

// Sends until kBulkConcurrency requests are in flight (nothing after Cancel or a 401).
void pump(AppModel& m, Effects& fx) {
    BulkState& b = m.bulk;
    while (!b.cancelled && b.in_flight.size() < kBulkConcurrency && b.next < b.ids.size()) {
        const std::string& id = b.ids[b.next++];
        const uint64_t seq = m.next_seq++;
        b.in_flight[seq] = id;
        fx.push_back(SendRequest{seq, RequestKind::BulkItem, bulk_request(m, id)});
    }
    b.max_in_flight = std::max(b.max_in_flight, b.in_flight.size());
}

void start_run(AppModel& m, std::vector<std::string> ids, Effects& fx) {
    BulkState& b = m.bulk;
    b.ids = std::move(ids);
    b.next = 0;
    b.in_flight.clear();
    b.max_in_flight = 0;
    b.succeeded = 0;
    b.failures.clear();
    b.cancelled = false;
    b.signed_out = false;
    b.phase = BulkPhase::Running;
    b.started_ms = m.clock_ms;
    b.finished_ms = 0;
    pump(m, fx);
}

// Everything sent has answered: results shown, the list and its counts asked again.
void finish_run(AppModel& m, Effects& fx) {
    BulkState& b = m.bulk;
    b.phase = BulkPhase::Done;
    b.finished_ms = m.clock_ms;
    if (b.succeeded == 0 || m.auth != AuthStatus::SignedIn) return;
    invalidate_list_cache(m);
    handle(m, ReloadAccounts{}, fx);
    const std::string& open = m.records.detail.id;
    if (b.action == BulkAction::ChangeStage && !open.empty() && m.selected_id == open &&
        std::find(b.ids.begin(), b.ids.end(), open) != b.ids.end()) {
        handle(m, ReloadDetail{}, fx);   // its stage changed
    }
}

Error item_error(const HttpResponse& r, BulkAction action) {
    Error e = error_from_response(r);
    if (!e.field_errors.empty()) {       // one line for the results table: "stage: ... ; name: ..."
        std::string text;
        for (const auto& [field, messages] : e.field_errors) {
            for (const std::string& msg : messages) text += (text.empty() ? "" : "; ") + field + ": " + msg;
        }
        e.message = text;
    }
    if (r.status == 404) {
        e.message = action == BulkAction::Delete ? "Not found: it was already deleted."
                                                 : "Not found: the account was deleted meanwhile.";
    }
    return e;
}

void request_bulk(AppModel& m, BulkAction action, std::string stage) {
    if (bulk_busy(m) || m.selection.ids.empty() || m.selection.walk.running()) return;
    BulkState& b = m.bulk;
    b = BulkState{};
    b.phase = BulkPhase::Confirm;
    b.action = action;
    b.stage = std::move(stage);
    for (const auto& [id, name] : m.selection.ids) {
        b.ids.push_back(id);
        b.names[id] = name;
    }
}

}  // namespace

std::string selection_filter_key(const AccountQuery& q) {
    AccountQuery k = q;
    k.page = 1;
    k.limit = 1;
    k.ordering.clear();
    return page_cache_key(k);
}

size_t page_selected_count(const AppModel& m) {
    size_t n = 0;
    for (const Account& a : m.list.page.results) n += m.selection.ids.count(a.id);
    return n;
}

bool page_fully_selected(const AppModel& m) {
    return !m.list.page.results.empty() && page_selected_count(m) == m.list.page.results.size();
}

bool offers_select_all_matching(const AppModel& m) {
    const SelectionState& s = m.selection;
    return page_fully_selected(m) && !s.all_matching && !s.walk.running() &&
           m.list.page.count > static_cast<int64_t>(s.ids.size());
}

// ---- Selection -----------------------------------------------------------------------------

void handle(AppModel& m, const ToggleSelect& msg, Effects&) {
    if (bulk_busy(m)) return;
    SelectionState& s = m.selection;
    if (s.ids.erase(msg.id) > 0) {
        s.all_matching = false;
        s.anchor_id = msg.id;
        return;
    }
    const Account* a = row_on_page(m, msg.id);
    if (!a) return;                      // only rows the user can see are selected one by one
    begin_change(m);
    stop_walk(s);
    s.ids[a->id] = a->name;
    s.anchor_id = a->id;
}

void handle(AppModel& m, const ExtendSelect& msg, Effects& fx) {
    if (bulk_busy(m)) return;
    const auto& rows = m.list.page.results;
    auto index_of = [&](const std::string& id) {
        for (size_t i = 0; i < rows.size(); ++i) {
            if (rows[i].id == id) return static_cast<int>(i);
        }
        return -1;
    };
    const int to = index_of(msg.id);
    if (to < 0) return;
    const int from = m.selection.anchor_id.empty() ? -1 : index_of(m.selection.anchor_id);
    if (from < 0) {                      // no anchor on this page: behaves as a toggle
        handle(m, ToggleSelect{msg.id}, fx);
        return;
    }
    begin_change(m);
    stop_walk(m.selection);
    for (int i = std::min(from, to); i <= std::max(from, to); ++i) {
        const Account& a = rows[static_cast<size_t>(i)];
        m.selection.ids[a.id] = a.name;
    }
}

void handle(AppModel& m, const SelectPage& msg, Effects&) {
    if (bulk_busy(m)) return;
    SelectionState& s = m.selection;
    if (msg.select) {
        begin_change(m);
        for (const Account& a : m.list.page.results) s.ids[a.id] = a.name;
        return;
    }
    for (const Account& a : m.list.page.results) s.ids.erase(a.id);
    s.all_matching = false;
    stop_walk(s);
}

void handle(AppModel& m, const SelectAllMatching&, Effects& fx) {
    SelectionState& s = m.selection;
    if (bulk_busy(m) || s.walk.running() || m.auth != AuthStatus::SignedIn) return;
    if (m.list.status != LoadStatus::Loaded && !m.list.from_cache) return;   // the count must be known
    begin_change(m);
    const int64_t count = m.list.page.count;
    if (count <= static_cast<int64_t>(m.list.page.results.size())) {   // one page holds them all
        for (const Account& a : m.list.page.results) s.ids[a.id] = a.name;
        s.all_matching = true;
        return;
    }
    PageWalkOptions options = walk_options(m);   // the export stream, or kWalkMaxInFlight pages in flight,
                                                 // pages 2.. with page 1
    options.cap = kSelectAllCap;
    options.expected_count = count;
    send_walk_pages(m, s.walk.start(m.list.query, m.next_seq, options), fx);
}

void handle(AppModel& m, const ClearSelection&, Effects&) {
    if (bulk_busy(m)) return;
    clear_selection(m.selection);
}

void handle(AppModel& m, const SelectAllPageLoaded& msg, Effects& fx) {
    SelectionState& s = m.selection;
    if (!s.walk.owns(msg.seq)) return;       // cancelled, or from an older walk
    send_walk_pages(m, s.walk.on_response(msg.seq, msg.response, m.next_seq), fx);
    note_stream_refusal(m, s.walk);
    select_all_walk_progressed(m);
}

void select_all_walk_progressed(AppModel& m) {
    SelectionState& s = m.selection;
    if (s.walk.status() == PageWalkStatus::Failed) {
        Error e = s.walk.error().value_or(make_error("bulk.walk_failed", "The list could not be read."));
        e.message = "Could not select every matching account: " + e.message;
        s.error = e;
    } else if (s.walk.status() == PageWalkStatus::Done) {
        for (const Account& a : s.walk.items()) s.ids[a.id] = a.name;
        s.all_matching = true;
        s.walk = PageWalk{};                  // its rows are not needed any more
    }
}

// ---- Bulk actions --------------------------------------------------------------------------

void handle(AppModel& m, const RequestBulkStage& msg, Effects&) {
    if (!find_stage(msg.stage)) return;
    request_bulk(m, BulkAction::ChangeStage, msg.stage);
}

void handle(AppModel& m, const RequestBulkDelete&, Effects&) { request_bulk(m, BulkAction::Delete, ""); }

void handle(AppModel& m, const ConfirmBulk&, Effects& fx) {
    if (m.bulk.phase != BulkPhase::Confirm || m.auth != AuthStatus::SignedIn) return;
    start_run(m, m.bulk.ids, fx);
}

void handle(AppModel& m, const CancelBulk&, Effects& fx) {
    BulkState& b = m.bulk;
    if (b.phase == BulkPhase::Confirm) {
        b = BulkState{};
    } else if (b.phase == BulkPhase::Running) {
        b.cancelled = true;
        if (b.in_flight.empty()) finish_run(m, fx);
    }
}

void handle(AppModel& m, const BulkItemCompleted& msg, Effects& fx) {
    BulkState& b = m.bulk;
    auto it = b.in_flight.find(msg.seq);
    if (b.phase != BulkPhase::Running || it == b.in_flight.end()) return;
    const std::string id = it->second;
    b.in_flight.erase(it);
    const HttpResponse& r = msg.response;
    if (r.status >= 200 && r.status <= 299) {
        ++b.succeeded;
        m.selection.ids.erase(id);       // what is left selected is what is left to do
        m.selection.all_matching = false;
        if (b.action == BulkAction::Delete) {
            local_account_deleted(m, id);
        } else if (auto saved = parse_account_response_for(r, id)) {
            local_account_saved(m, saved.value().account, false);
        }
        if (b.action == BulkAction::Delete && m.selected_id == id) {   // its detail is gone
            m.selected_id.clear();
            fx.push_back(SetUrl{route_to_hash(current_route(m)), false});
        }
    } else {
        auto name = b.names.find(id);
        b.failures.push_back({id, name == b.names.end() ? "" : name->second, item_error(r, b.action)});
        if (r.status == 401 && !b.signed_out) {
            // The token is gone: stop, keep what was not sent as failures so "Retry failed" covers them.
            b.signed_out = true;
            b.cancelled = true;
            for (size_t i = b.next; i < b.ids.size(); ++i) {
                auto n = b.names.find(b.ids[i]);
                b.failures.push_back({b.ids[i], n == b.names.end() ? "" : n->second,
                                      make_error("bulk.not_sent", "Not sent: the session expired.")});
            }
            b.next = b.ids.size();
            fx.push_back(StoreToken{""});
            sign_out_with(m, fx, item_error(r, b.action).message);
        }
    }
    pump(m, fx);
    if (b.in_flight.empty() && (b.cancelled || b.next >= b.ids.size())) finish_run(m, fx);
}

void handle(AppModel& m, const RetryBulkFailed&, Effects& fx) {
    BulkState& b = m.bulk;
    if (b.phase != BulkPhase::Done || b.failures.empty() || m.auth != AuthStatus::SignedIn) return;
    std::vector<std::string> ids;
    for (const BulkFailure& f : b.failures) ids.push_back(f.id);
    ++b.attempt;
    start_run(m, std::move(ids), fx);
}

void handle(AppModel& m, const CloseBulk&, Effects&) {
    if (m.bulk.phase == BulkPhase::Done) m.bulk = BulkState{};
}

void bulk_after_update(AppModel& m, const Msg& msg, Effects&) {
    const std::string key = selection_filter_key(m.list.query);
    if (m.selection.filter_key != key) {
        m.selection.filter_key = key;
        clear_selection(m.selection);
    }
    // A plain click opens the row and, as in a file manager, is where Shift+click extends from.
    if (const auto* open = std::get_if<SelectAccount>(&msg); open && !open->id.empty()) m.selection.anchor_id = open->id;
}

// ---- Test bridge ---------------------------------------------------------------------------

nlohmann::json selection_to_json(const AppModel& m) {
    const SelectionState& s = m.selection;
    nlohmann::json ids = nlohmann::json::array();
    for (const auto& [id, name] : s.ids) {
        if (ids.size() >= 1000) break;   // the count says how many there are
        ids.push_back(id);
    }
    nlohmann::json error = nullptr;
    if (s.error) error = {{"code", s.error->code}, {"message", s.error->message}};
    return {{"count", s.ids.size()},
            {"ids", ids},
            {"anchorId", s.anchor_id},
            {"allMatching", s.all_matching},
            {"pageSelected", page_selected_count(m)},
            {"offersAllMatching", offers_select_all_matching(m)},
            {"collecting", s.walk.running()},
            {"collectPages", s.walk.pages_total()},
            {"collectPagesDone", s.walk.pages_done()},
            {"error", error}};
}

nlohmann::json bulk_to_json(const AppModel& m) {
    static const char* const kPhase[] = {"idle", "confirm", "running", "done"};
    const BulkState& b = m.bulk;
    nlohmann::json failures = nlohmann::json::array();
    for (const BulkFailure& f : b.failures) {
        failures.push_back({{"id", f.id}, {"name", f.name}, {"code", f.error.code}, {"message", f.error.message},
                            {"httpStatus", f.error.http_status}});
    }
    const double end = b.finished_ms != 0 ? b.finished_ms : m.clock_ms;
    return {{"phase", kPhase[static_cast<int>(b.phase)]},
            {"action", b.action == BulkAction::Delete ? "delete" : "changeStage"},
            {"stage", b.stage},
            {"total", b.ids.size()},
            {"sent", b.next},
            {"inFlight", b.in_flight.size()},
            {"maxInFlight", b.max_in_flight},
            {"succeeded", b.succeeded},
            {"failed", b.failures.size()},
            {"notSent", b.cancelled ? b.ids.size() - b.next : 0},
            {"cancelled", b.cancelled},
            {"signedOut", b.signed_out},
            {"attempt", b.attempt},
            {"elapsedMs", b.phase == BulkPhase::Running || b.phase == BulkPhase::Done ? end - b.started_ms : 0.0},
            {"failures", failures}};
}

}  // namespace crm::core
