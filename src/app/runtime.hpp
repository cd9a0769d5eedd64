// runtime.hpp: owns the model, feeds messages to update() and carries out the effects through the
// platform layer. The only place where the pure core meets I/O.
#pragma once
#include <cstdint>
#include <unordered_map>

#include "core/app/model.hpp"
#include "platform/http_client.hpp"

namespace crm::app {

class Runtime {
public:
    void dispatch(const core::Msg& msg);         // update() + run its effects
    bool poll_http(bool* needs_frame = nullptr); // completions -> messages; true if any arrived;
                                                 // *needs_frame: one of them must be shown now
                                                 // (core/app/walk_pacing.hpp)
    const core::AppModel& model() const { return model_; }
    bool busy() const { return http_.in_flight() > 0; }

private:
    void run(const core::Effect& fx);
    core::AppModel model_;
    platform::HttpClient http_;
    std::unordered_map<uint64_t, core::RequestKind> kinds_;   // request id -> what its answer means
};

}  // namespace crm::app
