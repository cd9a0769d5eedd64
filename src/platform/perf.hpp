// perf.hpp: performance probes for the benchmarks: User Timing marks and per-frame CPU time, read
// by scripts through window.consolePerf. Measures only; never changes what the app draws or does.
#pragma once
#include <cstdint>

namespace crm::platform {

void perf_install();                        // defines window.consolePerf; call once at start-up
void perf_frame_begin();                    // start of one frame's CPU work (main-thread clock)
// End of a frame that was drawn. rows_key identifies the rows on screen (0 = none): the first
// frame sets the mark "crm:first-frame", the first non-zero key "crm:first-rows", and every change
// of a non-zero key counts as "rows drawn" (count and time readable by scripts).
// on_canvas false: a frame whose image is not shown (drawn at once inside an input handler; the
// next frame at the refresh shows it): its time counts, its rows are counted when shown.
void perf_frame_end(uint64_t rows_key, bool on_canvas = true);
// Phase marks inside a frame (ms since perf_frame_begin), for the benchmarks' breakdown of a
// frame's time: window.consolePerf.phaseTimes(n) gives, per frame, the time at each mark.
inline constexpr int kPerfPhases = 5;       // update, new frame, views, render, GL (see main_web.cpp)
void perf_phase(int phase);                 // 0 <= phase < kPerfPhases
// Size of the frame's draw data (vertices, draw commands), read with the phases.
void perf_draw_stats(int vertices, int commands);
// The frame was sent to GL (an identical frame is not): window.consolePerf.framesSubmitted().
void perf_frame_submitted();

}  // namespace crm::platform
