// walk_pacing.cpp: which walk answers need a frame (see the header). Pure.
#include "core/app/walk_pacing.hpp"

namespace crm::core {

namespace {

WalkMarks::One one(const PageWalk& w) { return {w.status(), w.total() >= 0}; }

}  // namespace

WalkMarks walk_marks(const AppModel& m) {
    WalkMarks out;
    out.walks = {one(m.csv_export.walk), one(m.local.walk), one(m.selection.walk)};
    out.errors = {m.csv_export.error.has_value(), m.local.error.has_value(), m.selection.error.has_value()};
    return out;
}

bool answer_needs_frame(const Msg& msg, const WalkMarks& before, const AppModel& after) {
    const bool walk_page = std::holds_alternative<WalkPageLoaded>(msg) || std::holds_alternative<SelectAllPageLoaded>(msg) ||
                           std::holds_alternative<StreamChunk>(msg);
    if (!walk_page) return true;
    return !(walk_marks(after) == before);
}

}  // namespace crm::core
