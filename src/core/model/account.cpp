// account.cpp: stage lookup. Pure: no I/O.
#include "core/model/account.hpp"

namespace crm::core {

const StageInfo* find_stage(std::string_view value) {
    for (const auto& s : kStages) {
        if (value == s.value) return &s;
    }
    return nullptr;
}

std::string stage_label(std::string_view value) {
    const StageInfo* s = find_stage(value);
    return s ? std::string(s->label) : std::string(value);
}

std::string display_name(const Account& a) { return a.name.empty() ? a.id : a.name; }

}  // namespace crm::core
