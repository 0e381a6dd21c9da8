#pragma once
// A couple's evenings as the pages, the streak and the insights see them: plans with
// their changes, expanded into occurrences in a window, with their timers and
// reflections. Private to together time: other features read the summary (summary.hpp).

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "features/together/recurrence.hpp"
#include "features/together/repo.hpp"
#include "platform/crypto/sealer.hpp"
#include "platform/db/db.hpp"

namespace rk::together {

inline constexpr Millis kMoveRange = 7 * kDay;  // a moved occurrence stays within a week of its original

// A plan with its changes, ready to expand.
struct Loaded {
  repo::Plan plan;
  Schedule schedule;
};
Result<std::vector<Loaded>> Load(db::Connection& c, std::vector<repo::Plan> plans);

struct Item {
  const repo::Plan* plan;
  Occurrence occ;
};
// The occurrences of `plans` starting in [from, to), in start order; an ended plan has
// none from its end on. No more than `limit`.
Result<std::vector<Item>> Occurrences(const std::vector<Loaded>& plans, Millis from, Millis to, std::size_t limit);

// The timers and reflections of some evenings, by (plan id, occurrence key).
struct Extras {
  std::map<std::pair<std::string, std::string>, repo::Session> sessions;
  std::map<std::pair<std::string, std::string>, std::vector<repo::Reflection>> reflections;
};
// The timers and reflections of `plans`' evenings whose keys lie within `keys`; the
// reflections' notes only with a sealer (see repo::ReflectionsOf).
Result<Extras> LoadExtras(const crypto::Sealer* sealer, db::Connection& c, const std::vector<Loaded>& plans,
                          const repo::Keys& keys);
// The keys of every evening that may start in [from, to): keys are original local starts,
// so a moved evening's may lie up to a week outside.
repo::Keys KeysAround(Millis from, Millis to);

// Whether the couple met the evening (see Met).
bool MetItem(const Item& it, const Extras& e);

}  // namespace rk::together
