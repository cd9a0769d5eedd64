// frame_pacer_test.cpp: the idle policy: no frames without a reason, a few after each wake.
#include <doctest/doctest.h>

#include "platform/frame_pacer.hpp"

using crm::platform::FrameDemand;
using crm::platform::FramePacer;

namespace {
int drain(FramePacer& p, double now, const FrameDemand& d = {}) {
    int n = 0;
    while (p.take_frame() && n < 100) {
        ++n;
        p.frame_drawn(now, d);
    }
    return n;
}
}  // namespace

TEST_CASE("start-up draws a few frames, then nothing until woken") {
    FramePacer p;
    CHECK(drain(p, 0) == FramePacer::kFramesPerWake);
    CHECK_FALSE(p.wants_animation_frame());
    CHECK_FALSE(p.next_timer_ms().has_value());
    CHECK_FALSE(p.take_frame());
    p.wake();
    CHECK(drain(p, 10) == FramePacer::kFramesPerWake);
    p.wake(1);
    CHECK(drain(p, 20) == 1);
}

TEST_CASE("a wake does not shorten a larger budget") {
    FramePacer p;
    p.wake(10);
    p.wake(2);
    CHECK(p.budget() == 10);
}

TEST_CASE("settling keeps drawing until ImGui is done") {
    FramePacer p;
    drain(p, 0);
    p.wake(1);
    FrameDemand settling;
    settling.settling = true;
    int frames = 0;
    while (p.take_frame() && frames < 5) {
        ++frames;
        p.frame_drawn(0, frames < 5 ? settling : FrameDemand{});
    }
    CHECK(frames == 5);
    CHECK_FALSE(p.wants_animation_frame());
}

TEST_CASE("text input, requests in flight and app deadlines set a timer instead of drawing") {
    FramePacer p;
    drain(p, 0);
    FrameDemand caret;
    caret.text_input = true;
    p.wake(1);
    drain(p, 1000, caret);
    REQUIRE(p.next_timer_ms().has_value());
    CHECK(*p.next_timer_ms() == doctest::Approx(1000 + FramePacer::kCaretBlinkMs));
    CHECK_FALSE(p.wants_animation_frame());

    FrameDemand all = caret;
    all.busy = true;
    all.deadline_ms = 1050;
    p.wake(1);
    drain(p, 1000, all);
    CHECK(*p.next_timer_ms() == doctest::Approx(1050));   // the earliest wins

    FrameDemand past;
    past.deadline_ms = 500;                                // already due: fire at once
    p.wake(1);
    drain(p, 1000, past);
    CHECK(*p.next_timer_ms() == doctest::Approx(1000));

    p.wake(1);
    drain(p, 2000, FrameDemand{});
    CHECK_FALSE(p.next_timer_ms().has_value());
}
