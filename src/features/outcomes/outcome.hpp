#pragma once
// Outcomes: a person's answers to an outcome measure over time, marked as Jacobson and
// Truax propose (docs/instruments.md): each change beyond measurement noise, where each
// answer stands against the clinical cut-off, and what the whole course amounts to.
// Pure: no I/O.

#include <optional>
#include <string_view>
#include <vector>

#include "features/triangle/instrument.hpp"

namespace rk::outcomes {

// Jacobson and Truax's categories, from the first answer to the latest:
//   kNotYet        fewer than two answers;
//   kRecovered     a reliable rise from below the cut-off to at or above it;
//   kImproved      a reliable rise that did not cross the cut-off (or started above it);
//   kUnchanged     no reliable change either way;
//   kDeteriorated  a reliable fall.
// Without a cut-off a reliable rise is kImproved.
enum class Status { kNotYet, kRecovered, kImproved, kUnchanged, kDeteriorated };
std::string_view StatusName(Status s);

struct Mark {
  triangle::Difference since_previous;  // zero for the first answer
  triangle::Difference since_first;     // zero for the first answer
  std::optional<bool> above_cutoff;     // at or above the cut-off; nullopt without one
};

struct Trajectory {
  std::vector<Mark> marks;  // one per score, in the order given (oldest first)
  Status status = Status::kNotYet;
  double criterion = 0;  // the smallest reliable change, two decimals
};

// Marks `scores` (one subscale, oldest first).
Trajectory Follow(const triangle::Subscale& subscale, const std::vector<double>& scores);

}  // namespace rk::outcomes
