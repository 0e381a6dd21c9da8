#include "platform/live/replay.hpp"

namespace rk::live {

void ReplayBuffer::Push(FramePtr frame) {
  bytes_ += frame->size();
  frames_.push_back(std::move(frame));
  ++last_;
  while (frames_.size() > 1 && (frames_.size() > max_frames_ || bytes_ > max_bytes_)) {
    bytes_ -= frames_.front()->size();
    frames_.pop_front();
  }
}

std::optional<std::vector<FramePtr>> ReplayBuffer::Range(std::int64_t after, std::int64_t upto) const {
  const std::int64_t first = last_ - static_cast<std::int64_t>(frames_.size()) + 1;
  if (after < 0 || after > upto || upto > last_ || after + 1 < first) return std::nullopt;
  std::vector<FramePtr> out;
  out.reserve(static_cast<std::size_t>(upto - after));
  for (std::int64_t seq = after + 1; seq <= upto; ++seq) out.push_back(frames_[static_cast<std::size_t>(seq - first)]);
  return out;
}

}  // namespace rk::live
