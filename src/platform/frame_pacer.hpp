// frame_pacer.hpp: decides when the console draws a frame, so that an idle console draws none.
// Pure (no clock, no browser): the caller passes the time and what the last frame left pending.
#pragma once
#include <optional>

namespace crm::platform {

struct FrameDemand {                        // what the frame just drawn asks for next
    bool settling = false;                  // ImGui still has queued input, a tooltip delay, a modal fade, a held button
    bool text_input = false;                // a text field is active: the caret blinks
    bool busy = false;                      // requests in flight: loading indicators may animate
    bool input_pending = false;             // the frame changed the model or asked ImGui to move focus:
                                            // a key's effects are not complete until another frame
    std::optional<double> deadline_ms;      // an app timer (debounce, undo window), on the same clock
};

class FramePacer {
public:
    static constexpr int kFramesPerWake = 3;      // ImGui needs a few frames to settle hover/active state
    static constexpr double kCaretBlinkMs = 400;  // ImGui's caret: 0.8 s on, 0.4 s off
    static constexpr double kBusyFrameMs = 100;   // 10 fps while a request is in flight

    void wake(int frames = kFramesPerWake);       // input, a completed request, a resize, a DPR change
    bool take_frame();                            // true: draw now (uses one frame of the budget)
    void frame_drawn(double now_ms, const FrameDemand& demand);  // after each drawn frame
    bool wants_animation_frame() const { return budget_ > 0; }   // draw again at the next display refresh
    std::optional<double> next_timer_ms() const { return timer_ms_; }  // else sleep until then (nullopt: until an event)
    int budget() const { return budget_; }

private:
    int budget_ = kFramesPerWake;                 // the first frames after start-up
    std::optional<double> timer_ms_;
};

}  // namespace crm::platform
