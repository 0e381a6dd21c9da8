#pragma once
// Together time's storage. Every function is scoped to a couple or a person; notes are
// sealed at rest.

#include <optional>
#include <string>
#include <vector>

#include "features/together/recurrence.hpp"
#include "platform/base/time.hpp"
#include "platform/crypto/sealer.hpp"
#include "platform/db/db.hpp"

namespace rk::together::repo {

struct Plan {
  std::string id;
  std::string couple_id;
  std::string rrule;
  std::string start_local;
  std::string time_zone;
  int duration_minutes = 30;
  std::string status;  // proposed, active, ended, declined, withdrawn
  std::string proposed_by;
  std::optional<std::string> replaces;
  Millis created_at = 0;
  std::optional<Millis> decided_at;
  std::optional<Millis> ended_at;
};

Status InsertPlan(db::Connection& c, const Plan& p);
Result<std::optional<Plan>> FindPlan(db::Connection& c, const std::string& couple_id, const std::string& id);
// Plans of the couple in any of `statuses`, oldest first.
Result<std::vector<Plan>> PlansOf(db::Connection& c, const std::string& couple_id, std::vector<std::string> statuses);
// Plans that were active at some time since `since` (active ones, and ended ones that
// ended after it): the ones whose occurrences the streak and reflections may name. The
// newest kPlansSinceMax of them, oldest first (so a couple's page costs the same
// however many plans they made and stopped).
inline constexpr int kPlansSinceMax = 50;
Result<std::vector<Plan>> PlansSince(db::Connection& c, const std::string& couple_id, Millis since);
// Moves a plan from `from` to `to` status, setting decided_at / ended_at; false when it
// was not in `from` (someone else answered first).
Result<bool> SetStatus(db::Connection& c, const std::string& id, const std::string& from, const std::string& to, Millis now);

Result<std::vector<Override>> Overrides(db::Connection& c, const std::string& plan_id);
Status PutOverride(db::Connection& c, const std::string& plan_id, const Override& o, const std::string& user_id, Millis now);
Result<bool> DeleteOverride(db::Connection& c, const std::string& plan_id, const std::string& occurrence);

struct Session {
  std::string plan_id;
  std::string occurrence;
  std::string started_by;
  Millis started_at = 0;
  std::optional<Millis> finished_at;
};
// Evenings whose key (original local start, "YYYY-MM-DDTHH:MM") lies in [from_key,
// to_key]: keys order like the times they name, so a page reads only its window however
// old the plan is.
struct Keys {
  std::string from_key;
  std::string to_key;
  static Keys One(const std::string& key) { return {key, key}; }
};
Result<std::vector<Session>> SessionsOf(db::Connection& c, const std::vector<std::string>& plan_ids, const Keys& keys);
// Inserts the session unless one exists; returns whether this call started it.
Result<bool> StartSession(db::Connection& c, const Session& s);
Result<bool> FinishSession(db::Connection& c, const std::string& plan_id, const std::string& occurrence, Millis now);

struct Reflection {
  std::string plan_id;
  std::string occurrence;
  std::string user_id;
  bool happened = false;
  std::optional<int> closeness;
  std::string note;
  bool note_shared = false;
  Millis created_at = 0;
  Millis updated_at = 0;
};
// With `s`, notes are opened; without (nullptr), they are left out (empty) and nothing is
// decrypted, for readers that need only who reflected, whether it happened and closeness.
Result<std::vector<Reflection>> ReflectionsOf(db::Connection& c, const crypto::Sealer* s,
                                              const std::vector<std::string>& plan_ids, const Keys& keys);
Status PutReflection(db::Connection& c, const crypto::Sealer& s, const Reflection& r);

Result<std::optional<int>> Goal(db::Connection& c, const std::string& couple_id);
Status SetGoal(db::Connection& c, const std::string& couple_id, int per_week, Millis now);

struct Reminders {
  int lead_minutes = 0;
  std::string unsubscribe;  // the token (opened)
};
Result<std::optional<Reminders>> FindReminders(db::Connection& c, const crypto::Sealer& s, const std::string& user_id);
Status PutReminders(db::Connection& c, const crypto::Sealer& s, const std::string& user_id, int lead_minutes, Millis now);
Result<bool> DeleteReminders(db::Connection& c, const std::string& user_id);
// Turns reminders off for whoever holds `token`; false when no one does.
Result<bool> Unsubscribe(db::Connection& c, const std::string& token);
// Everyone with reminders on who is in a current couple: (user id, couple id, lead).
struct Subscriber {
  std::string user_id;
  std::string couple_id;
  int lead_minutes = 0;
};
Result<std::vector<Subscriber>> Subscribers(db::Connection& c);

struct Feed {
  std::string user_id;
  std::string title;
  Millis created_at = 0;
};
Result<std::optional<Feed>> FindFeed(db::Connection& c, const std::string& user_id);
Result<std::optional<Feed>> FeedBySecret(db::Connection& c, const std::string& secret);
// Replaces the person's feed with one for `secret` (the old URL stops working).
Status PutFeed(db::Connection& c, const std::string& user_id, const std::string& secret, const std::string& title, Millis now);
Result<bool> SetFeedTitle(db::Connection& c, const std::string& user_id, const std::string& title);
Result<bool> DeleteFeed(db::Connection& c, const std::string& user_id);

Result<std::int64_t> Reseal(db::Connection& c, const crypto::Sealer& s);

}  // namespace rk::together::repo
