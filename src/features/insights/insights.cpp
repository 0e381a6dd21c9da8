#include "features/insights/insights.hpp"

#include <algorithm>
#include <cmath>

#include "platform/base/timezone.hpp"

namespace rk::insights {

std::vector<WeekSummary> Summarise(const std::vector<LoggedDay>& log, const std::vector<EveningDay>& evenings,
                                   const std::vector<CheckDay>& checks, std::int64_t today, int weeks) {
  const std::int64_t last = MondayOf(today);
  const std::int64_t first = last - 7 * static_cast<std::int64_t>(weeks - 1);
  std::vector<WeekSummary> out(static_cast<std::size_t>(std::max(weeks, 0)));
  for (std::size_t i = 0; i < out.size(); ++i) out[i].monday = first + 7 * static_cast<std::int64_t>(i);
  auto week = [&](std::int64_t day) -> WeekSummary* {
    if (day < first || day >= last + 7) return nullptr;
    return &out[static_cast<std::size_t>((day - first) / 7)];
  };

  std::vector<long long> mood(out.size()), energy(out.size()), closeness(out.size());
  std::vector<int> answers(out.size());
  std::vector<std::int64_t> checked(out.size(), -1);
  for (const LoggedDay& d : log) {
    WeekSummary* w = week(d.day);
    if (!w || d.entries <= 0) continue;
    const std::size_t i = static_cast<std::size_t>(w - out.data());
    w->selfcare_entries += d.entries;
    w->selfcare_minutes += d.minutes;
    mood[i] += d.mood_sum;
    energy[i] += d.energy_sum;
  }
  for (const EveningDay& e : evenings) {
    WeekSummary* w = week(e.day);
    if (!w) continue;
    const std::size_t i = static_cast<std::size_t>(w - out.data());
    ++w->evenings;
    if (e.met) ++w->evenings_met;
    if (e.closeness) {
      closeness[i] += *e.closeness;
      ++answers[i];
    }
  }
  for (const CheckDay& c : checks) {
    WeekSummary* w = week(c.day);
    if (!w) continue;
    const std::size_t i = static_cast<std::size_t>(w - out.data());
    if (c.day >= checked[i]) {  // the week's last check; of a day's, the last given
      checked[i] = c.day;
      w->check = c;
    }
  }
  for (std::size_t i = 0; i < out.size(); ++i) {
    if (out[i].selfcare_entries > 0) {
      out[i].mood = static_cast<double>(mood[i]) / out[i].selfcare_entries;
      out[i].energy = static_cast<double>(energy[i]) / out[i].selfcare_entries;
    }
    if (answers[i] > 0) out[i].closeness = static_cast<double>(closeness[i]) / answers[i];
  }
  return out;
}

double Median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  const std::size_t n = values.size();
  return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

namespace {

std::optional<double> OutcomeOf(const WeekSummary& w, Outcome o) {
  switch (o) {
    case Outcome::kMood: return w.mood;
    case Outcome::kEnergy: return w.energy;
    case Outcome::kCloseness: return w.closeness;
  }
  return std::nullopt;
}

std::optional<std::int64_t> MeasureOf(const WeekSummary& w, Measure m) {
  switch (m) {
    case Measure::kSelfcareMinutes: return w.selfcare_minutes;
    case Measure::kEveningsMet:
      if (w.evenings == 0) return std::nullopt;  // nothing was planned: not a week of fewer evenings met
      return w.evenings_met;
  }
  return std::nullopt;
}

}  // namespace

std::optional<Comparison> Compare(const std::vector<WeekSummary>& weeks, Measure measure, Outcome outcome) {
  std::vector<std::pair<std::int64_t, double>> pairs;  // (measure, outcome)
  for (const WeekSummary& w : weeks) {
    const auto x = MeasureOf(w, measure);
    const auto y = OutcomeOf(w, outcome);
    if (x && y) pairs.emplace_back(*x, *y);
  }
  if (pairs.size() < 2 * static_cast<std::size_t>(kMinWeeksEach)) return std::nullopt;
  std::vector<double> xs;
  for (const auto& [x, y] : pairs) xs.push_back(static_cast<double>(x));
  const double median = Median(xs);
  // Just above the median first; at it when ties leave too few weeks above.
  for (const auto threshold :
       {static_cast<std::int64_t>(std::floor(median)) + 1, static_cast<std::int64_t>(std::ceil(median))}) {
    Comparison c{measure, outcome, threshold, {}, {}, false};
    for (const auto& [x, y] : pairs) {
      Part& p = x >= threshold ? c.more : c.other;
      ++p.weeks;
      p.mean += y;
    }
    if (c.more.weeks < kMinWeeksEach || c.other.weeks < kMinWeeksEach) continue;
    // One decimal, as shown: "about the same" is decided on the numbers people read.
    c.more.mean = std::round(c.more.mean / c.more.weeks * 10) / 10;
    c.other.mean = std::round(c.other.mean / c.other.weeks * 10) / 10;
    c.similar = std::abs(c.more.mean - c.other.mean) < kSimilarBelow - 1e-9;
    return c;
  }
  return std::nullopt;
}

std::vector<Comparison> Comparisons(const std::vector<WeekSummary>& weeks) {
  std::vector<Comparison> out;
  const std::pair<Measure, Outcome> shown[] = {{Measure::kSelfcareMinutes, Outcome::kMood},
                                               {Measure::kSelfcareMinutes, Outcome::kEnergy},
                                               {Measure::kEveningsMet, Outcome::kMood},
                                               {Measure::kSelfcareMinutes, Outcome::kCloseness}};
  for (const auto& [m, o] : shown)
    if (auto c = Compare(weeks, m, o)) out.push_back(*c);
  return out;
}

}  // namespace rk::insights
