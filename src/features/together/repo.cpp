#include "features/together/repo.hpp"

#include "platform/crypto/crypto.hpp"
#include "platform/db/reseal.hpp"

namespace rk::together::repo {
namespace {

constexpr const char* kPlanColumns =
    "id, couple_id, rrule, start_local, time_zone, duration_minutes, status, proposed_by, replaces, created_at, "
    "decided_at, ended_at";

Plan PlanOf(const db::Row& r) {
  return Plan{r.Text(0),       r.Text(1),       r.Text(2),          r.Text(3),
              r.Text(4),       static_cast<int>(r.Int(5)), r.Text(6), r.Text(7),
              r.OptText(8),    r.Int(9),        r.OptInt(10),       r.OptInt(11)};
}

std::string NoteContext(const std::string& plan_id, const std::string& occurrence, const std::string& user_id) {
  return "reflections:" + plan_id + ":" + occurrence + ":" + user_id;
}
std::string UnsubscribeContext(const std::string& user_id) { return "reminder_settings:" + user_id; }

// "?, ?, ?" for n parameters.
std::string Marks(std::size_t n) {
  std::string out;
  for (std::size_t i = 0; i < n; ++i) out += i ? ", ?" : "?";
  return out;
}

}  // namespace

Status InsertPlan(db::Connection& c, const Plan& p) {
  const db::Value replaces = p.replaces ? db::Value(*p.replaces) : db::Value(nullptr);
  RK_TRY(c.Exec(std::string("INSERT INTO plans (") + kPlanColumns + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL)",
                {p.id, p.couple_id, p.rrule, p.start_local, p.time_zone, std::int64_t{p.duration_minutes}, p.status,
                 p.proposed_by, replaces, p.created_at}));
  return {};
}

Result<std::optional<Plan>> FindPlan(db::Connection& c, const std::string& couple_id, const std::string& id) {
  RK_ASSIGN_OR_RETURN(auto row, c.QueryOne(std::string("SELECT ") + kPlanColumns +
                                               " FROM plans WHERE couple_id = ? AND id = ?",
                                           {couple_id, id}));
  if (!row) return std::optional<Plan>();
  return std::optional<Plan>(PlanOf(*row));
}

Result<std::vector<Plan>> PlansOf(db::Connection& c, const std::string& couple_id, std::vector<std::string> statuses) {
  std::vector<db::Value> params{couple_id};
  for (auto& s : statuses) params.emplace_back(std::move(s));
  RK_ASSIGN_OR_RETURN(auto rows, c.Query(std::string("SELECT ") + kPlanColumns +
                                             " FROM plans WHERE couple_id = ? AND status IN (" +
                                             Marks(params.size() - 1) + ") ORDER BY created_at, id",
                                         params));
  std::vector<Plan> out;
  for (const auto& r : rows) out.push_back(PlanOf(r));
  return out;
}

Result<std::vector<Plan>> PlansSince(db::Connection& c, const std::string& couple_id, Millis since) {
  RK_ASSIGN_OR_RETURN(auto rows, c.Query(std::string("SELECT ") + kPlanColumns +
                                             " FROM plans WHERE couple_id = ? AND (status = 'active' OR "
                                             "(status = 'ended' AND ended_at > ?)) ORDER BY created_at DESC, id DESC "
                                             "LIMIT ?",
                                         {couple_id, since, std::int64_t{kPlansSinceMax}}));
  std::vector<Plan> out;
  for (auto r = rows.rbegin(); r != rows.rend(); ++r) out.push_back(PlanOf(*r));
  return out;
}

Result<bool> SetStatus(db::Connection& c, const std::string& id, const std::string& from, const std::string& to,
                       Millis now) {
  const char* sql = to == "ended" ? "UPDATE plans SET status = ?, ended_at = ? WHERE id = ? AND status = ?"
                                  : "UPDATE plans SET status = ?, decided_at = ? WHERE id = ? AND status = ?";
  RK_ASSIGN_OR_RETURN(std::int64_t n, c.Exec(sql, {to, now, id, from}));
  return n == 1;
}

