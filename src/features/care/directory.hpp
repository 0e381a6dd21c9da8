#pragma once
// The matchable therapists of this server process, in memory: a matching::Index for
// ranking and each profile as couples see it. Kept current from the database by a
// background thread that compares every profile's version (and every therapist's count
// of couples) with what it holds, every `interval`; so every server process, on SQLite
// or on several servers sharing PostgreSQL, sees a change within one interval. Routes
// that change what the directory holds call Poke after their commit, so their own
// process looks again at once rather than at the next interval.
//
// A pass also recomputes each therapist's weekly hours in UTC when their zone's offset
// has changed (daylight saving time).
//
// Thread-safe.

#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "features/matching/matching.hpp"
#include "features/therapists/directory.hpp"
#include "platform/base/clock.hpp"
#include "platform/db/db.hpp"

namespace rk::care {

// One approved profile, built for the index. Pure. kInvalid when the stored profile
// cannot be matched (an unknown zone, a place the index refuses).
Result<matching::Therapist> ForMatching(const therapists::Stored& s, int active, Millis now);

class Directory {
 public:
  Directory(const Clock& clock, Millis interval);
  ~Directory();

  // Starts the background thread: a pass at once, then one per interval, each on a
  // connection of its own from `db`.
  void Start(db::Database& db);
  void Stop();

  // One pass on `c`: loads what changed, drops what is no longer approved, and updates
  // counts of couples. Serialised with other passes.
  Status Refresh(db::Connection& c);
  // Asks the background thread for a pass now. Never blocks.
  void Poke();

  const matching::Index& index() const { return index_; }
  // The profile of a therapist in the index, or null.
  std::shared_ptr<const therapists::Stored> Profile(const std::string& id) const;

 private:
  struct Held {
    std::shared_ptr<const therapists::Stored> profile;
    std::int64_t version = 0;
    int offset_minutes = 0;
    int active = 0;
  };

  const Clock& clock_;
  const Millis interval_;
  matching::Index index_;
  std::mutex pass_mu_;           // one pass at a time
  mutable std::mutex held_mu_;   // guards held_
  std::map<std::string, Held, std::less<>> held_;
  std::mutex stop_mu_;
  std::condition_variable stop_cv_;
  bool stopping_ = false;
  bool poked_ = false;
  std::thread thread_;
};

}  // namespace rk::care
