#pragma once
// One person's recent event frames on this server, numbered 1, 2, 3 … so that a client
// that reconnects can be sent what it missed. Bounded by frame count and by bytes; the
// oldest frames go first. Not thread-safe: the hub owns one per person under its lock.

#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace rk::live {

using FramePtr = std::shared_ptr<const std::string>;

class ReplayBuffer {
 public:
  // Keeps at most `max_frames` frames and `max_bytes` bytes of them (at least one frame).
  ReplayBuffer(std::size_t max_frames, std::size_t max_bytes) : max_frames_(max_frames), max_bytes_(max_bytes) {}

  // The number of the last frame pushed; 0 before the first.
  std::int64_t last() const { return last_; }
  // Appends `frame` as number last() + 1, dropping the oldest frames beyond the bounds.
  void Push(FramePtr frame);
  // The frames numbered after `after` up to and including `upto`, oldest first; nullopt
  // when any of them is no longer held, or when after > upto or upto > last().
  std::optional<std::vector<FramePtr>> Range(std::int64_t after, std::int64_t upto) const;
  // Drops every frame held; numbering goes on from last(), so a range that reaches back
  // before this call is no longer served.
  void Clear() {
    frames_.clear();
    bytes_ = 0;
  }
  std::size_t bytes() const { return bytes_; }
  std::size_t size() const { return frames_.size(); }

 private:
  std::size_t max_frames_;
  std::size_t max_bytes_;
  std::deque<FramePtr> frames_;  // numbered last_ - size() + 1 … last_
  std::size_t bytes_ = 0;
  std::int64_t last_ = 0;
};

}  // namespace rk::live
