#include "features/care/directory.hpp"

#include <set>

#include "features/care/repo.hpp"
#include "platform/base/timezone.hpp"
#include "platform/log/log.hpp"

namespace rk::care {
namespace {

// The zone's offset from UTC at `now` in minutes; 0 for a zone that does not load.
int OffsetMinutes(const std::string& zone, Millis now) {
  auto tz = TimeZone::Load(zone);
  return tz.ok() ? static_cast<int>((*tz)->OffsetAt(now) / 60) : 0;
}

}  // namespace

Result<matching::Therapist> ForMatching(const therapists::Stored& s, int active, Millis now) {
  const therapists::Profile& p = s.profile;
  matching::Therapist t;
  t.id = s.user_id;
  for (const therapists::Place& place : p.jurisdictions) t.licensed.push_back({place.country, place.region});
  t.languages = p.languages;
  t.modalities = p.modalities;
  t.specialties = p.specialties;
  t.approaches = p.approaches;
  t.gender = p.gender;
  t.fee = static_cast<int>(p.fee);
  t.capacity = p.capacity;
  t.active = active;
  // verified_until is the last day (UTC) the verification runs; the index wants the end.
  auto day = s.verified_until ? Date::Parse(*s.verified_until) : std::nullopt;
  if (!day) return Error::Invalid("an approved profile has no verification end");
  t.verified_until = (day->DayNumber() + 1) * kDay;
  auto zone = TimeZone::Load(p.time_zone);
  if (!zone.ok()) return Error::Invalid("a profile's time zone does not load");
  const int offset = static_cast<int>((*zone)->OffsetAt(now) / 60);
  for (const therapists::Hours& h : s.hours)
    for (const matching::Window& w : matching::ToUtcWindows(h.weekday, h.start_minute, h.end_minute, offset))
      t.hours.push_back(w);
  return t;
}

Directory::Directory(const Clock& clock, Millis interval) : clock_(clock), interval_(interval) {}

Directory::~Directory() { Stop(); }

void Directory::Start(db::Database& db) {
  thread_ = std::thread([this, &db] {
    for (;;) {
      {
        auto c = db.Acquire();
        Status s = c.ok() ? Refresh(**c) : Status(Error(c.error()));
        if (!s.ok()) log::Warn("directory_refresh_failed", {{"error", s.error().message}});
      }
      std::unique_lock lock(stop_mu_);
      stop_cv_.wait_for(lock, std::chrono::milliseconds(interval_), [this] { return stopping_ || poked_; });
      if (stopping_) return;
      poked_ = false;
    }
  });
}

void Directory::Stop() {
  {
    std::lock_guard lock(stop_mu_);
    stopping_ = true;
  }
  stop_cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void Directory::Poke() {
  {
    std::lock_guard lock(stop_mu_);
    poked_ = true;
  }
  stop_cv_.notify_all();
}

std::shared_ptr<const therapists::Stored> Directory::Profile(const std::string& id) const {
  std::lock_guard lock(held_mu_);
  auto it = held_.find(id);
  return it == held_.end() ? nullptr : it->second.profile;
}

Status Directory::Refresh(db::Connection& c) {
  std::lock_guard pass(pass_mu_);
  const Millis now = clock_.Now();
  RK_ASSIGN_OR_RETURN(auto entries, therapists::directory::Versions(c));
  RK_ASSIGN_OR_RETURN(auto active, repo::ActiveCounts(c));
  auto active_of = [&](const std::string& id) {
    auto it = active.find(id);
    return it == active.end() ? 0 : it->second;
  };

  // Offsets by zone, once per pass.
  std::map<std::string, int, std::less<>> offsets;
  auto offset_of = [&](const std::string& zone) {
    auto it = offsets.find(zone);
    if (it == offsets.end()) it = offsets.emplace(zone, OffsetMinutes(zone, now)).first;
    return it->second;
  };

  // What to load: approved profiles that are new, changed, or whose zone moved.
  std::set<std::string, std::less<>> approved;
  std::vector<std::string> load;
  {
    std::lock_guard lock(held_mu_);
    for (const auto& e : entries) {
      if (e.status != therapists::kApproved) continue;
      approved.insert(e.id);
      auto it = held_.find(e.id);
      if (it == held_.end() || it->second.version != e.version ||
          it->second.offset_minutes != offset_of(it->second.profile->profile.time_zone))
        load.push_back(e.id);
    }
  }
  for (const std::string& id : load) {
    RK_ASSIGN_OR_RETURN(auto stored, therapists::directory::Find(c, id));
    if (!stored || stored->status != therapists::kApproved) continue;
    auto profile = std::make_shared<const therapists::Stored>(std::move(*stored));
    auto t = ForMatching(*profile, active_of(id), now);
    if (!t.ok()) {
      log::Warn("directory_skipped", {{"therapist_id", id}, {"error", t.error().message}});
      continue;
    }
    if (Status s = index_.Upsert(std::move(*t)); !s.ok()) {
      log::Warn("directory_skipped", {{"therapist_id", id}, {"error", s.error().message}});
      continue;
    }
    std::lock_guard lock(held_mu_);
    held_[id] = Held{profile, profile->version, offset_of(profile->profile.time_zone), active_of(id)};
  }

  // Drop what is no longer approved; update counts of couples.
  std::lock_guard lock(held_mu_);
  for (auto it = held_.begin(); it != held_.end();) {
    if (!approved.contains(it->first)) {
      index_.Remove(it->first);
      it = held_.erase(it);
      continue;
    }
    const int n = active_of(it->first);
    if (n != it->second.active && index_.SetActive(it->first, n)) it->second.active = n;
    ++it;
  }
  return {};
}

}  // namespace rk::care
