// main_web.cpp: the console's browser entry point: WebGL2 canvas, Dear ImGui, main loop.
// Frame: HTTP completions -> update(); draw views; queued messages -> update() -> effects.
#include <emscripten/emscripten.h>
#include <imgui.h>
#include <imgui_impl_opengl3.h>

#include <GLES3/gl3.h>
#include <cstdio>

#include "app/runtime.hpp"
#include "app/test_bridge.hpp"
#include "platform/browser.hpp"
#include "platform/imgui_impl_html5.hpp"
#include "ui/dispatch.hpp"
#include "ui/views/app_view.hpp"

namespace {

constexpr const char* kFontPath = "/fonts/ui.ttf";   // preloaded into the virtual FS at link time
constexpr float kFontSizePx = 16.0f;                  // CSS pixels
#ifdef CRM_TEST_BRIDGE
constexpr bool kTestBuild = true;
#else
constexpr bool kTestBuild = false;
#endif

struct App {
    crm::app::Runtime runtime;
    crm::ui::AppUi ui;
    crm::ui::Dispatch dispatch;
    bool first_frame = true;
};

App* g_app = nullptr;

// Rasterises the UI font for the current devicePixelRatio, so text stays sharp at any zoom.
void load_fonts(float dpr) {
    ImGuiIO& io = ImGui::GetIO();
    io.Fonts->Clear();
    ImFontConfig cfg;
    cfg.RasterizerDensity = dpr;
    cfg.OversampleH = 2;
    if (!io.Fonts->AddFontFromFileTTF(kFontPath, kFontSizePx, &cfg)) io.Fonts->AddFontDefault(&cfg);
    io.Fonts->Build();
    ImGui_ImplOpenGL3_DestroyFontsTexture();
    ImGui_ImplOpenGL3_CreateFontsTexture();
}

void frame() {
    App& app = *g_app;
    app.runtime.poll_http();

    crm::platform::html5_new_frame();
    if (crm::platform::html5_dpr_changed()) load_fonts(crm::platform::html5_device_pixel_ratio());
    ImGui_ImplOpenGL3_NewFrame();
    crm::app::test_bridge_begin_frame();
    ImGui::NewFrame();
    crm::ui::draw_app(app.runtime.model(), app.ui, app.dispatch);
    ImGui::Render();

    const ImGuiIO& io = ImGui::GetIO();
    glViewport(0, 0, static_cast<int>(io.DisplaySize.x * io.DisplayFramebufferScale.x),
               static_cast<int>(io.DisplaySize.y * io.DisplayFramebufferScale.y));
    glClearColor(0.08f, 0.09f, 0.11f, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
    crm::app::test_bridge_end_frame(app.runtime.model());

    for (const crm::core::Msg& msg : app.dispatch.take()) app.runtime.dispatch(msg);
    if (app.first_frame) {
        app.first_frame = false;
        crm::platform::notify_app_ready();
    }
}

}  // namespace

extern "C" {
// Called by the shell's sign-in form (shell/shell.js).
EMSCRIPTEN_KEEPALIVE void app_sign_in(const char* token) {
    if (g_app && token) g_app->runtime.dispatch(crm::core::SignIn{token});
}
}

static void on_url_changed(const char* hash) {
    if (g_app && hash) g_app->runtime.dispatch(crm::core::UrlChanged{hash});
}

int main() {
    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    crm::app::test_bridge_install();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;                      // layout persistence comes with the list screen
    io.ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;
    ImGui::StyleColorsDark();

    crm::platform::Html5BackendOptions opts;
    opts.preserve_drawing_buffer = kTestBuild;
    if (!crm::platform::html5_init(opts)) {
        std::fprintf(stderr, "WebGL 2 context could not be created\n");
        crm::platform::show_fatal("This browser could not create a WebGL 2 context. Turn on hardware acceleration, or use a current browser.");
        return 1;
    }
    ImGui_ImplOpenGL3_Init("#version 300 es");

    g_app = new App();
    // The page title comes from config.json's "title" (set by shell.js before the app starts).
    g_app->runtime.dispatch(crm::core::AppStarted{crm::platform::config_api_base_url(), crm::platform::load_token(),
                                                  crm::platform::location_hash()});
    crm::platform::on_location_change(on_url_changed);
    emscripten_set_main_loop(frame, 0, true);
    return 0;
}