Result<std::vector<Override>> Overrides(db::Connection& c, const std::string& plan_id) {
  RK_ASSIGN_OR_RETURN(auto rows, c.Query("SELECT occurrence, skipped, moved_to, duration_minutes FROM plan_overrides "
                                         "WHERE plan_id = ? ORDER BY occurrence",
                                         {plan_id}));
  std::vector<Override> out;
  for (const auto& r : rows) {
    auto original = LocalTime::Parse(r.Text(0));
    if (!original) continue;
    Override o{*original, r.Bool(1), std::nullopt, std::nullopt};
    if (auto to = r.OptText(2)) o.moved_to = LocalTime::Parse(*to);
    if (auto d = r.OptInt(3)) o.duration_minutes = static_cast<int>(*d);
    out.push_back(o);
  }
  return out;
}

Status PutOverride(db::Connection& c, const std::string& plan_id, const Override& o, const std::string& user_id,
                   Millis now) {
  const db::Value moved = o.moved_to ? db::Value(o.moved_to->ToString()) : db::Value(nullptr);
  const db::Value duration = o.duration_minutes ? db::Value(std::int64_t{*o.duration_minutes}) : db::Value(nullptr);
  RK_TRY(c.Exec("INSERT INTO plan_overrides (plan_id, occurrence, skipped, moved_to, duration_minutes, changed_by, "
                "changed_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (plan_id, occurrence) DO UPDATE SET skipped = "
                "excluded.skipped, moved_to = excluded.moved_to, duration_minutes = excluded.duration_minutes, "
                "changed_by = excluded.changed_by, changed_at = excluded.changed_at",
                {plan_id, o.original.ToString(), std::int64_t{o.skipped ? 1 : 0}, moved, duration, user_id, now}));
  return {};
}

Result<bool> DeleteOverride(db::Connection& c, const std::string& plan_id, const std::string& occurrence) {
  RK_ASSIGN_OR_RETURN(std::int64_t n,
                      c.Exec("DELETE FROM plan_overrides WHERE plan_id = ? AND occurrence = ?", {plan_id, occurrence}));
  return n > 0;
}

Result<std::vector<Session>> SessionsOf(db::Connection& c, const std::vector<std::string>& plan_ids, const Keys& keys) {
  std::vector<Session> out;
  if (plan_ids.empty()) return out;
  std::vector<db::Value> params(plan_ids.begin(), plan_ids.end());
  params.emplace_back(keys.from_key);
  params.emplace_back(keys.to_key);
  RK_ASSIGN_OR_RETURN(auto rows, c.Query("SELECT plan_id, occurrence, started_by, started_at, finished_at FROM "
                                         "together_sessions WHERE plan_id IN (" + Marks(plan_ids.size()) +
                                             ") AND occurrence >= ? AND occurrence <= ?",
                                         params));
  for (const auto& r : rows) out.push_back({r.Text(0), r.Text(1), r.Text(2), r.Int(3), r.OptInt(4)});
  return out;
}

Result<bool> StartSession(db::Connection& c, const Session& s) {
  RK_ASSIGN_OR_RETURN(std::int64_t n,
                      c.Exec("INSERT INTO together_sessions (plan_id, occurrence, started_by, started_at) VALUES (?, ?, "
                             "?, ?) ON CONFLICT (plan_id, occurrence) DO NOTHING",
                             {s.plan_id, s.occurrence, s.started_by, s.started_at}));
  return n == 1;
}

Result<bool> FinishSession(db::Connection& c, const std::string& plan_id, const std::string& occurrence, Millis now) {
  RK_ASSIGN_OR_RETURN(std::int64_t n, c.Exec("UPDATE together_sessions SET finished_at = ? WHERE plan_id = ? AND "
                                             "occurrence = ? AND finished_at IS NULL",
                                             {now, plan_id, occurrence}));
  return n == 1;
}

