#include "features/couples/repo.hpp"

#include <algorithm>

#include "features/accounts/people.hpp"
#include "features/couples/couples.hpp"

namespace rk::couples::repo {

Result<std::optional<std::string>> ActiveCoupleId(db::Connection& c, const std::string& user_id) {
  RK_ASSIGN_OR_RETURN(auto row, c.QueryOne("SELECT m.couple_id FROM couple_members m JOIN couples k ON k.id = "
                                           "m.couple_id WHERE m.user_id = ? AND m.left_at IS NULL AND k.ended_at IS NULL",
                                           {user_id}));
  if (!row) return std::optional<std::string>();
  return std::optional<std::string>(row->Text(0));
}

Result<std::vector<std::string>> ActiveMembers(db::Connection& c, const std::string& couple_id) {
  RK_ASSIGN_OR_RETURN(auto rows, c.Query("SELECT user_id FROM couple_members WHERE couple_id = ? AND left_at IS NULL "
                                         "ORDER BY joined_at, user_id",
                                         {couple_id}));
  std::vector<std::string> out;
  for (const auto& r : rows) out.push_back(r.Text(0));
  return out;
}

Result<std::optional<http::CoupleRef>> LoadCouple(db::Connection& c, const std::string& couple_id) {
  RK_ASSIGN_OR_RETURN(auto row, c.QueryOne("SELECT id, time_zone, created_at FROM couples WHERE id = ? AND ended_at "
                                           "IS NULL",
                                           {couple_id}));
  if (!row) return std::optional<http::CoupleRef>();
  http::CoupleRef a;
  a.id = row->Text(0);
  a.time_zone = row->Text(1);
  a.since = row->Int(2);
  return std::optional<http::CoupleRef>(std::move(a));
}

Result<bool> InsertInvite(db::Connection& c, const Invite& i) {
  RK_ASSIGN_OR_RETURN(std::int64_t added,
                      c.Exec("INSERT INTO couple_invites (code, inviter_id, created_at, expires_at) VALUES (?, ?, ?, ?) "
                             "ON CONFLICT (code) DO NOTHING",
                             {i.code, i.inviter_id, i.created_at, i.expires_at}));
  return added == 1;
}

Status LockOpenInvites(db::Connection& c, const std::string& a, const std::string& b) {
  if (c.dialect() != db::Dialect::kPostgres) return {};
  RK_TRY(c.Query("SELECT code FROM couple_invites WHERE inviter_id IN (?, ?) AND used_at IS NULL ORDER BY code FOR UPDATE",
                 {a, b}));
  return {};
}

Result<std::optional<Invite>> FindInvite(db::Connection& c, const std::string& code) {
  RK_ASSIGN_OR_RETURN(auto row, c.QueryOne("SELECT code, inviter_id, created_at, expires_at, used_at FROM "
                                           "couple_invites WHERE code = ?",
                                           {code}));
  if (!row) return std::optional<Invite>();
  return std::optional<Invite>(Invite{row->Text(0), row->Text(1), row->Int(2), row->Int(3), row->OptInt(4)});
}

Status MarkInviteUsed(db::Connection& c, const std::string& code, const std::string& by, Millis now) {
  RK_ASSIGN_OR_RETURN(auto n, c.Exec("UPDATE couple_invites SET used_at = ?, used_by = ? WHERE code = ? AND used_at "
                                     "IS NULL",
                                     {now, by, code}));
  if (n != 1) return Error::Gone("This invite code has already been used.");
  return {};
}

Status WithdrawInvites(db::Connection& c, const std::string& user_id, Millis now) {
  RK_TRY(c.Exec("UPDATE couple_invites SET expires_at = ? WHERE inviter_id = ? AND used_at IS NULL AND expires_at > ?",
                {now, user_id, now}));
  return {};
}

Result<std::int64_t> PurgeExpiredInvites(db::Connection& c, Millis now) {
  const Millis cutoff = now - kInviteRetention;
  return c.Exec("DELETE FROM couple_invites WHERE expires_at < ? OR used_at < ?", {cutoff, cutoff});
}

Status InsertCouple(db::Connection& c, const std::string& couple_id, const std::string& time_zone, Millis now,
                    const std::vector<std::string>& members) {
  RK_TRY(c.Exec("INSERT INTO couples (id, time_zone, created_at) VALUES (?, ?, ?)", {couple_id, time_zone, now}));
  // Always in the same order, so that two joins touching the same people wait for each
  // other instead of deadlocking on the one-couple-per-person index.
  std::vector<std::string> sorted = members;
  std::sort(sorted.begin(), sorted.end());
  for (const std::string& m : sorted)
    RK_TRY(c.Exec("INSERT INTO couple_members (couple_id, user_id, joined_at) VALUES (?, ?, ?)", {couple_id, m, now}));
  return {};
}

Status SetTimeZone(db::Connection& c, const std::string& couple_id, const std::string& time_zone) {
  RK_TRY(c.Exec("UPDATE couples SET time_zone = ? WHERE id = ?", {time_zone, couple_id}));
  return {};
}

Status EndCouple(db::Connection& c, const std::string& couple_id, Millis now) {
  RK_TRY(c.Exec("UPDATE couples SET ended_at = ? WHERE id = ? AND ended_at IS NULL", {now, couple_id}));
  RK_TRY(c.Exec("UPDATE couple_members SET left_at = ? WHERE couple_id = ? AND left_at IS NULL", {now, couple_id}));
  return {};
}

}  // namespace rk::couples::repo

namespace rk::couples {

Result<http::CoupleRef> RequireCouple(db::Connection& c, const std::string& user_id) {
  RK_ASSIGN_OR_RETURN(auto id, repo::ActiveCoupleId(c, user_id));
  if (!id) return Error::NotFound("You are not in a couple yet.");
  RK_ASSIGN_OR_RETURN(auto couple, repo::LoadCouple(c, *id));
  if (!couple) return Error::NotFound("You are not in a couple yet.");
  RK_ASSIGN_OR_RETURN(auto members, repo::ActiveMembers(c, *id));
  for (const std::string& member : members) {
    RK_ASSIGN_OR_RETURN(auto person, accounts::FindPerson(c, member));
    http::Member m{member, person ? person->display_name : std::string()};
    if (member == user_id) couple->me = std::move(m);
    else couple->partner = std::move(m);
  }
  return std::move(*couple);
}

Result<std::vector<http::Member>> CurrentMembers(db::Connection& c, const std::string& couple_id) {
  std::vector<http::Member> out;
  RK_ASSIGN_OR_RETURN(auto couple, repo::LoadCouple(c, couple_id));
  if (!couple) return out;
  RK_ASSIGN_OR_RETURN(auto members, repo::ActiveMembers(c, couple_id));
  for (const std::string& member : members) {
    RK_ASSIGN_OR_RETURN(auto person, accounts::FindPerson(c, member));
    out.push_back({member, person ? person->display_name : std::string()});
  }
  return out;
}

Status LeaveIfMember(db::Connection& c, const std::string& user_id, Millis now) {
  RK_ASSIGN_OR_RETURN(auto id, repo::ActiveCoupleId(c, user_id));
  if (id) RK_TRY(repo::EndCouple(c, *id, now));
  // An invite they used keeps no trace of them.
  RK_TRY(c.Exec("UPDATE couple_invites SET used_by = NULL WHERE used_by = ?", {user_id}));
  return {};
}

}  // namespace rk::couples
