// main_web.cpp: the console's browser entry point: WebGL2 canvas, Dear ImGui, main loop.
// Frame: HTTP completions -> update(); draw views; queued messages -> update() -> effects.
// Frames are drawn only when something may have changed (platform/frame_pacer.hpp).
#include <emscripten/emscripten.h>
#include <imgui.h>
#include <imgui_impl_opengl3.h>
#include <imgui_internal.h>

#include <GLES3/gl3.h>
#include <cstdio>
#include <ctime>
#include <string>
#include <vector>

#include "app/a11y_mirror.hpp"
#include "app/runtime.hpp"
#include "app/test_bridge.hpp"
#include "core/app/screen.hpp"
#include "platform/browser.hpp"
#include "platform/browser_text.hpp"
#include "platform/frame_memo.hpp"
#include "platform/imgui_impl_html5.hpp"
#include "platform/perf.hpp"
#include "platform/ui_font.hpp"
#include "app/perf_rows.hpp"
#include "platform/wake.hpp"
#include "core/app/palette.hpp"
#include "ui/dispatch.hpp"
#include "ui/item_registry.hpp"
#include "ui/theme.hpp"
#include "ui/views/app_view.hpp"
#ifdef CRM_TEST_BRIDGE
#include "app/platform_bridge.hpp"
#endif

