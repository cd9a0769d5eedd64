// browser_emscripten.cpp: browser glue through EM_JS. The shell (shell/shell.js) owns the DOM;
// these calls go to the small `consoleShell` object it defines.
#include <emscripten/em_js.h>
#include <emscripten/emscripten.h>

#include <cstdlib>

#include "platform/browser.hpp"

// clang-format off
EM_JS(char*, js_config_api_base_url, (), {
  var c = (typeof consoleShell !== 'undefined' && consoleShell.config) || {};
  var s = typeof c.apiBaseUrl === 'string' ? c.apiBaseUrl : "";
  var n = lengthBytesUTF8(s) + 1; var p = _malloc(n); stringToUTF8(s, p, n); return p;
});
EM_JS(char*, js_load_token, (), {
  var t = "";
  try { t = sessionStorage.getItem('accountsConsole.token') || localStorage.getItem('accountsConsole.token') || ""; } catch (e) {}
  var n = lengthBytesUTF8(t) + 1; var p = _malloc(n); stringToUTF8(t, p, n); return p;
});
EM_JS(void, js_store_token, (const char* token), {
  var t = UTF8ToString(token);
  try {
    if (!t) { sessionStorage.removeItem('accountsConsole.token'); localStorage.removeItem('accountsConsole.token'); }
    else if (typeof consoleShell !== 'undefined' && consoleShell.remember) localStorage.setItem('accountsConsole.token', t);
    else sessionStorage.setItem('accountsConsole.token', t);
  } catch (e) {}
});
EM_JS(void, js_show_sign_in, (const char* message), {
  if (typeof consoleShell !== 'undefined') consoleShell.showSignIn(UTF8ToString(message));
});
EM_JS(void, js_hide_sign_in, (), {
  if (typeof consoleShell !== 'undefined') consoleShell.hideSignIn();
});
EM_JS(void, js_set_title, (const char* title), { document.title = UTF8ToString(title); });
EM_JS(void, js_notify_app_ready, (), {
  try { performance.mark("console-first-frame"); } catch (e) {}
  if (typeof consoleShell !== 'undefined') consoleShell.appReady();
});
EM_JS(void, js_show_fatal, (const char* message), {
  if (typeof consoleShell !== 'undefined') consoleShell.fatal(UTF8ToString(message));
});
EM_JS(double, js_config_request_timeout_seconds, (), {
  var c = (typeof consoleShell !== 'undefined' && consoleShell.config) || {};
  return typeof c.requestTimeoutSeconds === 'number' && isFinite(c.requestTimeoutSeconds) ? c.requestTimeoutSeconds : 0;
});
EM_JS(char*, js_config_title, (), {
  var c = (typeof consoleShell !== 'undefined' && consoleShell.config) || {};
  var s = typeof c.title === 'string' && c.title ? c.title : "Accounts Console";
  var n = lengthBytesUTF8(s) + 1; var p = _malloc(n); stringToUTF8(s, p, n); return p;
});
EM_JS(void, js_show_context_lost, (int lost), {
  if (typeof consoleShell !== 'undefined' && consoleShell.contextLost) consoleShell.contextLost(!!lost);
});
EM_JS(int, js_prefers_dark, (), {
  if (!window.matchMedia) return 1;
  if (!Module.crmSchemeMq) {
    Module.crmSchemeMq = window.matchMedia("(prefers-color-scheme: dark)");
    Module.crmSchemeMq.addEventListener("change", function() { if (typeof _crm_html5_wake === "function") _crm_html5_wake(); });
  }
  return Module.crmSchemeMq.matches ? 1 : 0;
});
EM_JS(int, js_prefers_reduced_motion, (), {
  if (!window.matchMedia) return 0;
  if (!Module.crmMotionMq) {
    Module.crmMotionMq = window.matchMedia("(prefers-reduced-motion: reduce)");
    Module.crmMotionMq.addEventListener("change", function() { if (typeof _crm_html5_wake === "function") _crm_html5_wake(); });
  }
  return Module.crmMotionMq.matches ? 1 : 0;
});
EM_JS(char*, js_location_hash, (), {
  var s = location.hash || "";
  var n = lengthBytesUTF8(s) + 1; var p = _malloc(n); stringToUTF8(s, p, n); return p;
});
EM_JS(void, js_set_location_hash, (const char* hash, int push), {
  var h = UTF8ToString(hash);
  if (location.hash === h) return;
  if (push) history.pushState(null, "", h); else history.replaceState(null, "", h);
});
EM_JS(void, js_listen_location_change, (), {
  var notify = function() {
    var s = location.hash || "";
    var n = lengthBytesUTF8(s) + 1; var p = _malloc(n); stringToUTF8(s, p, n);
    _crm_platform_location_changed(p); _free(p);
  };
  window.addEventListener("popstate", notify);
  window.addEventListener("hashchange", notify);
});
EM_JS(void, js_open_url, (const char* url), {
  var u = UTF8ToString(url);
  try { var p = new URL(u).protocol; if (p !== "http:" && p !== "https:") return; } catch (e) { return; }  // core checks too
  var w = window.open(u, "_blank", "noopener,noreferrer");
  if (w) w.opener = null;
});
EM_JS(char*, js_load_setting, (const char* key), {
  var v = "";
  try { v = localStorage.getItem('accountsConsole.' + UTF8ToString(key)) || ""; } catch (e) {}
  var n = lengthBytesUTF8(v) + 1; var p = _malloc(n); stringToUTF8(v, p, n); return p;
});
EM_JS(void, js_save_setting, (const char* key, const char* value), {
  try { localStorage.setItem('accountsConsole.' + UTF8ToString(key), UTF8ToString(value)); } catch (e) {}
});
// clang-format on

