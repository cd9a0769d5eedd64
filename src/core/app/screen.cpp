// screen.cpp: width classes, titles, deadlines (see the header). Pure.
#include "core/app/screen.hpp"

namespace crm::core {

WidthClass width_class(float w) {
    if (w < kNarrowMaxWidth) return WidthClass::Narrow;
    if (w < kMediumMaxWidth) return WidthClass::Medium;
    return WidthClass::Wide;
}

const char* to_string(WidthClass c) {
    switch (c) {
        case WidthClass::Narrow: return "narrow";
        case WidthClass::Medium: return "medium";
        case WidthClass::Wide: return "wide";
    }
    return "?";
}

std::string screen_title(const AppModel& m, const std::string& app_title) {
    const std::string suffix = " \u00b7 " + app_title;
    if (m.auth != AuthStatus::SignedIn) return "Sign in" + suffix;
    if (!m.selected_id.empty()) {
        for (const Account& a : m.list.page.results) {
            if (a.id == m.selected_id && !a.name.empty()) return a.name + suffix;
        }
        return "Account" + suffix;
    }
    if (m.screen == Screen::Dashboard) return "Dashboard" + suffix;
    std::string t = "Accounts";
    if (m.list.query.page > 1) t += " (page " + std::to_string(m.list.query.page) + ")";
    return t + suffix;
}

std::optional<double> next_deadline_ms(const AppModel& m) {
    std::optional<double> due;
    auto earliest = [&due](double t) {
        if (t > 0 && (!due || t < *due)) due = t;
    };
    earliest(m.list.search_due_ms);   // the search debounce
    // Toasts count down (undo window, auto-dismiss): redraw a few times a second while any is shown.
    if (!m.records.toasts.empty()) earliest(m.clock_ms + kToastRedrawMs);
    // The dashboard's "updated N s ago": a frame when its text changes (every 10 s, then every minute, then never).
    if (m.screen == Screen::Dashboard) earliest(updated_label_next_change_ms(m.dashboard.updated_ms, m.clock_ms));
    return due;
}

}  // namespace crm::core