namespace {

constexpr float kFontSizePx = 16.0f;                       // CSS pixels
constexpr const char* kLayoutSettingKey = "imgui.ini";     // table column layouts (widths, order, visibility)
#ifdef CRM_TEST_BRIDGE
constexpr bool kTestBuild = true;
#else
constexpr bool kTestBuild = false;
#endif

// Keep equal to CRM_FONT_SUBSET_UNICODES (cmake/FontSubset.cmake). The atlas holds the UI's own
// text and the Latin of most data: Latin-1, Latin Extended-A ("Łódź", "Dvořák"), Romanian ș ț,
// general punctuation (– — “ ” …), currency (€), № ™, the arrows, shapes and check marks the views
// draw. Every other script (Greek, Cyrillic, Vietnamese, CJK, RTL, emoji...) is drawn by the browser
// (platform/browser_text.hpp) in the user's own fonts.
const ImWchar kGlyphRanges[] = {
    0x0020, 0x00FF, 0x0100, 0x017F, 0x0218, 0x021B, 0x2000, 0x206F, 0x20A0, 0x20CF, 0x2116, 0x2116,
    0x2122, 0x2122, 0x2190, 0x2195, 0x2212, 0x2212, 0x25A0, 0x25A1, 0x25B2, 0x25B2, 0x25BC, 0x25BC,
    0x25CB, 0x25CB, 0x25CF, 0x25CF, 0x2605, 0x2606, 0x2713, 0x2717, 0,
};

struct App {
    crm::app::Runtime runtime;
    crm::ui::AppUi ui;
    crm::ui::Dispatch dispatch;
    std::string app_title = "Accounts Console";
    std::string title;                 // what document.title shows now
    bool first_frame = true;
    bool fonts_need_rebuild = false;   // after a WebGL context restore
    int theme = -1;                    // core::ThemeId applied (-1: none yet)
    int scale_percent = 0;             // UI scale the style and fonts were built for
    int reduced_motion = -1;
};

App* g_app = nullptr;
crm::platform::FrameMemo g_frame_memo;   // what the canvas shows: the last frame sent to GL

// True when draw data, clear colour and framebuffer size are exactly those of the last frame sent.
bool same_as_last_frame(const ImDrawData& dd, const crm::core::Rgb& bg, int fb_w, int fb_h) {
    crm::platform::FrameMemo& m = g_frame_memo;
    m.begin();
    m.add_value(fb_w);
    m.add_value(fb_h);
    m.add_value(bg);
    m.add_value(dd.DisplayPos);
    m.add_value(dd.DisplaySize);
    m.add_value(dd.FramebufferScale);
    for (const ImDrawList* l : dd.CmdLists) {
        m.add_value(l->VtxBuffer.Size);
        m.add_value(l->IdxBuffer.Size);
        m.add_value(l->CmdBuffer.Size);
        m.add(l->VtxBuffer.Data, static_cast<size_t>(l->VtxBuffer.Size) * sizeof(ImDrawVert));
        m.add(l->IdxBuffer.Data, static_cast<size_t>(l->IdxBuffer.Size) * sizeof(ImDrawIdx));
        for (const ImDrawCmd& c : l->CmdBuffer) {
            m.add_value(c.ClipRect);
            m.add_value(c.TextureId);
            m.add_value(c.VtxOffset);
            m.add_value(c.IdxOffset);
            m.add_value(c.ElemCount);
            m.add_value(c.UserCallback);
        }
    }
    return m.end();
}
std::vector<unsigned char> g_ui_font;   // ui.ttf, fetched by the shell; the font atlas borrows it (never frees it)
bool g_in_app = false;   // inside frame() or a completion being handled: the hook must not re-enter

// Rasterises the fonts for the current devicePixelRatio, so text stays sharp at any zoom.
void load_fonts(float dpr) {
    const float size = kFontSizePx * static_cast<float>(g_app->scale_percent) / 100.0f;
    ImGuiIO& io = ImGui::GetIO();
    io.Fonts->Clear();
    ImFontConfig cfg;
    cfg.RasterizerDensity = dpr;
    cfg.OversampleH = dpr >= 2.0f ? 1 : 2;   // at high density horizontal oversampling buys nothing
    cfg.OversampleV = 1;
    cfg.FontDataOwnedByAtlas = false;   // g_ui_font outlives every rebuild (Clear() must not free it)
    if (g_ui_font.empty() ||
        !io.Fonts->AddFontFromMemoryTTF(g_ui_font.data(), static_cast<int>(g_ui_font.size()), size, &cfg, kGlyphRanges)) {
        io.Fonts->AddFontDefault(&cfg);
    }
    io.Fonts->Build();
    ImGui_ImplOpenGL3_DestroyFontsTexture();
    ImGui_ImplOpenGL3_CreateFontsTexture();
}

// The model's display preferences (theme, UI scale) and the system's prefers-color-scheme and
// prefers-reduced-motion (checked each frame; a change wakes): style rebuilt only when one changes.
// Returns true when the fonts must be rebuilt (the UI scale changed).
bool apply_theme() {
    const crm::core::DisplayPrefs& prefs = g_app->runtime.model().display;
    const int reduced = crm::platform::prefers_reduced_motion() ? 1 : 0;
    const auto theme = crm::core::resolve_theme(prefs.theme, crm::platform::prefers_dark_color_scheme());
    const bool scale_changed = prefs.scale_percent != g_app->scale_percent;
    if (static_cast<int>(theme) == g_app->theme && !scale_changed && reduced == g_app->reduced_motion) return false;
    g_app->theme = static_cast<int>(theme);
    g_app->reduced_motion = reduced;
    g_app->scale_percent = prefs.scale_percent;
    crm::ui::apply_style(theme, static_cast<float>(prefs.scale_percent) / 100.0f, reduced != 0);
    return scale_changed;
}

// Returns how many messages the frame sent.
size_t dispatch_all() {
    const std::vector<crm::core::Msg> msgs = g_app->dispatch.take();
    for (const crm::core::Msg& msg : msgs) g_app->runtime.dispatch(msg);
    return msgs.size();
}

// Messages from outside a frame (the shell, the URL): the completion hook must not re-enter them.
void dispatch_from_outside(const crm::core::Msg& msg) {
    const bool was = g_in_app;
    g_in_app = true;
    g_app->runtime.dispatch(msg);
    g_in_app = was;
}

// An answer arrived between frames: handle it now, so its follow-up requests (the next page of a
// walk, the next item of a bulk run) leave at once; the frames it wakes draw the result. A walk's
// answer that only moves its progress wakes none (core/app/walk_pacing.hpp): the busy frames show it.
bool on_http_completed() {
    if (!g_app || g_in_app) return true;   // the frame in progress (or the send that failed at once) polls it
    g_in_app = true;
    bool needs_frame = false;
    g_app->runtime.poll_http(&needs_frame);
    g_in_app = false;
    return needs_frame;
}

// The active ImGui text field as the item registry recorded it this frame (the overlay's place,
// label, spell-check); false when no text field is active.
bool active_text_field(crm::platform::TextFieldView& out) {
    const ImGuiContext& c = *ImGui::GetCurrentContext();
    if (c.ActiveId == 0 || !ImGui::GetInputTextState(c.ActiveId)) return false;
    // The last record of the id: a multiline field is recorded twice (the field, then its child
    // window with the same id), and the label goes to the second.
    const auto& items = crm::ui::item_registry_items();
    for (auto found = items.rbegin(); found != items.rend(); ++found) {
        const crm::ui::RegistryItem& it = *found;
        if (it.id != c.ActiveId) continue;
        out.id = it.id;
        out.frame = it.rect;
        out.window_id = it.window_id;
        out.label = it.label;
        out.disabled = (it.item_flags & ImGuiItemFlags_Disabled) != 0;
        // Spell-check where people write words (names, addresses, descriptions); not in search,
        // filters, URLs, ids, codes or numbers.
        const bool multiline = (c.InputTextState.Flags & ImGuiInputTextFlags_Multiline) != 0;
        out.spellcheck = multiline || it.label.rfind("Name", 0) == 0 || it.label == "Street" || it.label == "City";
        return true;
    }
    return false;
}

crm::platform::FrameDemand frame() {
    App& app = *g_app;
    g_in_app = true;
    crm::platform::perf_frame_begin();
    app.runtime.poll_http();
    app.runtime.dispatch(crm::core::Tick{emscripten_get_now(), static_cast<int64_t>(std::time(nullptr))});
    crm::platform::perf_phase(0);

    crm::platform::html5_new_frame();
    crm::platform::browser_text_begin_frame(crm::platform::html5_device_pixel_ratio());
    const bool scale_changed = apply_theme();
    if (crm::platform::html5_dpr_changed() || app.fonts_need_rebuild || scale_changed) {
        app.fonts_need_rebuild = false;
        load_fonts(crm::platform::html5_device_pixel_ratio());
        g_frame_memo.forget();
    }
    ImGui_ImplOpenGL3_NewFrame();
    crm::app::test_bridge_begin_frame();
    crm::ui::item_registry_begin_frame();
    ImGui::NewFrame();
    crm::platform::perf_phase(1);
    crm::app::a11y_mirror_apply_pending();
    crm::ui::draw_app(app.runtime.model(), app.ui, app.dispatch);
#ifdef CRM_TEST_BRIDGE
    crm::app::platform_bridge_draw();
#endif
    crm::platform::perf_phase(2);
    ImGui::Render();
    crm::platform::browser_text_end_frame();
    crm::platform::perf_phase(3);

    const ImGuiIO& io = ImGui::GetIO();
    const int fb_w = static_cast<int>(io.DisplaySize.x * io.DisplayFramebufferScale.x);
    const int fb_h = static_cast<int>(io.DisplaySize.y * io.DisplayFramebufferScale.y);
    const crm::core::Rgb bg = crm::core::palette(crm::ui::current_theme())[crm::core::Role::WindowBg];
    // A frame identical to the one on the canvas is not sent to GL: the canvas keeps showing it, and
    // the browser neither rasterises it again nor reads it back (settling frames after input, busy
    // frames, hover-delay frames).
    // A frame drawn at once inside an input handler is not sent either: the frame at the refresh,
    // always requested after it, shows its result (one raster per refresh, not three).
    const bool at_refresh = crm::platform::html5_frame_at_refresh();
    if (at_refresh && !same_as_last_frame(*ImGui::GetDrawData(), bg, fb_w, fb_h)) {
        glViewport(0, 0, fb_w, fb_h);
        glClearColor(bg.r / 255.0f, bg.g / 255.0f, bg.b / 255.0f, 1.0f);
        glClear(GL_COLOR_BUFFER_BIT);
        ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
        crm::platform::perf_frame_submitted();
    }
    crm::platform::perf_phase(4);
    {
        const ImDrawData* dd = ImGui::GetDrawData();
        int cmds = 0;
        for (const ImDrawList* l : dd->CmdLists) cmds += l->CmdBuffer.Size;
        crm::platform::perf_draw_stats(dd->TotalVtxCount, cmds);
    }
    crm::platform::perf_frame_end(crm::app::perf_rows_key(app.runtime.model()), at_refresh);
    crm::ui::item_registry_end_frame();
    {
        crm::platform::TextFieldView field;
        crm::platform::html5_end_frame(active_text_field(field) ? &field : nullptr);
    }
    crm::app::test_bridge_end_frame(app.runtime.model());
    crm::app::a11y_mirror_update(app.runtime.model());

    const bool sent_messages = dispatch_all() > 0;
    app.runtime.dispatch(crm::core::InputHandled{});   // timers, after this frame's keys (core/app/model.hpp)
    std::string title = crm::core::screen_title(app.runtime.model(), app.app_title);
    if (title != app.title) {
        app.title = title;
        crm::platform::set_title(title);
    }
    if (io.WantSaveIniSettings) {
        crm::platform::save_setting(kLayoutSettingKey, ImGui::SaveIniSettingsToMemory());
        ImGui::GetIO().WantSaveIniSettings = false;
    }
    // ImGui's implicit debug window sizes itself in the first frames and marks the settings dirty;
    // nothing the user changed, so no save (and no wake 5 s later in an idle console).
    if (ImGui::GetFrameCount() <= 3) ImGui::GetCurrentContext()->SettingsDirtyTimer = 0.0f;
    if (app.first_frame) {
        app.first_frame = false;
        crm::platform::notify_app_ready();
    }
    crm::platform::FrameDemand demand;
    demand.busy = app.runtime.busy();
    demand.input_pending = sent_messages || app.ui.list.filters.focus_search;
    demand.deadline_ms = crm::core::next_deadline_ms(app.runtime.model());
    g_in_app = false;
    return demand;
}

void on_context_lost() { crm::platform::show_context_lost(true); }

void on_context_restored() {
    // Every GL object is gone: recreate the renderer's shaders, buffers and font texture.
    ImGui_ImplOpenGL3_Shutdown();
    ImGui_ImplOpenGL3_Init("#version 300 es");
    crm::platform::browser_text_forget_textures();
    g_frame_memo.forget();
    if (g_app) g_app->fonts_need_rebuild = true;
    crm::platform::show_context_lost(false);
}

}  // namespace

