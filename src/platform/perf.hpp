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
void perf_frame_end(uint64_t rows_key);

}  // namespace crm::platform
