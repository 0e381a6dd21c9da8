#pragma once
// Outcomes: a person's answers to an outcome measure over time, marked as Jacobson and
// Truax propose (docs/instruments.md): each change beyond measurement noise, where each
// answer stands against the clinical cut-off, and what the whole course amounts to.
// Pure: no I/O.

#include <optional>
#include <string>
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
  // At or above the cut-off, read on the score as shown (one decimal), so it agrees with
  // the band a person reads about their own score; nullopt without a cut-off.
  std::optional<bool> above_cutoff;
  Status status = Status::kNotYet;  // the course from the first answer up to this one
};

struct Trajectory {
  std::vector<Mark> marks;  // one per score, in the order given (oldest first)
  Status status = Status::kNotYet;  // the last mark's
  double criterion = 0;  // the smallest reliable change, two decimals
};

// Marks `scores` (one subscale, oldest first).
Trajectory Follow(const triangle::Subscale& subscale, const std::vector<double>& scores);

// One subscale's scores across records (oldest first), each with the record it came
// from; a record without that subscale (an older file's) is left out.
template <typename Record>
struct Series {
  std::vector<double> scores;
  std::vector<const Record*> of;
};
template <typename Record, typename ScoresOf>
Series<Record> SeriesOf(const std::vector<Record>& records, const std::string& subscale, ScoresOf scores_of) {
  Series<Record> out;
  for (const Record& r : records) {
    const triangle::Scores& scores = scores_of(r);
    if (auto it = scores.find(subscale); it != scores.end()) {
      out.scores.push_back(it->second);
      out.of.push_back(&r);
    }
  }
  return out;
}

}  // namespace rk::outcomes
