// a11y_mirror.cpp: builds mirror nodes from ui/item_registry and the model, diffs them by key against
// the last frame and sends only the changes to the page. Reads ImGui and the model; changes ImGui
// focus only when the user focuses or clicks a mirror element.
#include "app/a11y_mirror.hpp"

#include <emscripten/em_js.h>
#include <emscripten/emscripten.h>
#include <imgui.h>
#include <imgui_internal.h>

#include <algorithm>
#include <array>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/app/dashboard.hpp"
#include "core/model/account_fields.hpp"
#include "core/util/format.hpp"
#include "ui/item_registry.hpp"
#include "ui/views/dashboard_view.hpp"   // dash_item_label: the dashboard's tiles and bars
#include "ui/views/list_row_cache.hpp"   // user_names: the names the table's cells show

// clang-format off
EM_JS(void, js_a11y_install, (), {
  var root = document.getElementById('a11y-mirror');
  var live = document.getElementById('a11y-live');
  if (!root || !live) return;
  var ime = document.getElementById('crm-text-input');
  var canvas = Module.canvas;
  var els = {};        // node key -> element
  var itemEls = {};    // ImGui item id -> focusable element
  var guard = false;   // focus moves made here are not user requests
  var wanted = '0';    // the element of ImGui's focused item, to take focus when the app gets it
  var setAttr = function(el, k, v) { if (v === null || v === undefined) { if (el.hasAttribute(k)) el.removeAttribute(k); } else if (el.getAttribute(k) !== String(v)) el.setAttribute(k, String(v)); };
  var bindItem = function(el, id) {
    var old = el.dataset.item;
    if (old && itemEls[old] === el) delete itemEls[old];
    if (id) { el.dataset.item = String(id); el.tabIndex = -1; itemEls[String(id)] = el; }
    else { delete el.dataset.item; el.removeAttribute('tabindex'); }
  };
  var CONTAINER = { table: 1, dialog: 1, region: 1, menu: 1, listbox: 1, group: 1, radiogroup: 1, tablist: 1 };
  var make = function(n) {
    var el;
    if (n.role === 'textbox') { el = document.createElement('input'); el.type = 'text'; el.autocomplete = 'off'; }
    else if (n.role === 'table') { el = document.createElement('table'); }
    else if (n.role === 'row' || n.role === 'headrow') { el = document.createElement('tr'); }
    else { el = document.createElement('div'); el.setAttribute('role', n.role); }
    if (n.role === 'dialog') el.setAttribute('aria-modal', 'true');
    el.dataset.key = n.key;
    return el;
  };
  var syncCells = function(el, n) {
    var tag = n.role === 'headrow' ? 'th' : 'td';
    while (el.children.length > n.cells.length) el.removeChild(el.lastChild);
    while (el.children.length < n.cells.length) { var c = document.createElement(tag); if (tag === 'th') c.scope = 'col'; el.appendChild(c); }
    for (var i = 0; i < n.cells.length; i++) {
      var c = el.children[i];
      if (c.textContent !== n.cells[i]) c.textContent = n.cells[i];
      if (tag === 'th') setAttr(c, 'aria-sort', (n.sort && n.sort[i]) || null);
      var id = (n.items && n.items[i]) || 0;
      if (String(id || "") !== (c.dataset.item || "")) bindItem(c, id);
    }
  };
  var update = function(el, n) {
    if (n.role === 'textbox') {
      setAttr(el, 'aria-label', n.name);
      if (el.value !== n.value) el.value = n.value;
    } else if (n.role === 'row' || n.role === 'headrow') {
      syncCells(el, n);
      setAttr(el, 'aria-selected', n.selected ? 'true' : null);
    } else if (CONTAINER[n.role]) {
      setAttr(el, 'aria-label', n.name || null);
    } else if (n.role === 'combobox') {
      setAttr(el, 'aria-label', n.name);
      if (el.textContent !== n.value) el.textContent = n.value;
    } else if (el.textContent !== n.name) {
      el.textContent = n.name;
    }
    if (n.role !== 'row' && n.role !== 'headrow') setAttr(el, 'aria-selected', n.selected === undefined ? null : (n.selected ? 'true' : 'false'));
    setAttr(el, 'aria-disabled', n.disabled ? 'true' : null);
    setAttr(el, 'aria-checked', n.checked === undefined ? null : (n.checked ? 'true' : 'false'));
    setAttr(el, 'aria-expanded', n.expanded === undefined ? null : (n.expanded ? 'true' : 'false'));
    if (n.role !== 'row' && n.role !== 'headrow' && (!CONTAINER[n.role] || n.role === 'region')) {
      if (String(n.item || "") !== (el.dataset.item || "")) bindItem(el, n.item);
    }
  };
  var appHasFocus = function() {
    var a = document.activeElement;
    return a === canvas || root.contains(a);
  };
  var rowsMarked = false;
  Module.crmA11y = {
    apply: function(json) {
      var ops = JSON.parse(json);
      var a = document.activeElement, hadFocus = root.contains(a) ? a : null;
      (ops.remove || []).forEach(function(k) {
        var el = els[k]; if (!el) return;
        if (el.dataset.item && itemEls[el.dataset.item] === el) delete itemEls[el.dataset.item];
        el.querySelectorAll('[data-item]').forEach(function(c) { if (itemEls[c.dataset.item] === c) delete itemEls[c.dataset.item]; });
        if (el.parentNode) el.parentNode.removeChild(el);
        delete els[k];
      });
      (ops.upsert || []).forEach(function(n) {
        var el = els[n.key];
        if (!el) { el = make(n); els[n.key] = el; }
        update(el, n);
      });
      if (ops.order) {
        // Children in frame order, moving only the elements that are out of place.
        var counts = {};
        ops.order.forEach(function(pair) {
          var el = els[pair[0]]; var parent = pair[1] ? els[pair[1]] : root;
          if (!el || !parent) return;
          var i = counts[pair[1]] || 0; counts[pair[1]] = i + 1;
          var at = parent.children[i];
          if (at !== el) parent.insertBefore(el, at || null);
        });
      }
      guard = true;
      // Removing or moving the focused element drops focus to <body>: give it back (or to the canvas).
      var now = document.activeElement;
      if (hadFocus && (!now || now === document.body)) {
        if (hadFocus.isConnected) hadFocus.focus({ preventScroll: true });
        else canvas.focus({ preventScroll: true });
      }
      if (ops.focus !== undefined) wanted = String(ops.focus);
      if (ops.focus !== undefined) {
        var target = itemEls[wanted];
        if (target && appHasFocus() && document.activeElement !== target) target.focus({ preventScroll: true });
        // A focused item without an element (a pane to enter with Enter): the canvas, not a stale element.
        if (!target && root.contains(document.activeElement)) canvas.focus({ preventScroll: true });
      }
      guard = false;
      (ops.announce || []).forEach(function(text) {
        var p = document.createElement('p'); p.textContent = text; live.appendChild(p);
        while (live.children.length > 3) live.removeChild(live.firstChild);
      });
      // For the benchmarks' waterfall: when the first data rows reach the mirror.
      if (!rowsMarked && root.querySelector('td')) {
        rowsMarked = true;
        try { performance.mark('crm:rows-in-mirror'); } catch (e) {}
      }
    },
  };
  // The app gets focus (after sign-in, a click): the element of ImGui's focused item takes it.
  canvas.addEventListener('focus', function() {
    var t = itemEls[wanted];
    if (t && document.activeElement === canvas) { guard = true; t.focus({ preventScroll: true }); guard = false; }
  });
  // A screen reader (or Tab in the page) focuses a mirror element: ImGui focuses that item.
  root.addEventListener('focusin', function(e) {
    if (guard) return;
    var id = e.target && e.target.dataset ? e.target.dataset.item : null;
    if (id) { _crm_a11y_request(Number(id), 0); _crm_html5_wake(); }
  });
  // A screen reader's "press" (a click without a pointer): ImGui activates that item.
  root.addEventListener('click', function(e) {
    var t = e.target && e.target.closest ? e.target.closest('[data-item]') : null;
    if (t) { e.preventDefault(); _crm_a11y_request(Number(t.dataset.item), 1); _crm_html5_settle_now(); }
  });
});
EM_JS(void, js_a11y_apply, (const char* json), { if (Module.crmA11y) Module.crmA11y.apply(UTF8ToString(json)); });
// clang-format on