extern "C" {
// Called by the shell's sign-in form (shell/shell.js).
EMSCRIPTEN_KEEPALIVE void app_sign_in(const char* token) {
    if (g_app && token) dispatch_from_outside(crm::core::SignIn{token});
    crm::platform::request_frames();
}
// The sign-in form when the deployment allows choosing the API (config.json allowApiOverride).
EMSCRIPTEN_KEEPALIVE void app_sign_in_with_api(const char* token, const char* api_base_url) {
    if (g_app && token && api_base_url) dispatch_from_outside(crm::core::SignIn{token, std::string(api_base_url)});
}
}

static void on_url_changed(const char* hash) {
    if (g_app && hash) dispatch_from_outside(crm::core::UrlChanged{hash});
    crm::platform::request_frames();
}

int main() {
    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    crm::ui::item_registry_install();
    crm::app::test_bridge_install();
    crm::platform::perf_install();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;                      // persisted in localStorage instead (see frame())
    io.IniSavingRate = 1.0f;
    {
        const std::string layout = crm::platform::load_setting(kLayoutSettingKey);
        if (!layout.empty()) ImGui::LoadIniSettingsFromMemory(layout.c_str(), layout.size());
    }
    io.ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;
    ImGui::StyleColorsDark();

    // The release build has no built-in fallback font (cmake/Emscripten.cmake): without the UI font
    // no text could be drawn, so say so instead of a blank canvas.
    {
        std::string font_error;
        g_ui_font = crm::platform::take_ui_font(font_error);
        if (g_ui_font.empty()) {
            crm::platform::show_fatal("The console's font (ui.ttf) could not be loaded: " + font_error + ". Reload the page.");
            return 1;
        }
    }

    crm::platform::Html5BackendOptions opts;
    opts.preserve_drawing_buffer = kTestBuild;
    if (!crm::platform::html5_init(opts)) {
        std::fprintf(stderr, "WebGL 2 context could not be created\n");
        crm::platform::show_fatal("This browser could not create a WebGL 2 context. Turn on hardware acceleration, or use a current browser.");
        return 1;
    }
    ImGui_ImplOpenGL3_Init("#version 300 es");
    crm::platform::browser_text_install(g_ui_font.data(), g_ui_font.size());   // other scripts, emoji: the browser draws
    crm::platform::text_overlay_set_font(crm::platform::browser_text_em_ratio(), crm::platform::browser_text_font_family());
    crm::platform::html5_set_context_lost_handler(on_context_lost, on_context_restored);
    crm::app::a11y_mirror_install();

    g_app = new App();
    crm::platform::set_http_completion_hook(on_http_completed);
    g_app->app_title = crm::platform::config_title();
#ifdef CRM_TEST_BRIDGE
    crm::app::platform_bridge_install();
#endif
    dispatch_from_outside(crm::core::AppStarted{crm::platform::config_api_base_url(), crm::platform::load_token(),
                                                  crm::platform::location_hash(), crm::platform::load_display_prefs(),
                                                  crm::core::clamp_request_timeout_ms(crm::platform::config_request_timeout_seconds())});
    crm::platform::on_location_change(on_url_changed);
    crm::platform::html5_run(frame);   // returns at once; the runtime stays alive (no EXIT_RUNTIME)
    return 0;
}
