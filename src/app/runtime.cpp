// runtime.cpp: message loop and effect runner.
#include "app/runtime.hpp"

#include <type_traits>

#include "core/app/walk_pacing.hpp"
#include "platform/browser.hpp"
#include "platform/download.hpp"
#include "platform/leave_guard.hpp"

namespace crm::app {

void Runtime::dispatch(const core::Msg& msg) {
    for (const core::Effect& fx : core::update(model_, msg)) run(fx);
}

void Runtime::run(const core::Effect& effect) {
    std::visit(
        [this](const auto& fx) {
            using T = std::decay_t<decltype(fx)>;
            if constexpr (std::is_same_v<T, core::SendRequest>) {
                kinds_[fx.seq] = fx.kind;
                http_.send(fx.seq, fx.request);
            } else if constexpr (std::is_same_v<T, core::ShowSignIn>) {
                platform::show_sign_in(fx.message);
            } else if constexpr (std::is_same_v<T, core::HideSignIn>) {
                platform::hide_sign_in();
            } else if constexpr (std::is_same_v<T, core::StoreToken>) {
                platform::store_token(fx.token);
            } else if constexpr (std::is_same_v<T, core::SetUrl>) {
                platform::set_location_hash(fx.hash, fx.push);
            } else if constexpr (std::is_same_v<T, core::OpenUrl>) {
                platform::open_url(fx.url);
            } else if constexpr (std::is_same_v<T, core::SetLeaveGuard>) {
                platform::set_leave_guard(fx.active, fx.message);
            } else if constexpr (std::is_same_v<T, core::DownloadFile>) {
                platform::download_file(fx.file_name, fx.mime, fx.bytes);
            } else if constexpr (std::is_same_v<T, core::StoreDisplayPrefs>) {
                platform::store_display_prefs(fx.prefs);
            } else if constexpr (std::is_same_v<T, core::AbortRequest>) {
                http_.abort(fx.seq);
            }
        },
        effect);
}

bool Runtime::poll_http(bool* needs_frame) {
    auto completions = http_.take_completions();
    for (auto& c : completions) {
        auto it = kinds_.find(c.id);
        if (it == kinds_.end()) continue;
        if (c.partial) {   // a piece of a stream; its request stays in flight
            const core::Msg msg = core::StreamChunk{c.id, std::move(c.response.body)};
            const core::WalkMarks before = core::walk_marks(model_);
            dispatch(msg);
            if (needs_frame && core::answer_needs_frame(msg, before, model_)) *needs_frame = true;
            continue;
        }
        core::RequestKind kind = it->second;
        kinds_.erase(it);
        const core::Msg msg = core::completion_msg(kind, c.id, std::move(c.response));
        const core::WalkMarks before = core::walk_marks(model_);
        dispatch(msg);
        if (needs_frame && core::answer_needs_frame(msg, before, model_)) *needs_frame = true;
    }
    return !completions.empty();
}

}  // namespace crm::app
