// main_web.cpp: the console's browser entry point: GLFW/WebGL2 window, Dear ImGui, main loop.
// Frame: HTTP completions -> update(); draw views; queued messages -> update() -> effects.
#include <GLFW/glfw3.h>
#include <emscripten/emscripten.h>
#include <emscripten/html5.h>
#include <imgui.h>
#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>

#include <cstdio>

#include "app/runtime.hpp"
#include "app/test_bridge.hpp"
#include "platform/browser.hpp"
#include "ui/dispatch.hpp"
#include "ui/views/app_view.hpp"

namespace {

constexpr const char* kFontPath = "/fonts/ui.ttf";   // preloaded into the virtual FS at link time
constexpr float kFontSizePx = 16.0f;

struct App {
    GLFWwindow* window = nullptr;
    crm::app::Runtime runtime;
    crm::ui::AppUi ui;
    crm::ui::Dispatch dispatch;
    bool first_frame = true;
};

App* g_app = nullptr;

void frame() {
    App& app = *g_app;
    app.runtime.poll_http();

    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplGlfw_NewFrame();
    crm::app::test_bridge_begin_frame();
    ImGui::NewFrame();
    crm::ui::draw_app(app.runtime.model(), app.ui, app.dispatch);
    ImGui::Render();

    int w = 0, h = 0;
    glfwGetFramebufferSize(app.window, &w, &h);
    glViewport(0, 0, w, h);
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

int main() {
    if (!glfwInit()) {
        std::fprintf(stderr, "glfwInit failed\n");
        return 1;
    }
    glfwWindowHint(GLFW_CLIENT_API, GLFW_OPENGL_ES_API);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
    double css_w = 0, css_h = 0;
    emscripten_get_element_css_size("#canvas", &css_w, &css_h);
    g_app = new App();
    g_app->window = glfwCreateWindow(static_cast<int>(css_w), static_cast<int>(css_h), "Accounts Console",
                                     nullptr, nullptr);
    if (!g_app->window) {
        std::fprintf(stderr, "WebGL2 context could not be created\n");
        return 1;
    }
    glfwMakeContextCurrent(g_app->window);

    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    crm::app::test_bridge_install();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;                      // layout persistence comes with the list screen
    io.ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;
    ImGui::StyleColorsDark();
    ImFontConfig font_cfg;
    font_cfg.OversampleH = 2;
    if (!io.Fonts->AddFontFromFileTTF(kFontPath, kFontSizePx, &font_cfg)) io.Fonts->AddFontDefault();

    ImGui_ImplGlfw_InitForOpenGL(g_app->window, true);
    ImGui_ImplGlfw_InstallEmscriptenCanvasResizeCallback("#canvas");
    ImGui_ImplOpenGL3_Init("#version 300 es");

    crm::platform::set_title("Accounts Console");
    g_app->runtime.dispatch(crm::core::AppStarted{crm::platform::config_api_base_url(), crm::platform::load_token()});
    emscripten_set_main_loop(frame, 0, true);
    return 0;
}