namespace crm::platform {
static void (*g_location_callback)(const char*) = nullptr;
}

extern "C" EMSCRIPTEN_KEEPALIVE void crm_platform_location_changed(const char* hash) {
    if (crm::platform::g_location_callback) crm::platform::g_location_callback(hash);
}

namespace crm::platform {

static std::string take_string(char* p) {
    std::string s = p ? p : "";
    std::free(p);
    return s;
}

std::string config_api_base_url() { return take_string(js_config_api_base_url()); }
std::string load_token() { return take_string(js_load_token()); }
void store_token(const std::string& token) { js_store_token(token.c_str()); }
void show_sign_in(const std::string& message) { js_show_sign_in(message.c_str()); }
void hide_sign_in() { js_hide_sign_in(); }
void set_title(const std::string& title) { js_set_title(title.c_str()); }
void notify_app_ready() { js_notify_app_ready(); }
void show_fatal(const std::string& message) { js_show_fatal(message.c_str()); }
double config_request_timeout_seconds() { return js_config_request_timeout_seconds(); }
std::string config_title() { return take_string(js_config_title()); }
void show_context_lost(bool lost) { js_show_context_lost(lost ? 1 : 0); }
bool prefers_dark_color_scheme() { return js_prefers_dark() != 0; }
bool prefers_reduced_motion() { return js_prefers_reduced_motion() != 0; }
std::string location_hash() { return take_string(js_location_hash()); }
void set_location_hash(const std::string& hash, bool push) { js_set_location_hash(hash.c_str(), push ? 1 : 0); }
void open_url(const std::string& url) { js_open_url(url.c_str()); }
std::string load_setting(const std::string& key) { return take_string(js_load_setting(key.c_str())); }
void save_setting(const std::string& key, const std::string& value) { js_save_setting(key.c_str(), value.c_str()); }

namespace {
constexpr const char* kThemeSettingKey = "display.theme";  // core::theme_choice_key
constexpr const char* kScaleSettingKey = "display.scale";  // UI scale in percent, 75..200
}  // namespace

core::DisplayPrefs load_display_prefs() {
    core::DisplayPrefs prefs;
    prefs.theme = core::parse_theme_choice(load_setting(kThemeSettingKey));
    const std::string scale = load_setting(kScaleSettingKey);
    prefs.scale_percent = scale.empty() ? 100 : core::parse_ui_scale(scale);
    return prefs;
}

void store_display_prefs(const core::DisplayPrefs& prefs) {
    save_setting(kThemeSettingKey, std::string(core::theme_choice_key(prefs.theme)));
    save_setting(kScaleSettingKey, std::to_string(prefs.scale_percent));
}
void on_location_change(void (*callback)(const char* hash)) {
    g_location_callback = callback;
    js_listen_location_change();
}

}  // namespace crm::platform
