// update_records.cpp: rules for one account (detail, contacts, drafts, saving, conflicts, delete
// with undo, previous/next, toasts, 401 replay). Pure: no I/O, no ImGui. A failure never drops a draft.
#include "core/app/update_records.hpp"

#include <algorithm>

#include "core/api/contacts_check.hpp"
#include "core/app/update_auth.hpp"
#include "core/app/update_dashboard.hpp"
#include "core/app/update_list.hpp"
#include "core/app/update_local.hpp"
#include "core/model/account_json.hpp"

namespace crm::core {

const char* to_string(RecordsLoad s) {
    switch (s) {
        case RecordsLoad::Idle: return "idle";
        case RecordsLoad::Loading: return "loading";
        case RecordsLoad::Loaded: return "loaded";
        case RecordsLoad::Failed: return "failed";
    }
    return "?";
}

namespace {

constexpr size_t kMaxToasts = 5;

void push_toast(AppModel& m, std::string text, bool error, std::string undo_id = "") {
    RecordsState& r = m.records;
    r.toasts.push_back(Toast{r.next_toast_id++, error, std::move(text), std::move(undo_id)});
    while (r.toasts.size() > kMaxToasts) r.toasts.erase(r.toasts.begin());
}

void remove_undo_toast(AppModel& m, const std::string& id) {
    auto& t = m.records.toasts;
    t.erase(std::remove_if(t.begin(), t.end(), [&](const Toast& x) { return x.undo_delete_id == id; }), t.end());
}

uint64_t send(AppModel& m, Effects& fx, RequestKind kind, HttpRequest req) {
    uint64_t seq = m.next_seq++;
    fx.push_back(SendRequest{seq, kind, std::move(req)});
    return seq;
}

// A 401 anywhere: remember what to redo, forget the token and show the sign-in form over the screen.
void unauthorized(AppModel& m, Effects& fx, const Error& e, Replay redo) {
    auto& r = m.records.replay;
    if (std::find(r.begin(), r.end(), redo) == r.end()) r.push_back(std::move(redo));
    if (m.auth == AuthStatus::SignedIn) {
        fx.push_back(StoreToken{""});
        sign_out_with(m, fx, e.message);
    }
}

// The list row for `a` takes the server's latest values (the list shows summaries only).
void refresh_list_row(AppModel& m, const Account& a) {
    for (Account& row : m.list.page.results) {
        if (row.id == a.id) row = a;
    }
}

void load_contacts(AppModel& m, Effects& fx, int page) {
    DetailState& d = m.records.detail;
    if (d.id.empty()) return;
    d.contacts_status = RecordsLoad::Loading;
    d.contacts_error.reset();
    d.contacts_seq = send(m, fx, RequestKind::ListContacts, make_list_contacts_request(m.api, d.id, page));
}

void load_detail(AppModel& m, Effects& fx) {
    DetailState& d = m.records.detail;
    if (d.id.empty()) return;
    d.status = RecordsLoad::Loading;
    d.error.reset();
    d.in_flight_seq = send(m, fx, RequestKind::GetAccount, make_get_account_request(m.api, d.id));
    if (d.tab == DetailTab::Contacts) {
        d.contacts.clear();
        d.contacts_page = 0;
        load_contacts(m, fx, 1);
    }
}

// Users come from the list's single /api/users/ load (update_list.cpp), shared by filter and forms.
void load_users_once(AppModel& m, Effects& fx) {
    if (m.auth == AuthStatus::SignedIn) ensure_users(m, fx);
}

void close_form(AppModel& m) { m.records.form = FormState{}; }

void send_save(AppModel& m, Effects& fx) {
    FormState& f = m.records.form;
    f.saving = true;
    f.error.reset();
    if (f.mode == FormMode::Create) {
        f.save_seq = send(m, fx, RequestKind::SaveAccount, make_create_account_request(m.api, draft_to_create_body(f.draft)));
    } else {
        f.save_seq = send(m, fx, RequestKind::SaveAccount,
                          make_patch_account_request(m.api, f.account_id, draft_patch_body(f.original, f.draft), f.etag));
    }
}

void fetch_fresh(AppModel& m, Effects& fx, bool before_save) {
    FormState& f = m.records.form;
    f.saving = true;
    f.checking_before_save = before_save;
    f.check_seq = send(m, fx, RequestKind::FreshAccount, make_get_account_request(m.api, f.account_id));
}

// Validates, then sends the POST, the PATCH (with If-Match), or first a GET to compare updatedAt.
void start_save(AppModel& m, Effects& fx) {
    FormState& f = m.records.form;
    if (!f.open || f.saving || f.conflict.open) return;
    f.client_errors = validate_draft(f.draft);
    f.show_all_errors = true;
    if (!f.client_errors.empty()) {
        f.error = make_error("form.invalid", "Fix the highlighted fields before saving.");
        return;
    }
    if (f.mode == FormMode::Edit) {
        if (draft_patch_body(f.original, f.draft).empty()) {
            close_form(m);
            push_toast(m, "Nothing changed.", false);
            return;
        }
        if (f.etag.empty() && !f.base_updated_at.empty()) return fetch_fresh(m, fx, true);
    }
    send_save(m, fx);
}

void open_conflict(AppModel& m, const AccountDetail& fresh) {
    FormState& f = m.records.form;
    ConflictState c;
    c.open = true;
    c.theirs = draft_from_account(fresh.account);
    c.theirs_etag = fresh.etag;
    c.theirs_updated_at = fresh.account.updated_at;
    for (const auto& field : kDraftFields) {
        bool mine = !draft_field_equal(f.original, f.draft, field.key);
        bool theirs = !draft_field_equal(f.original, c.theirs, field.key);
        if (!mine && !theirs) continue;
        if (mine && !draft_field_equal(f.draft, c.theirs, field.key)) c.fields.push_back(field.key);
        else if (!mine) c.fields.push_back(field.key);   // only they changed it: shown, theirs kept
        c.choices[field.key] = mine ? ConflictChoice::Mine : ConflictChoice::Theirs;
    }
    f.conflict = std::move(c);
    f.error = make_error("form.conflict", "Someone else changed this account since you opened it. Choose per field.", 412);
}

// A saved or created account: list and detail take the server's answer; the form closes.
void apply_saved(AppModel& m, Effects& fx, const AccountDetail& saved, bool created) {
    const Account& a = saved.account;
    if (created) {
        m.list.page.results.insert(m.list.page.results.begin(), a);
        m.list.page.count += 1;
    } else {
        refresh_list_row(m, a);
    }
    local_account_saved(m, a, created);
    invalidate_dashboard(m);   // its stage, industry or owner may have moved a count
    DetailState& d = m.records.detail;
    if (d.id == a.id) {
        d.account = a;
        d.etag = saved.etag;
        d.status = RecordsLoad::Loaded;
        d.error.reset();
    }
    close_form(m);
    push_toast(m, (created ? "Created " : "Saved ") + display_name(a) + ".", false);
    if (created) {
        handle(m, SelectAccount{a.id}, fx);
        d.id = a.id;               // the detail shows the server's answer without another GET
        d.account = a;
        d.etag = saved.etag;
        d.status = RecordsLoad::Loaded;
    }
}

PendingDelete* find_pending(AppModel& m, const std::string& id) {
    for (auto& p : m.records.del.pending) {
        if (p.id == id) return &p;
    }
    return nullptr;
}

void restore_row(AppModel& m, const PendingDelete& p) {
    auto& rows = m.list.page.results;
    for (const auto& row : rows) {
        if (row.id == p.id) return;
    }
    rows.insert(rows.begin() + static_cast<std::ptrdiff_t>(std::min(p.row_index, rows.size())), p.account);
    m.list.page.count += 1;
}

void erase_pending(AppModel& m, const std::string& id) {
    auto& v = m.records.del.pending;
    v.erase(std::remove_if(v.begin(), v.end(), [&](const PendingDelete& p) { return p.id == id; }), v.end());
}

void send_delete(AppModel& m, Effects& fx, PendingDelete& p) {
    p.sent = true;
    p.seq = send(m, fx, RequestKind::DeleteAccount, make_delete_account_request(m.api, p.id, p.etag));
}

json error_json(const std::optional<Error>& e) {
    if (!e) return nullptr;
    return {{"code", e->code}, {"message", e->message}, {"httpStatus", e->http_status}};
}

json field_errors_json(const FieldErrors& fe) {
    json j = json::object();
    for (const auto& [k, v] : fe) j[k] = v;
    return j;
}

}  // namespace

bool form_dirty(const FormState& f) { return f.open && !(f.draft == f.original); }

// ---- Detail and contacts ------------------------------------------------------------------------

void handle(AppModel& m, const ReloadDetail&, Effects& fx) {
    if (m.auth == AuthStatus::SignedIn) load_detail(m, fx);
}

void handle(AppModel& m, const SetDetailTab& msg, Effects& fx) {
    DetailState& d = m.records.detail;
    d.tab = msg.tab;
    if (msg.tab == DetailTab::Contacts && m.auth == AuthStatus::SignedIn && d.contacts_status == RecordsLoad::Failed &&
        d.contacts_error && d.contacts_error->code == "api.contacts_mismatch") {
        return load_detail(m, fx);   // the account's contactCount may be the stale one: reload both
    }
    if (msg.tab == DetailTab::Contacts && m.auth == AuthStatus::SignedIn &&
        (d.contacts_status == RecordsLoad::Idle || d.contacts_status == RecordsLoad::Failed)) {
        d.contacts.clear();
        d.contacts_page = 0;
        load_contacts(m, fx, 1);
    }
}

void handle(AppModel& m, const LoadMoreContacts&, Effects& fx) {
    DetailState& d = m.records.detail;
    if (d.contacts_status == RecordsLoad::Loading || !d.contacts_has_more) return;
    load_contacts(m, fx, d.contacts_page + 1);
}

void handle(AppModel& m, const DetailLoaded& msg, Effects& fx) {
    DetailState& d = m.records.detail;
    if (msg.seq != d.in_flight_seq) return;   // stale: another account was opened since
    d.in_flight_seq = 0;
    Result<AccountDetail> r = parse_account_response_for(msg.response, d.id);   // never B's body shown as A
    if (r) {
        d.account = r.value().account;
        d.etag = r.value().etag;
        d.status = RecordsLoad::Loaded;
        d.error.reset();
        refresh_list_row(m, d.account.value());
        if (d.contacts_after_account) {
            d.contacts_after_account = false;
            load_contacts(m, fx, 1);
        }
        if (m.records.edit_when_loaded == d.account->id) {
            m.records.edit_when_loaded.clear();
            handle(m, OpenEditForm{}, fx);
        }
        return;
    }
    m.records.edit_when_loaded.clear();
    if (d.contacts_after_account) {   // the recheck cannot happen: the contacts stay unshown
        d.contacts_after_account = false;
        d.contacts_status = RecordsLoad::Failed;
        d.contacts_error = r.error();
    }
    Error e = r.error();
    if (e.code == "api.unauthorized") {
        d.status = RecordsLoad::Idle;
        return unauthorized(m, fx, e, Replay{ReplayAction::LoadDetail, d.id});
    }
    if (e.code == "api.http_404") e.message = "This account does not exist (it may have been deleted).";
    d.status = RecordsLoad::Failed;
    d.error = e;
}

void handle(AppModel& m, const ContactsLoaded& msg, Effects& fx) {
    DetailState& d = m.records.detail;
    if (msg.seq != d.contacts_seq) return;
    d.contacts_seq = 0;
    Result<ContactsPage> r = parse_contacts_response(msg.response);
    if (r) {
        // Checked against the account shown (its contactCount only when that account is loaded, not reloading).
        const bool account_known = d.status == RecordsLoad::Loaded && d.account && d.account->id == d.id;
        if (std::optional<Error> bad = check_contacts_page(r.value(), d.id, account_known ? d.account->contact_count
                                                                                           : std::nullopt,
                                                           d.contacts_page == 0)) {
            if (bad->code == "api.contacts_mismatch" && !d.contacts_rechecked) {
                // Someone may have added or removed a contact since the account was loaded: reload
                // the account, then ask for the page again. Only a second disagreement is an error.
                d.contacts_rechecked = true;
                d.contacts_after_account = true;
                d.status = RecordsLoad::Loading;
                d.in_flight_seq = send(m, fx, RequestKind::GetAccount, make_get_account_request(m.api, d.id));
                return;   // contacts_status stays Loading
            }
            bad->http_status = msg.response.status;
            d.contacts.clear();
            d.contacts_page = 0;
            d.contacts_has_more = false;
            d.contacts_status = RecordsLoad::Failed;
            d.contacts_error = *bad;
            return;
        }
        if (d.contacts_page == 0) d.contacts_rechecked = false;   // agreed: a later disagreement gets its recheck too
        drop_repeated_contacts(r.value().results, d.contacts);   // the first copy of an id wins
        for (auto& c : r.value().results) d.contacts.push_back(std::move(c));
        d.contacts_count = std::max<int64_t>(r.value().count, static_cast<int64_t>(d.contacts.size()));
        d.contacts_has_more = !r.value().next.empty();
        d.contacts_page += 1;
        d.contacts_status = RecordsLoad::Loaded;
        return;
    }
    if (r.error().code == "api.unauthorized") {
        d.contacts_status = RecordsLoad::Idle;
        return unauthorized(m, fx, r.error(), Replay{ReplayAction::LoadContacts, d.id});
    }
    d.contacts_status = RecordsLoad::Failed;
    d.contacts_error = r.error();
}


// ---- Previous / next ----------------------------------------------------------------------------

void handle(AppModel& m, const StepAccount& msg, Effects& fx) {
    if (msg.direction == 0 || m.auth != AuthStatus::SignedIn) return;
    const auto& rows = m.list.page.results;
    size_t idx = rows.size();
    for (size_t i = 0; i < rows.size(); ++i) {
        if (rows[i].id == m.selected_id) idx = i;
    }
    if (idx == rows.size()) {
        if (!rows.empty()) handle(m, SelectAccount{msg.direction > 0 ? rows.front().id : rows.back().id}, fx);
        return;
    }
    if (msg.direction > 0 && idx + 1 < rows.size()) return handle(m, SelectAccount{rows[idx + 1].id}, fx);
    if (msg.direction < 0 && idx > 0) return handle(m, SelectAccount{rows[idx - 1].id}, fx);
    bool can_cross = msg.direction > 0 ? !m.list.page.next.empty() : m.list.query.page > 1;
    if (!can_cross) return;
    m.list.query.page += msg.direction > 0 ? 1 : -1;
    fx.push_back(SetUrl{route_to_hash(current_route(m)), true});
    load_accounts(m, fx);
    m.records.nav = PendingNav{msg.direction, m.list.in_flight_seq};
}

// ---- Create / edit ------------------------------------------------------------------------------

void handle(AppModel& m, const OpenCreateForm&, Effects& fx) {
    FormState& f = m.records.form;
    if (f.open) return;   // never replace an open draft
    f = FormState{};
    f.open = true;
    f.mode = FormMode::Create;
    f.original = new_account_draft();
    f.draft = f.original;
    f.client_errors = validate_draft(f.draft);
    load_users_once(m, fx);
}

void handle(AppModel& m, const OpenEditForm&, Effects& fx) {
    FormState& f = m.records.form;
    const DetailState& d = m.records.detail;
    if (f.open || !d.account) return;
    f = FormState{};
    f.open = true;
    f.mode = FormMode::Edit;
    f.account_id = d.account->id;
    f.original = draft_from_account(*d.account);
    f.draft = f.original;
    f.etag = d.etag;
    f.base_updated_at = d.account->updated_at;
    f.client_errors = validate_draft(f.draft);
    load_users_once(m, fx);
}

void handle(AppModel& m, const EditDraft& msg, Effects&) {
    FormState& f = m.records.form;
    if (!f.open || f.saving) return;
    // A server error stays beside its field until that field changes.
    for (const auto& field : kDraftFields) {
        if (draft_field_equal(f.draft, msg.draft, field.key)) continue;
        std::string key = field.key;
        for (auto it = f.server_errors.begin(); it != f.server_errors.end();) {
            bool match = it->first == key || it->first.rfind(key + ".", 0) == 0;
            it = match ? f.server_errors.erase(it) : std::next(it);
        }
    }
    f.draft = msg.draft;
    f.client_errors = validate_draft(f.draft);
    f.confirm_discard = false;
    if (f.error && f.error->code == "form.invalid" && f.client_errors.empty()) f.error.reset();
}

void handle(AppModel& m, const SaveDraft&, Effects& fx) { start_save(m, fx); }

void handle(AppModel& m, const CancelForm&, Effects&) {
    FormState& f = m.records.form;
    if (!f.open) return;
    if (f.conflict.open) {
        f.conflict.open = false;
        return;
    }
    if (form_dirty(f)) {
        f.confirm_discard = true;
        return;
    }
    close_form(m);
}

void handle(AppModel& m, const ConfirmDiscard& msg, Effects&) {
    if (!m.records.form.open) return;
    if (msg.discard) close_form(m);
    else m.records.form.confirm_discard = false;
}

void handle(AppModel& m, const SaveCompleted& msg, Effects& fx) {
    FormState& f = m.records.form;
    if (!f.open || msg.seq != f.save_seq) return;
    f.save_seq = 0;
    f.saving = false;
    Result<AccountDetail> r = f.mode == FormMode::Edit ? parse_account_response_for(msg.response, f.account_id)
                                                       : parse_account_response(msg.response);
    if (r) return apply_saved(m, fx, r.value(), f.mode == FormMode::Create);
    Error e = r.error();
    if (e.code == "api.unauthorized") {
        f.error = make_error("api.unauthorized", "Your session ended. Sign in again: your changes are kept and will be saved.", 401);
        return unauthorized(m, fx, e, Replay{ReplayAction::Save, f.account_id});
    }
    if (e.http_status == 412) return fetch_fresh(m, fx, false);
    if (e.http_status == 400 && !e.field_errors.empty()) {
        f.server_errors = e.field_errors;
        f.show_all_errors = true;
    }
    if (e.code == "api.http_404" && f.mode == FormMode::Edit) {
        e.message = "This account no longer exists on the server; your draft is kept.";
    }
    f.error = e;
}

void handle(AppModel& m, const FreshVersionLoaded& msg, Effects& fx) {
    FormState& f = m.records.form;
    if (!f.open || msg.seq != f.check_seq) return;
    f.check_seq = 0;
    f.saving = false;
    Result<AccountDetail> r = parse_account_response_for(msg.response, f.account_id);
    if (!r) {
        Error e = r.error();
        if (e.code == "api.unauthorized") {
            f.error = make_error("api.unauthorized", "Your session ended. Sign in again: your changes are kept and will be saved.", 401);
            return unauthorized(m, fx, e, Replay{ReplayAction::ConflictCheck, f.account_id});
        }
        if (e.code == "api.http_404") e.message = "This account was deleted by someone else; your draft is kept.";
        f.error = e;
        return;
    }
    const AccountDetail& fresh = r.value();
    if (f.checking_before_save && fresh.account.updated_at == f.base_updated_at) {
        f.checking_before_save = false;
        return send_save(m, fx);
    }
    f.checking_before_save = false;
    refresh_list_row(m, fresh.account);
    open_conflict(m, fresh);
}

void handle(AppModel& m, const ChooseConflictValue& msg, Effects&) {
    ConflictState& c = m.records.form.conflict;
    if (!c.open || !c.choices.count(msg.field)) return;
    c.choices[msg.field] = msg.choice;
}

void handle(AppModel& m, const ApplyConflictChoices&, Effects& fx) {
    FormState& f = m.records.form;
    if (!f.open || !f.conflict.open) return;
    AccountDraft merged = f.conflict.theirs;
    for (const auto& [field, choice] : f.conflict.choices) {
        if (choice == ConflictChoice::Mine) copy_draft_field(merged, f.draft, field);
    }
    f.original = f.conflict.theirs;
    f.draft = merged;
    f.etag = f.conflict.theirs_etag;
    f.base_updated_at = f.conflict.theirs_updated_at;
    f.conflict = ConflictState{};
    f.error.reset();
    f.server_errors.clear();
    start_save(m, fx);
}

void handle(AppModel& m, const CancelConflict&, Effects&) { m.records.form.conflict.open = false; }

// ---- Delete with undo ---------------------------------------------------------------------------

void handle(AppModel& m, const EditAccount& msg, Effects& fx) {
    if (msg.id.empty() || m.records.form.open) return;
    const DetailState& d = m.records.detail;
    if (d.account && d.account->id == msg.id && d.status == RecordsLoad::Loaded) return handle(m, OpenEditForm{}, fx);
    m.records.edit_when_loaded = msg.id;     // the form opens when its detail arrives
    handle(m, SelectAccount{msg.id}, fx);
}

void handle(AppModel& m, const RequestDelete& msg, Effects&) {
    DeleteState& del = m.records.del;
    const DetailState& d = m.records.detail;
    if (d.account && d.account->id == msg.id) {
        del.target = *d.account;
        del.etag = d.etag;
    } else {
        auto it = std::find_if(m.list.page.results.begin(), m.list.page.results.end(),
                               [&](const Account& a) { return a.id == msg.id; });
        if (it == m.list.page.results.end()) return;
        del.target = *it;
        del.etag.clear();
    }
    del.confirm_open = true;
}

void handle(AppModel& m, const ConfirmDelete&, Effects& fx) {
    DeleteState& del = m.records.del;
    if (!del.confirm_open) return;
    del.confirm_open = false;
    if (find_pending(m, del.target.id)) return;
    PendingDelete p;
    p.id = del.target.id;
    p.account = del.target;
    p.etag = del.etag;
    auto& rows = m.list.page.results;
    p.row_index = rows.size();
    for (size_t i = 0; i < rows.size(); ++i) {
        if (rows[i].id == p.id) p.row_index = i;
    }
    if (p.row_index < rows.size()) {
        rows.erase(rows.begin() + static_cast<std::ptrdiff_t>(p.row_index));
        m.list.page.count = std::max<int64_t>(0, m.list.page.count - 1);
    }
    push_toast(m, "Deleting " + display_name(p.account) + "...", false, p.id);
    del.pending.push_back(std::move(p));
    if (m.selected_id == del.target.id) handle(m, SelectAccount{""}, fx);
}

void handle(AppModel& m, const CancelDelete&, Effects&) { m.records.del.confirm_open = false; }

void handle(AppModel& m, const UndoDelete& msg, Effects&) {
    PendingDelete* p = find_pending(m, msg.id);
    if (!p || p->sent) return;   // too late: the DELETE is on its way
    restore_row(m, *p);
    std::string name = display_name(p->account);
    erase_pending(m, msg.id);
    remove_undo_toast(m, msg.id);
    push_toast(m, "Kept " + name + ".", false);
}

void handle(AppModel& m, const CommitDelete& msg, Effects& fx) {
    PendingDelete* p = find_pending(m, msg.id);
    if (!p || p->sent) return;
    remove_undo_toast(m, msg.id);
    send_delete(m, fx, *p);
}

void handle(AppModel& m, const DeleteCompleted& msg, Effects& fx) {
    auto& v = m.records.del.pending;
    auto it = std::find_if(v.begin(), v.end(), [&](const PendingDelete& p) { return p.sent && p.seq == msg.seq; });
    if (it == v.end()) return;
    PendingDelete p = *it;
    Result<bool> r = parse_delete_response(msg.response);
    if (r || r.error().code == "api.http_404") {   // 404: already gone, which is what was asked
        erase_pending(m, p.id);
        local_account_deleted(m, p.id);
        invalidate_dashboard(m);
        push_toast(m, "Deleted " + display_name(p.account) + ".", false);
        return;
    }
    const Error& e = r.error();
    if (e.code == "api.unauthorized") {
        it->sent = false;   // still pending: sent again after signing in
        it->seq = 0;
        return unauthorized(m, fx, e, Replay{ReplayAction::Delete, p.id});
    }
    restore_row(m, p);
    erase_pending(m, p.id);
    std::string why = e.http_status == 412 ? "it was changed by someone else. Review it and delete again." : e.message;
    push_toast(m, "Could not delete " + display_name(p.account) + ": " + why, true);
}

void handle(AppModel& m, const DismissToast& msg, Effects&) {
    auto& t = m.records.toasts;
    t.erase(std::remove_if(t.begin(), t.end(), [&](const Toast& x) { return x.id == msg.id && x.undo_delete_id.empty(); }),
            t.end());
}

// ---- After every message ------------------------------------------------------------------------

void replay_after_sign_in(AppModel& m, Effects& fx) {
    std::vector<Replay> todo = std::exchange(m.records.replay, {});
    for (const Replay& r : todo) {
        switch (r.action) {
            case ReplayAction::LoadDetail:
                if (m.records.detail.id == r.id && m.records.detail.in_flight_seq == 0) load_detail(m, fx);
                break;
            case ReplayAction::LoadContacts:
                if (m.records.detail.id == r.id && m.records.detail.contacts_seq == 0) {
                    m.records.detail.contacts.clear();
                    m.records.detail.contacts_page = 0;
                    load_contacts(m, fx, 1);
                }
                break;
            case ReplayAction::Save:
                if (m.records.form.open && !m.records.form.saving) {
                    m.records.form.error.reset();
                    start_save(m, fx);
                }
                break;
            case ReplayAction::ConflictCheck:
                if (m.records.form.open && !m.records.form.saving) fetch_fresh(m, fx, m.records.form.checking_before_save);
                break;
            case ReplayAction::Delete:
                if (PendingDelete* p = find_pending(m, r.id); p && !p->sent) send_delete(m, fx, *p);
                break;
            case ReplayAction::LoadUsers:
                if (m.users.status != UsersStatus::Loaded) m.users.status = UsersStatus::Idle;
                load_users_once(m, fx);
                break;
        }
    }
}

void records_after_update(AppModel& m, const Msg& msg, Effects& fx) {
    RecordsState& r = m.records;
    if (const auto* loaded = std::get_if<AccountsLoaded>(&msg)) {
        // A new token is accepted once the list request it made is not refused.
        if (r.verify_seq != 0 && loaded->seq == r.verify_seq) {
            r.verify_seq = 0;
            int status = loaded->response.status;
            if (status == 0) {
                m.api.token.clear();
                Error e = error_from_response(loaded->response);
                m.auth_message = e.message;
                fx.push_back(ShowSignIn{e.message});
            } else if (status == 403) {
                m.api.token.clear();
                m.auth_message = "This token is not allowed to use the Accounts API.";
                fx.push_back(ShowSignIn{m.auth_message});
            } else if (status != 401) {
                m.auth = AuthStatus::SignedIn;
                m.auth_message.clear();
                fx.push_back(HideSignIn{});
                fx.push_back(StoreToken{m.api.token});
                replay_after_sign_in(m, fx);
            }
        }
        if (r.nav.direction != 0 && loaded->seq == r.nav.list_seq) {
            int dir = r.nav.direction;
            r.nav = PendingNav{};
            const auto& rows = m.list.page.results;
            if (m.list.status == LoadStatus::Loaded && !rows.empty()) {
                handle(m, SelectAccount{dir > 0 ? rows.front().id : rows.back().id}, fx);
            }
        }
    }
    // The detail follows the selection (list click, URL, previous/next, back/forward).
    DetailState& d = r.detail;
    if (m.auth == AuthStatus::SignedIn && d.id != m.selected_id) {
        DetailTab tab = d.tab;
        d = DetailState{};
        d.tab = tab;
        d.id = m.selected_id;
        load_detail(m, fx);
    }
    bool guard = form_dirty(r.form) ||
                 std::any_of(r.del.pending.begin(), r.del.pending.end(), [](const PendingDelete& p) { return !p.sent; });
    if (guard != r.leave_guard) {
        r.leave_guard = guard;
        fx.push_back(SetLeaveGuard{guard, form_dirty(r.form) ? "You have unsaved changes."
                                                              : "A delete is waiting for its undo window; leaving now cancels it."});
    }
}

// ---- Snapshot -----------------------------------------------------------------------------------

json records_to_json(const AppModel& m) {
    const RecordsState& r = m.records;
    const DetailState& d = r.detail;
    json contacts = json::array();
    for (const auto& c : d.contacts) {
        contacts.push_back({{"id", c.id}, {"firstName", c.first_name}, {"lastName", c.last_name}, {"email", c.email},
                            {"title", c.title}, {"stage", c.stage}});
    }
    const FormState& f = r.form;
    json draft = draft_to_create_body(f.draft);
    draft["annualRevenueText"] = f.draft.annual_revenue;
    json conflict_fields = json::array();
    for (const auto& k : f.conflict.fields) {
        conflict_fields.push_back({{"field", k},
                                   {"mine", draft_field_text(f.draft, k)},
                                   {"theirs", draft_field_text(f.conflict.theirs, k)},
                                   {"original", draft_field_text(f.original, k)},
                                   {"choice", f.conflict.choices.at(k) == ConflictChoice::Mine ? "mine" : "theirs"}});
    }
    json pending = json::array();
    for (const auto& p : r.del.pending) pending.push_back({{"id", p.id}, {"sent", p.sent}});
    json toasts = json::array();
    for (const auto& t : r.toasts) toasts.push_back({{"id", t.id}, {"text", t.text}, {"error", t.error}, {"undoId", t.undo_delete_id}});
    json replay = json::array();
    for (const auto& x : r.replay) replay.push_back(static_cast<int>(x.action));
    return {
        {"detail",
         {{"id", d.id},
          {"status", to_string(d.status)},
          {"account", d.account ? account_detail_to_json(*d.account) : json(nullptr)},
          {"etag", d.etag},
          {"error", error_json(d.error)},
          {"tab", d.tab == DetailTab::Contacts ? "contacts" : "overview"},
          {"contacts",
           {{"status", to_string(d.contacts_status)}, {"count", d.contacts_count}, {"rows", contacts},
            {"hasMore", d.contacts_has_more}, {"error", error_json(d.contacts_error)}}}}},
        {"form",
         {{"open", f.open},
          {"mode", f.mode == FormMode::Create ? "create" : "edit"},
          {"accountId", f.account_id},
          {"dirty", form_dirty(f)},
          {"saving", f.saving},
          {"draft", draft},
          {"clientErrors", field_errors_json(f.client_errors)},
          {"serverErrors", field_errors_json(f.server_errors)},
          {"error", error_json(f.error)},
          {"confirmDiscard", f.confirm_discard},
          {"conflict", {{"open", f.conflict.open}, {"fields", conflict_fields}}}}},
        {"delete", {{"confirmOpen", r.del.confirm_open}, {"targetId", r.del.target.id}, {"pending", pending}}},
        {"toasts", toasts},
        {"replay", replay},
        {"leaveGuard", r.leave_guard},
    };
}

}  // namespace crm::core
