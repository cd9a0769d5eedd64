// browser.hpp: the few browser services the app needs (config, token storage, the shell's sign-in
// form, title). Implemented in browser_emscripten.cpp; nothing else calls JavaScript.
#pragma once
#include <string>

#include "core/app/palette.hpp"

namespace crm::platform {

std::string config_api_base_url();              // from config.json, read by the shell before start-up
std::string load_token();                       // sessionStorage, then localStorage; "" if none
void store_token(const std::string& token);     // "" forgets it everywhere
void show_sign_in(const std::string& message);  // the shell's HTML form; message "" on first visit
void hide_sign_in();
void set_title(const std::string& title);
std::string location_hash();                    // e.g. "#/accounts?page=2" ("" if none)
void set_location_hash(const std::string& hash, bool push);   // pushState/replaceState; no event
void on_location_change(void (*callback)(const char* hash));  // back/forward and edited URLs
void notify_app_ready();                        // hides the shell's loading indicator
void show_fatal(const std::string& message);    // replaces the app with a readable message
double config_request_timeout_seconds();        // config.json "requestTimeoutSeconds" (0 if absent or not a number)
std::string config_title();                     // config.json "title" ("Accounts Console" if none)
void show_context_lost(bool lost);              // WebGL context lost: a notice with a reload button
void open_url(const std::string& url);          // a new tab, without access to this page (noopener)
std::string load_setting(const std::string& key);                     // localStorage; "" if none
void save_setting(const std::string& key, const std::string& value);  // localStorage; errors ignored
core::DisplayPrefs load_display_prefs();       // theme and UI scale as stored (defaults if none)
void store_display_prefs(const core::DisplayPrefs& prefs);
bool prefers_dark_color_scheme();               // prefers-color-scheme; changes wake the loop
bool prefers_reduced_motion();                  // prefers-reduced-motion: reduce; changes wake the loop

}  // namespace crm::platform
