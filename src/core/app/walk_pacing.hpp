// walk_pacing.hpp: how page walks (CSV export, local mode's load, "select all N matching") pace the
// frames the console draws. Pure: no I/O, no clock. How many pages are in flight is PageWalk's
// (kWalkMaxInFlight, PageWalkOptions::expected_count); this decides which answers need a frame.
//
// A walk of 10,000 accounts is 100 answers, a few milliseconds apart. Each page's answer is handled
// in its fetch callback (the next request leaves at once); a frame for each would redraw the whole
// screen only to move a progress bar, on the main thread the answers need. So an answer that only
// moves progress wakes no frame: while requests are in flight the platform draws at its busy rate
// (platform/frame_pacer.hpp, kBusyFrameMs: 10 frames a second), which shows the progress. An answer
// that changes more (a walk learns its total, ends, fails) wakes frames at once, as any answer does.
#pragma once
#include <array>

#include "core/app/model.hpp"

namespace crm::core {

// What of the walks a frame must show as soon as it changes: each walk's status, whether its total
// is known, whether it has an error. Progress (done()) is not in it.
struct WalkMarks {
    struct One {
        PageWalkStatus status = PageWalkStatus::Idle;
        bool total_known = false;
        bool operator==(const One& o) const { return status == o.status && total_known == o.total_known; }
    };
    std::array<One, 3> walks;          // export, local mode, select all matching
    std::array<bool, 3> errors{};      // their errors (ExportState, LocalState, SelectionState)
    bool operator==(const WalkMarks& o) const { return walks == o.walks && errors == o.errors; }
};
WalkMarks walk_marks(const AppModel& m);

// After update() handled `msg` (taken from `before`, the marks just before it, to `after`): true when
// the platform must draw frames now. False only for a walk page's answer (WalkPageLoaded,
// SelectAllPageLoaded) or a piece of a walk's stream (StreamChunk) that left the marks as they
// were: progress, or a stale answer of a cancelled walk. Every other message: true.
bool answer_needs_frame(const Msg& msg, const WalkMarks& before, const AppModel& after);

}  // namespace crm::core
