// frame_pacer.cpp: the idle policy (see the header). Pure.
#include "platform/frame_pacer.hpp"

#include <algorithm>

namespace crm::platform {

void FramePacer::wake(int frames) { budget_ = std::max(budget_, frames); }

bool FramePacer::take_frame() {
    if (budget_ <= 0) return false;
    --budget_;
    return true;
}

void FramePacer::frame_drawn(double now_ms, const FrameDemand& d) {
    if (d.settling) budget_ = std::max(budget_, 1);
    std::optional<double> t;
    auto earliest = [&t](double at) { t = t ? std::min(*t, at) : at; };
    if (d.text_input) earliest(now_ms + kCaretBlinkMs);
    if (d.busy) earliest(now_ms + kBusyFrameMs);
    if (d.deadline_ms) earliest(std::max(*d.deadline_ms, now_ms));
    timer_ms_ = t;
}

}  // namespace crm::platform
