// imgui_impl_html5.hpp: Dear ImGui platform backend on emscripten/html5.h + WebGL2, replacing
// Emscripten 3.1.6's GLFW emulation (no HiDPI, no focus events, keys captured page-wide, and a
// window the size of the screen turns into a fullscreen request). Browser-only.
#pragma once

namespace crm::platform {

struct Html5BackendOptions {
    const char* canvas_selector = "#canvas";   // must outlive the backend
    bool preserve_drawing_buffer = false;      // test builds read pixels back
};

bool html5_init(const Html5BackendOptions& options);  // WebGL2 context + input callbacks; false if no WebGL2
void html5_new_frame();                               // size, DPR, time, cursor; before ImGui::NewFrame()
float html5_device_pixel_ratio();                     // the DPR the current frame uses
bool html5_dpr_changed();                             // true once after a DPR change (rebuild fonts)

}  // namespace crm::platform