Result<std::vector<Reflection>> ReflectionsOf(db::Connection& c, const crypto::Sealer* s,
                                              const std::vector<std::string>& plan_ids, const Keys& keys) {
  std::vector<Reflection> out;
  if (plan_ids.empty()) return out;
  std::vector<db::Value> params(plan_ids.begin(), plan_ids.end());
  params.emplace_back(keys.from_key);
  params.emplace_back(keys.to_key);
  RK_ASSIGN_OR_RETURN(auto rows, c.Query(std::string("SELECT plan_id, occurrence, user_id, happened, closeness, ") +
                                             (s ? "note" : "''") +
                                             ", note_shared, created_at, updated_at FROM reflections WHERE plan_id IN (" +
                                             Marks(plan_ids.size()) + ") AND occurrence >= ? AND occurrence <= ?",
                                         params));
  for (const auto& r : rows) {
    std::string note;
    if (s) {
      RK_ASSIGN_OR_RETURN(note, s->Open(r.Text(5), NoteContext(r.Text(0), r.Text(1), r.Text(2))));
    }
    std::optional<int> closeness;
    if (auto v = r.OptInt(4)) closeness = static_cast<int>(*v);
    out.push_back({r.Text(0), r.Text(1), r.Text(2), r.Bool(3), closeness, std::move(note), r.Bool(6), r.Int(7), r.Int(8)});
  }
  return out;
}

Status PutReflection(db::Connection& c, const crypto::Sealer& s, const Reflection& r) {
  const db::Value closeness = r.closeness ? db::Value(std::int64_t{*r.closeness}) : db::Value(nullptr);
  RK_TRY(c.Exec("INSERT INTO reflections (plan_id, occurrence, user_id, happened, closeness, note, note_shared, "
                "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (plan_id, occurrence, user_id) "
                "DO UPDATE SET happened = excluded.happened, closeness = excluded.closeness, note = excluded.note, "
                "note_shared = excluded.note_shared, updated_at = excluded.updated_at",
                {r.plan_id, r.occurrence, r.user_id, std::int64_t{r.happened ? 1 : 0}, closeness,
                 s.Seal(r.note, NoteContext(r.plan_id, r.occurrence, r.user_id)), std::int64_t{r.note_shared ? 1 : 0},
                 r.created_at, r.updated_at}));
  return {};
}

Result<std::optional<int>> Goal(db::Connection& c, const std::string& couple_id) {
  RK_ASSIGN_OR_RETURN(auto row, c.QueryOne("SELECT per_week FROM together_goals WHERE couple_id = ?", {couple_id}));
  if (!row) return std::optional<int>();
  return std::optional<int>(static_cast<int>(row->Int(0)));
}

Status SetGoal(db::Connection& c, const std::string& couple_id, int per_week, Millis now) {
  RK_TRY(c.Exec("INSERT INTO together_goals (couple_id, per_week, changed_at) VALUES (?, ?, ?) ON CONFLICT (couple_id) "
                "DO UPDATE SET per_week = excluded.per_week, changed_at = excluded.changed_at",
                {couple_id, std::int64_t{per_week}, now}));
  return {};
}

Result<std::optional<Reminders>> FindReminders(db::Connection& c, const crypto::Sealer& s, const std::string& user_id) {
  RK_ASSIGN_OR_RETURN(auto row, c.QueryOne("SELECT lead_minutes, unsubscribe FROM reminder_settings WHERE user_id = ?",
                                           {user_id}));
  if (!row) return std::optional<Reminders>();
  RK_ASSIGN_OR_RETURN(std::string token, s.Open(row->Text(1), UnsubscribeContext(user_id)));
  return std::optional<Reminders>(Reminders{static_cast<int>(row->Int(0)), std::move(token)});
}

Status PutReminders(db::Connection& c, const crypto::Sealer& s, const std::string& user_id, int lead_minutes,
                    Millis now) {
  // The unsubscribe token is made once and kept while reminders stay on.
  RK_ASSIGN_OR_RETURN(std::int64_t n, c.Exec("UPDATE reminder_settings SET lead_minutes = ? WHERE user_id = ?",
                                             {std::int64_t{lead_minutes}, user_id}));
  if (n > 0) return {};
  const std::string token = crypto::RandomToken();
  RK_TRY(c.Exec("INSERT INTO reminder_settings (user_id, lead_minutes, unsubscribe_hash, unsubscribe, created_at) "
                "VALUES (?, ?, ?, ?, ?)",
                {user_id, std::int64_t{lead_minutes}, crypto::Sha256Hex(token),
                 s.Seal(token, UnsubscribeContext(user_id)), now}));
  return {};
}