namespace crm::app {

namespace {

struct Node {
    std::string key;
    std::string parent;
    nlohmann::json data;   // what the page gets: key, role, name, value, item, cells, flags...
};

std::map<std::string, nlohmann::json> g_last;   // key -> data sent
std::vector<std::pair<std::string, std::string>> g_last_order;
ImGuiID g_last_focus = 0;
bool g_last_focus_had_element = false;
std::set<uint64_t> g_seen_toasts;
std::string g_last_list_error;
std::string g_last_users_error;
int g_last_ops = 0;
bool g_installed = false;
ImGuiID g_request_id = 0;
bool g_request_activate = false;

std::string item_key(ImGuiID id) { return "i" + std::to_string(id); }

// The text a screen reader gets for one cell of the accounts table: the field registry's, as drawn.
std::string cell_text(const core::AccountField& f, const core::Account& a, const core::UserNames& users, int64_t now) {
    std::string text = f.text(a, users, now);
    return text.empty() ? std::string("-") : text;
}

// The account a row shows, by its id: on the list's page, or in local mode's copy (an id -> index map,
// rebuilt when a look-up finds it stale: the copy changed).
const core::Account* find_account(const core::AppModel& m, const std::string& id) {
    if (!m.local.active) {
        for (const core::Account& a : m.list.page.results) {
            if (a.id == id) return &a;
        }
        return nullptr;
    }
    static std::unordered_map<std::string, size_t> index;
    const std::vector<core::Account>& all = m.local.store.accounts();
    for (int attempt = 0; attempt < 2; ++attempt) {
        const auto it = index.find(id);
        if (it != index.end() && it->second < all.size() && all[it->second].id == id) return &all[it->second];
        if (attempt == 0) {
            index.clear();
            for (size_t i = 0; i < all.size(); ++i) index.emplace(all[i].id, i);
        }
    }
    return nullptr;
}

// The dashboard's tiles and charts as tables (label, count, share), each row bound to its tile or bar so
// that focusing or pressing the row focuses or presses it.
void add_dashboard_table(const core::Dashboard& d, const std::string& chart, const std::string& parent,
                         const std::map<std::string, ImGuiID>& ids, const std::function<void(Node)>& add) {
    const std::string tkey = "dash-" + chart;
    auto count_text = [](const std::optional<int64_t>& n) { return n ? core::format_count(*n) : std::string("\xE2\x80\xA6"); };
    std::vector<std::array<std::string, 4>> rows;   // key, label, count, share
    std::string name;
    if (chart == "tile") {
        name = "Key figures";
        for (const core::DashTile& t : d.tiles) {
            rows.push_back({ui::dash_item_label("tile", t.key), t.label, count_text(t.count), t.share ? std::to_string(*t.share) + "%" : ""});
        }
    } else {
        for (const core::Chart& c : d.charts) {
            if (c.id != chart) continue;
            name = c.title;
            if (!c.unavailable.empty()) name += " (" + c.unavailable + ")";
            for (const core::ChartRow& r : c.rows) {
                rows.push_back({ui::dash_item_label(c.id, r.key), r.label, count_text(r.count), r.count ? std::to_string(r.share) + "%" : ""});
            }
        }
    }
    add(Node{tkey, parent, {{"role", "table"}, {"name", name}}});
    add(Node{tkey + "/h", tkey, {{"role", "headrow"}, {"cells", {"Label", "Count", "Share"}}, {"items", {0, 0, 0}}}});
    for (const auto& [label, text, count, share] : rows) {
        const auto id = ids.find(label);
        nlohmann::json d2 = {{"role", "row"}, {"cells", {text, count, share}}, {"items", {id != ids.end() ? id->second : 0, 0, 0}}};
        add(Node{tkey + "/" + label, tkey, std::move(d2)});
    }
}

std::string role_of(const ui::RegistryItem& it) {
    if (it.status & ImGuiItemStatusFlags_Inputable) return "textbox";
    if (it.status & ImGuiItemStatusFlags_Checkable) return "checkbox";
    return "button";
}

std::vector<Node> build(const core::AppModel& model) {
    std::vector<Node> nodes;
    std::set<std::string> keys;
    auto add = [&](Node n) {
        if (!keys.insert(n.key).second) return;   // an id twice in a frame: the first one wins
        n.data["key"] = n.key;
        nodes.push_back(std::move(n));
    };
    const auto& items = ui::item_registry_items();

    // The accounts table (the list's, or local mode's): its columns are the registry's list fields.
    const ImGuiID table_id = ui::item_registry_table("Accounts");
    const auto& fields = core::list_fields();
    std::vector<const ui::RegistryItem*> headers;
    for (const auto& it : items) {
        if (table_id != 0 && it.table_id == table_id && it.table_header) headers.push_back(&it);
    }
    std::sort(headers.begin(), headers.end(),
              [](const ui::RegistryItem* a, const ui::RegistryItem* b) { return a->rect.Min.x < b->rect.Min.x; });
    bool table_added = false;
    const core::UserNames& users = ui::user_names(model);
    // The table's scrolling pane (drawn after its rows): a named region around the table, focusable.
    ImGuiID pane_id = 0;
    for (const auto& it : items) {
        if (table_id != 0 && it.pane_of_table == table_id) pane_id = it.id;
    }
    // Sort state of each header (ImGui's arrows mirror the list's ordering: accounts_list_view sync_sort).
    nlohmann::json sort = nlohmann::json::array();
    if (ImGuiTable* t = table_id != 0 ? ImGui::TableFindByID(table_id) : nullptr) {
        for (const auto* h : headers) {
            if (h->table_column < 0 || h->table_column >= t->ColumnsCount) {
                sort.push_back(nullptr);
                continue;
            }
            const ImGuiTableColumn& c = t->Columns[h->table_column];
            if (c.Flags & ImGuiTableColumnFlags_NoSort) sort.push_back(nullptr);
            else if (c.SortOrder < 0) sort.push_back("none");
            else sort.push_back(c.SortDirection == ImGuiSortDirection_Descending ? "descending" : "ascending");
        }
    }
    // Open combo boxes: their list's window -> the combo box (name, value).
    std::map<ImGuiID, const ui::RegistryItem*> combo_of_popup;
    for (const auto& it : items) {
        if (it.combo_popup != 0) combo_of_popup[it.combo_popup] = &it;
    }

    // The dashboard: its tiles and charts become tables where their first item is drawn.
    const bool dashboard = model.screen == core::Screen::Dashboard;
    core::Dashboard dash;
    std::map<std::string, ImGuiID> dash_ids;
    if (dashboard) {
        dash = core::build_dashboard(model);
        for (const auto& it : items) {
            if (it.label.rfind("dash:", 0) == 0) dash_ids.emplace(it.label, it.id);
        }
    }
    const std::function<void(Node)> add_node = [&](Node n) { add(std::move(n)); };

    for (const auto& it : items) {
        const std::string parent = it.dialog_id != 0 ? "d" + std::to_string(it.dialog_id) : "";
        if (dashboard && it.label.rfind("dash:", 0) == 0) {
            const size_t colon = it.label.find(':', 5);
            const std::string chart = it.label.substr(5, colon == std::string::npos ? std::string::npos : colon - 5);
            if (keys.count("dash-" + chart) == 0) add_dashboard_table(dash, chart, parent, dash_ids, add_node);
            continue;
        }
        if (it.dialog_id != 0) {
            Node d{parent, "", {{"role", "dialog"}, {"name", it.dialog_title}}};
            add(std::move(d));
        }
        if (table_id != 0 && it.table_id == table_id) {
            const std::string tkey = "t" + std::to_string(table_id);
            if (!table_added) {
                table_added = true;
                std::string table_parent = parent;
                if (pane_id != 0) {
                    table_parent = "p" + std::to_string(table_id);
                    add(Node{table_parent, parent, {{"role", "region"}, {"name", "Accounts table"}, {"item", pane_id}}});
                }
                Node t{tkey, table_parent, {{"role", "table"}, {"name", "Accounts"}}};
                add(std::move(t));
                nlohmann::json cells = nlohmann::json::array(), ids = nlohmann::json::array();
                for (const auto* h : headers) {
                    cells.push_back(h->column_name);
                    ids.push_back(h->id);
                }
                add(Node{"h" + std::to_string(table_id), tkey,
                         {{"role", "headrow"}, {"cells", cells}, {"items", ids}, {"sort", sort}}});
            }
            if (it.table_header || it.table_column != 0 || it.record_id.empty()) continue;
            // A row's selectable: its account by the id it was drawn for, its cells by field.
            const core::Account* a = find_account(model, it.record_id);
            if (!a) continue;
            nlohmann::json cells = nlohmann::json::array(), ids = nlohmann::json::array();
            for (const auto* h : headers) {
                const bool known = h->table_column >= 0 && static_cast<size_t>(h->table_column) < fields.size();
                cells.push_back(known ? cell_text(*fields[static_cast<size_t>(h->table_column)], *a, users, model.now_unix)
                                      : std::string());
                ids.push_back(h->table_column == 0 ? it.id : 0);
            }
            nlohmann::json d = {{"role", "row"}, {"cells", cells}, {"items", ids}};
            if (model.selected_id == a->id) d["selected"] = true;
            add(Node{"r" + a->id, tkey, std::move(d)});
            continue;
        }
        if (it.pane_of_table != 0) continue;   // the accounts table's pane is its region (above)
        if (it.is_window) continue;            // a window, not a control (a dialog is its own node)
        std::string role = role_of(it);
        if (it.label.empty() && !it.has_value) continue;   // scrollbars, splitters, unnamed widgets
        std::string item_parent = parent;
        nlohmann::json d = {{"name", it.label.empty() ? std::string("text field") : it.label}, {"item", it.id}};
        if (it.popup_id != 0) {
            // A menu (radio buttons in it are menu radios, grouped) or a combo box's list of options.
            item_parent = "m" + std::to_string(it.popup_id);
            nlohmann::json menu = {{"role", it.in_combo_popup ? "listbox" : "menu"}};
            const auto combo = combo_of_popup.find(it.popup_id);
            if (combo != combo_of_popup.end()) menu["name"] = combo->second->label;
            add(Node{item_parent, parent, std::move(menu)});
            if (it.in_combo_popup) {
                role = "option";
                d["selected"] = combo != combo_of_popup.end() && combo->second->value == it.label;
            } else if (it.role == "radio") {
                role = "menuitemradio";
                d["checked"] = it.state;
                const std::string group = item_parent + "/" + it.group;
                add(Node{group, item_parent, {{"role", "group"}, {"name", it.group}}});
                item_parent = group;
            } else if (it.status & ImGuiItemStatusFlags_Checkable) {
                role = "menuitemcheckbox";   // e.g. the list's Columns menu
                d["checked"] = (it.status & ImGuiItemStatusFlags_Checked) != 0;
            } else {
                role = "menuitem";
            }
        } else if (it.role == "radio" || it.role == "tab") {
            const bool radio = it.role == "radio";
            const std::string group = (radio ? "rg" : "tl") + std::to_string(it.window_id) + "/" + it.group;
            add(Node{group, parent, {{"role", radio ? "radiogroup" : "tablist"}, {"name", it.group}}});
            item_parent = group;
            role = it.role;
            d[radio ? "checked" : "selected"] = it.state;
        } else if (it.role == "combobox") {
            role = "combobox";
            d["value"] = it.value;
            d["expanded"] = it.state;
        } else if (it.role == "heading") {
            role = "heading";   // a title (the open account's name, exactly): read, not focused
            d["name"] = it.value;
            d.erase("item");
        }
        d["role"] = role;
        if (role == "textbox") d["value"] = it.value;
        if (it.item_flags & ImGuiItemFlags_Disabled) d["disabled"] = true;
        if (role == "checkbox") d["checked"] = (it.status & ImGuiItemStatusFlags_Checked) != 0;
        if (it.status & ImGuiItemStatusFlags_Openable) d["expanded"] = (it.status & ImGuiItemStatusFlags_Opened) != 0;
        add(Node{item_key(it.id), item_parent, std::move(d)});
    }
    return nodes;
}

}  // namespace

void a11y_mirror_install() {
    js_a11y_install();
    g_installed = true;
}

void a11y_mirror_apply_pending() {
    if (g_request_id == 0) return;
    const ImGuiID id = g_request_id;
    const bool activate = g_request_activate;
    g_request_id = 0;
    g_request_activate = false;
    for (const auto& it : ui::item_registry_items()) {
        if (it.id != id) continue;
        ImGuiWindow* window = ImGui::FindWindowByID(it.window_id);
        if (!window) return;
        ImGuiContext& g = *ImGui::GetCurrentContext();
        if (g.NavId != id) {
            ImGui::FocusWindow(window);
            ImGui::SetFocusID(id, window);
            window->NavRectRel[g.NavLayer] = ImGui::WindowRectAbsToRel(window, it.rect);
            ImGui::ScrollToRect(window, it.rect, ImGuiScrollFlags_KeepVisibleEdgeY);
        }
        g.NavDisableHighlight = false;   // the focus ring shows where the screen reader is
        g.NavDisableMouseHover = true;
        if (activate) ImGui::ActivateItemByID(id);
        return;
    }
}

namespace {
double g_cost_ms = 0, g_cost_max_ms = 0;   // time spent in a11y_mirror_update (C++ diff and DOM work)
int g_cost_frames = 0;
void update_mirror(const core::AppModel& model);
}  // namespace

void a11y_mirror_update(const core::AppModel& model) {
    const double t0 = emscripten_get_now();
    update_mirror(model);
    const double ms = emscripten_get_now() - t0;
    g_cost_ms += ms;
    g_cost_max_ms = std::max(g_cost_max_ms, ms);
    ++g_cost_frames;
}

namespace {
void update_mirror(const core::AppModel& model) {
    g_last_ops = 0;
    if (!g_installed) return;
    std::vector<Node> nodes = build(model);
    nlohmann::json ops = nlohmann::json::object();
    nlohmann::json upsert = nlohmann::json::array(), remove = nlohmann::json::array();
    std::vector<std::pair<std::string, std::string>> order;
    std::set<std::string> now;
    for (Node& n : nodes) {
        now.insert(n.key);
        order.emplace_back(n.key, n.parent);
        auto found = g_last.find(n.key);
        if (found == g_last.end() || found->second != n.data) {
            upsert.push_back(n.data);
            g_last[n.key] = n.data;
        }
    }
    for (auto it = g_last.begin(); it != g_last.end();) {
        if (now.count(it->first) == 0) {
            remove.push_back(it->first);
            it = g_last.erase(it);
        } else {
            ++it;
        }
    }
    if (!upsert.empty()) ops["upsert"] = std::move(upsert);
    if (!remove.empty()) ops["remove"] = std::move(remove);
    if (order != g_last_order) {
        nlohmann::json o = nlohmann::json::array();
        for (const auto& [k, p] : order) o.push_back({k, p});
        ops["order"] = std::move(o);
        g_last_order = std::move(order);
    }
    // ImGui's keyboard focus -> DOM focus (the page moves it only while the app has focus).
    const ImGuiContext& g = *ImGui::GetCurrentContext();
    const ImGuiID focus = g.NavId;
    bool has_element = false;
    if (focus != 0) {
        for (const auto& [k, d] : g_last) {
            if (d.contains("item") && d["item"] == focus) has_element = true;
            if (!has_element && d.contains("items")) {
                for (const auto& id : d["items"]) {
                    if (id == focus) has_element = true;
                }
            }
            if (has_element) break;
        }
    }
    if (focus != g_last_focus || (has_element && !g_last_focus_had_element)) {
        ops["focus"] = has_element ? focus : 0;
        g_last_focus = focus;
        g_last_focus_had_element = has_element;
    }
    // Toasts and list errors: announced once each through the aria-live region.
    nlohmann::json announce = nlohmann::json::array();
    for (const core::Toast& t : model.records.toasts) {
        if (g_seen_toasts.insert(t.id).second) announce.push_back(t.text);
    }
    const std::string list_error = model.list.error ? model.list.error->message : std::string();
    if (list_error != g_last_list_error) {
        g_last_list_error = list_error;
        if (!list_error.empty()) announce.push_back(list_error);
    }
    const std::string users_error = model.users.error ? "User names unavailable: " + model.users.error->message : "";
    if (users_error != g_last_users_error) {
        g_last_users_error = users_error;
        if (!users_error.empty()) announce.push_back(users_error);
    }
    if (!announce.empty()) ops["announce"] = std::move(announce);
    if (ops.empty()) return;   // nothing changed: no call into the page
    g_last_ops = static_cast<int>(ops.size());
    js_a11y_apply(ops.dump().c_str());
}
}  // namespace

int a11y_mirror_last_ops() { return g_last_ops; }

}  // namespace crm::app

extern "C" {
// The page asks: focus (activate = 0) or press (activate = 1) this ImGui item in the next frame.
// The mirror's cost since the last reset (measurements): 0 frames, 1 total ms, 2 worst frame ms; 3 resets.
EMSCRIPTEN_KEEPALIVE double crm_a11y_cost(int what) {
    using namespace crm::app;
    if (what == 0) return g_cost_frames;
    if (what == 1) return g_cost_ms;
    if (what == 2) return g_cost_max_ms;
    g_cost_ms = g_cost_max_ms = 0;
    g_cost_frames = 0;
    return 0;
}
EMSCRIPTEN_KEEPALIVE void crm_a11y_request(unsigned id, int activate) {
    crm::app::g_request_id = id;
    crm::app::g_request_activate = activate != 0;
}
}
