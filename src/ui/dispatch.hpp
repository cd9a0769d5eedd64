// dispatch.hpp: how views talk back: they queue messages; the runtime runs update() after the frame.
#pragma once
#include <utility>
#include <vector>

#include "core/app/model.hpp"

namespace crm::ui {

class Dispatch {
public:
    void operator()(core::Msg msg) { queue_.push_back(std::move(msg)); }
    std::vector<core::Msg> take() { return std::exchange(queue_, {}); }

private:
    std::vector<core::Msg> queue_;
};

}  // namespace crm::ui