Result<bool> DeleteReminders(db::Connection& c, const std::string& user_id) {
  RK_ASSIGN_OR_RETURN(std::int64_t n, c.Exec("DELETE FROM reminder_settings WHERE user_id = ?", {user_id}));
  return n > 0;
}

Result<bool> Unsubscribe(db::Connection& c, const std::string& token) {
  RK_ASSIGN_OR_RETURN(std::int64_t n,
                      c.Exec("DELETE FROM reminder_settings WHERE unsubscribe_hash = ?", {crypto::Sha256Hex(token)}));
  return n > 0;
}

Result<std::vector<Subscriber>> Subscribers(db::Connection& c) {
  RK_ASSIGN_OR_RETURN(auto rows, c.Query("SELECT r.user_id, m.couple_id, r.lead_minutes FROM reminder_settings r JOIN "
                                         "couple_members m ON m.user_id = r.user_id AND m.left_at IS NULL JOIN couples k "
                                         "ON k.id = m.couple_id AND k.ended_at IS NULL ORDER BY r.user_id"));
  std::vector<Subscriber> out;
  for (const auto& r : rows) out.push_back({r.Text(0), r.Text(1), static_cast<int>(r.Int(2))});
  return out;
}

Result<std::optional<Feed>> FindFeed(db::Connection& c, const std::string& user_id) {
  RK_ASSIGN_OR_RETURN(auto row, c.QueryOne("SELECT user_id, title, created_at FROM calendar_feeds WHERE user_id = ?",
                                           {user_id}));
  if (!row) return std::optional<Feed>();
  return std::optional<Feed>(Feed{row->Text(0), row->Text(1), row->Int(2)});
}

Result<std::optional<Feed>> FeedBySecret(db::Connection& c, const std::string& secret) {
  RK_ASSIGN_OR_RETURN(auto row, c.QueryOne("SELECT user_id, title, created_at FROM calendar_feeds WHERE secret_hash = ?",
                                           {crypto::Sha256Hex(secret)}));
  if (!row) return std::optional<Feed>();
  return std::optional<Feed>(Feed{row->Text(0), row->Text(1), row->Int(2)});
}

Status PutFeed(db::Connection& c, const std::string& user_id, const std::string& secret, const std::string& title,
               Millis now) {
  RK_TRY(c.Exec("INSERT INTO calendar_feeds (user_id, secret_hash, title, created_at) VALUES (?, ?, ?, ?) ON CONFLICT "
                "(user_id) DO UPDATE SET secret_hash = excluded.secret_hash, title = excluded.title, created_at = "
                "excluded.created_at",
                {user_id, crypto::Sha256Hex(secret), title, now}));
  return {};
}

Result<bool> SetFeedTitle(db::Connection& c, const std::string& user_id, const std::string& title) {
  RK_ASSIGN_OR_RETURN(std::int64_t n, c.Exec("UPDATE calendar_feeds SET title = ? WHERE user_id = ?", {title, user_id}));
  return n > 0;
}

Result<bool> DeleteFeed(db::Connection& c, const std::string& user_id) {
  RK_ASSIGN_OR_RETURN(std::int64_t n, c.Exec("DELETE FROM calendar_feeds WHERE user_id = ?", {user_id}));
  return n > 0;
}

Result<std::int64_t> Reseal(db::Connection& c, const crypto::Sealer& s) {
  const db::SealedColumn columns[] = {
      {"SELECT plan_id, occurrence, user_id, note FROM reflections",
       "UPDATE reflections SET note = ? WHERE plan_id = ? AND occurrence = ? AND user_id = ? AND note = ?",
       [](const db::Row& r) { return NoteContext(r.Text(0), r.Text(1), r.Text(2)); }},
      {"SELECT user_id, unsubscribe FROM reminder_settings",
       "UPDATE reminder_settings SET unsubscribe = ? WHERE user_id = ? AND unsubscribe = ?",
       [](const db::Row& r) { return UnsubscribeContext(r.Text(0)); }},
  };
  return db::ResealColumns(c, s, columns);
}

}  // namespace rk::together::repo
