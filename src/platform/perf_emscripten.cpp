// perf_emscripten.cpp: window.consolePerf (frames, frame CPU times, rows-drawn times, heap size)
// over a fixed ring buffer. Reads clocks only; never touches the model, the DOM or the canvas.
#include "platform/perf.hpp"

#include <emscripten/em_js.h>
#include <emscripten/emscripten.h>
#include <emscripten/heap.h>

#include <array>
#include <cstddef>

// clang-format off
EM_JS(void, js_perf_install, (), {
  window.consolePerf = {
    frames: function() { return _crm_perf_frames(); },
    framesSubmitted: function() { return _crm_perf_submitted(); },   // frames sent to GL
    // The CPU times (ms) of the last n drawn frames, oldest first (at most the ring's size).
    frameTimes: function(n) {
      var total = _crm_perf_frames(), cap = _crm_perf_capacity();
      var k = Math.min(n === undefined ? cap : n, total, cap), out = [];
      for (var i = total - k; i < total; i++) out.push(_crm_perf_frame_ms(i % cap));
      return out;
    },
    // Per frame of the last n: {t: [ms at each phase mark], vtx, cmds, at (performance.now() at its
    // end), gl (sent to GL; false: identical to the canvas, or drawn at once inside an input handler)}.
    phaseTimes: function(n) {
      var total = _crm_perf_frames(), cap = _crm_perf_capacity(), np = _crm_perf_phase_count();
      var k = Math.min(n === undefined ? cap : n, total, cap), out = [];
      for (var i = total - k; i < total; i++) {
        var s = i % cap, t = [];
        for (var p = 0; p < np; p++) t.push(_crm_perf_phase_ms(s, p));
        out.push({ t: t, vtx: _crm_perf_frame_vtx(s), cmds: _crm_perf_frame_cmds(s), at: _crm_perf_frame_at(s),
                   gl: _crm_perf_frame_sent(s) !== 0 });
      }
      return out;
    },
    rowsDrawn: function() { return { count: _crm_perf_rows_count(), t: _crm_perf_rows_time() }; },
    wasmHeapBytes: function() { return _crm_perf_heap_bytes(); }
  };
});
EM_JS(void, js_perf_mark, (const char* name), {
  try { performance.mark(UTF8ToString(name)); } catch (e) {}
});
// clang-format on

namespace {

constexpr size_t kRing = 4096;              // frames kept: over a minute at 60 frames per second
std::array<float, kRing> g_frame_ms{};
uint32_t g_frames = 0;
double g_frame_start = 0.0;
uint64_t g_rows_key = 0;
uint32_t g_rows_count = 0;
double g_rows_time = 0.0;
std::array<std::array<float, crm::platform::kPerfPhases>, kRing> g_phase_ms{};
std::array<int32_t, kRing> g_vtx{};
std::array<int32_t, kRing> g_cmds{};
std::array<uint8_t, kRing> g_sent{};
std::array<double, kRing> g_end_at{};
uint32_t g_submitted = 0;

}  // namespace

extern "C" {
EMSCRIPTEN_KEEPALIVE uint32_t crm_perf_frames() { return g_frames; }
EMSCRIPTEN_KEEPALIVE uint32_t crm_perf_capacity() { return static_cast<uint32_t>(kRing); }
EMSCRIPTEN_KEEPALIVE double crm_perf_frame_ms(uint32_t slot) { return g_frame_ms[slot % kRing]; }
EMSCRIPTEN_KEEPALIVE uint32_t crm_perf_rows_count() { return g_rows_count; }
EMSCRIPTEN_KEEPALIVE double crm_perf_rows_time() { return g_rows_time; }
EMSCRIPTEN_KEEPALIVE uint32_t crm_perf_submitted() { return g_submitted; }
EMSCRIPTEN_KEEPALIVE int crm_perf_phase_count() { return crm::platform::kPerfPhases; }
EMSCRIPTEN_KEEPALIVE double crm_perf_phase_ms(uint32_t slot, int phase) {
    return phase >= 0 && phase < crm::platform::kPerfPhases ? g_phase_ms[slot % kRing][static_cast<size_t>(phase)] : 0.0;
}
EMSCRIPTEN_KEEPALIVE int crm_perf_frame_vtx(uint32_t slot) { return g_vtx[slot % kRing]; }
EMSCRIPTEN_KEEPALIVE int crm_perf_frame_cmds(uint32_t slot) { return g_cmds[slot % kRing]; }
EMSCRIPTEN_KEEPALIVE int crm_perf_frame_sent(uint32_t slot) { return g_sent[slot % kRing]; }
EMSCRIPTEN_KEEPALIVE double crm_perf_frame_at(uint32_t slot) { return g_end_at[slot % kRing]; }
EMSCRIPTEN_KEEPALIVE double crm_perf_heap_bytes() { return static_cast<double>(emscripten_get_heap_size()); }
}

namespace crm::platform {

void perf_install() { js_perf_install(); }

void perf_frame_begin() {
    g_frame_start = emscripten_get_now();
    g_phase_ms[g_frames % kRing].fill(0.0f);
    g_sent[g_frames % kRing] = 0;
}

void perf_phase(int phase) {
    if (phase < 0 || phase >= kPerfPhases) return;
    g_phase_ms[g_frames % kRing][static_cast<size_t>(phase)] = static_cast<float>(emscripten_get_now() - g_frame_start);
}

void perf_frame_submitted() {
    ++g_submitted;
    g_sent[g_frames % kRing] = 1;
}

void perf_draw_stats(int vertices, int commands) {
    g_vtx[g_frames % kRing] = vertices;
    g_cmds[g_frames % kRing] = commands;
}

void perf_frame_end(uint64_t rows_key, bool on_canvas) {
    const double now = emscripten_get_now();
    g_frame_ms[g_frames % kRing] = static_cast<float>(now - g_frame_start);
    g_end_at[g_frames % kRing] = now;
    if (g_frames == 0) js_perf_mark("crm:first-frame");
    ++g_frames;
    if (!on_canvas) return;
    if (rows_key != 0 && rows_key != g_rows_key) {
        if (g_rows_count == 0) js_perf_mark("crm:first-rows");
        ++g_rows_count;
        g_rows_time = now;
    }
    g_rows_key = rows_key;
}

}  // namespace crm::platform
