// imgui_impl_html5.hpp: Dear ImGui platform backend on emscripten/html5.h + WebGL2, replacing
// Emscripten 3.1.6's GLFW emulation (no HiDPI, no focus events, keys captured page-wide, and a
// window the size of the screen turns into a fullscreen request). Also owns the idle-aware main
// loop (frame_pacer.hpp), the keys of the native text field laid over the active ImGui text field
// (text_overlay.hpp), and the clipboard. Browser-only.
#pragma once
#include "platform/frame_pacer.hpp"
#include "platform/text_overlay.hpp"

namespace crm::platform {

struct Html5BackendOptions {
    const char* canvas_selector = "#canvas";   // must outlive the backend
    bool preserve_drawing_buffer = false;      // test builds read pixels back
};

struct Html5Stats {                            // for the test bridge and the benchmark
    int frames_drawn = 0;                      // frames actually drawn since start-up
    int wakes = 0;                             // input events and other wake-ups
    float dpr = 1;
    int framebuffer_w = 0, framebuffer_h = 0;  // device pixels
    float css_w = 0, css_h = 0;                // CSS pixels
    bool apple = false;                        // Cmd is the shortcut key
    bool app_focused = false;                  // the canvas, the overlay's field or the a11y mirror has focus
    bool text_element_focused = false;         // typing goes into the overlay's field
    bool context_lost = false;
    double last_frame_ms = 0;                  // CPU time of the last frame (performance.now)
};

bool html5_init(const Html5BackendOptions& options);  // WebGL2 context + input callbacks; false if no WebGL2
// Starts the loop: frame() runs on requestAnimationFrame only when there is something to draw
// (input, request_frames(), what the previous frame asked for); returns at once.
void html5_run(FrameDemand (*frame)());
void html5_new_frame();                               // size, DPR, time, cursor; before ImGui::NewFrame()
// After ImGui::Render(): the overlay over the active text field (nullptr: none is active), focus.
void html5_end_frame(const TextFieldView* active_text_field);
float html5_device_pixel_ratio();                     // the DPR the current frame uses
bool html5_dpr_changed();                             // true once after a DPR change (rebuild fonts)
// False for a frame drawn at once inside an input handler (a press, a release, a copy shortcut):
// ImGui's logic runs, and a frame at the next refresh (always requested) shows the result, so the
// caller need not send it to GL. True for frames drawn at the refresh.
bool html5_frame_at_refresh();
const Html5Stats& html5_stats();
void html5_set_context_lost_handler(void (*lost)(), void (*restored)());

}  // namespace crm::platform
