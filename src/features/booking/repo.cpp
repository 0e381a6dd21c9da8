#include "features/booking/repo.hpp"

namespace rk::booking::repo {
namespace {

constexpr std::string_view kColumns =
    "SELECT id, therapist_id, relationship_id, couple_id, kind, attendee_id, booked_by, starts_at, ends_at, status, "
    "created_at, cancelled_at FROM bookings ";

Booking ToBooking(const db::Row& r) {
  Booking b;
  b.id = r.Text(0);
  b.therapist_id = r.Text(1);
  b.relationship_id = r.Text(2);
  b.couple_id = r.Text(3);
  b.kind = r.Text(4);
  b.attendee_id = r.OptText(5).value_or("");
  b.booked_by = r.Text(6);
  b.starts_at = r.Int(7);
  b.ends_at = r.Int(8);
  b.status = r.Text(9);
  b.created_at = r.Int(10);
  b.cancelled_at = r.OptInt(11);
  return b;
}

Result<std::vector<Booking>> Many(db::Connection& c, const std::string& sql, std::initializer_list<db::Value> params) {
  RK_ASSIGN_OR_RETURN(auto rows, c.Query(sql, params));
  std::vector<Booking> out;
  for (const db::Row& r : rows) out.push_back(ToBooking(r));
  return out;
}

}  // namespace

Status LockTherapist(db::Connection& c, const std::string& therapist_id) {
  if (c.dialect() == db::Dialect::kPostgres)
    RK_TRY(c.Query("SELECT user_id FROM therapists WHERE user_id = ? FOR UPDATE", {therapist_id}));
  return {};
}

Result<std::vector<Busy>> BusyBetween(db::Connection& c, const std::string& therapist_id, Millis from, Millis to,
                                      const std::string& except_id) {
  RK_ASSIGN_OR_RETURN(auto rows, c.Query("SELECT starts_at, ends_at FROM bookings WHERE therapist_id = ? AND status = "
                                         "'booked' AND starts_at < ? AND ends_at > ? AND id <> ?",
                                         {therapist_id, to, from, except_id}));
  std::vector<Busy> out;
  for (const db::Row& r : rows) out.push_back({r.Int(0), r.Int(1)});
  return out;
}

Result<bool> Insert(db::Connection& c, const Booking& b) {
  RK_ASSIGN_OR_RETURN(std::int64_t n,
                      c.Exec("INSERT INTO bookings (id, therapist_id, relationship_id, couple_id, kind, attendee_id, "
                             "booked_by, starts_at, ends_at, status, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                             "ON CONFLICT (therapist_id, starts_at) WHERE status = 'booked' DO NOTHING",
                             {b.id, b.therapist_id, b.relationship_id, b.couple_id, b.kind,
                              b.attendee_id.empty() ? db::Value(nullptr) : db::Value(b.attendee_id), b.booked_by,
                              b.starts_at, b.ends_at, std::string(kBooked), b.created_at}));
  return n == 1;
}

Result<std::optional<Booking>> Find(db::Connection& c, const std::string& id) {
  static const std::string sql = std::string(kColumns) + "WHERE id = ?";
  RK_ASSIGN_OR_RETURN(auto row, c.QueryOne(sql, {id}));
  if (!row) return std::optional<Booking>();
  return std::optional<Booking>(ToBooking(*row));
}

Result<bool> Move(db::Connection& c, const std::string& id, Millis from, Millis starts_at, Millis ends_at) {
  // The unique index would refuse a start taken meanwhile; asking first keeps that a
  // clean answer rather than an error.
  RK_ASSIGN_OR_RETURN(auto taken, c.QueryOne("SELECT 1 FROM bookings WHERE therapist_id = (SELECT therapist_id FROM "
                                             "bookings WHERE id = ?) AND starts_at = ? AND status = 'booked' AND id <> ?",
                                             {id, starts_at, id}));
  if (taken) return false;
  RK_ASSIGN_OR_RETURN(std::int64_t n, c.Exec("UPDATE bookings SET starts_at = ?, ends_at = ? WHERE id = ? AND status = "
                                             "'booked' AND starts_at = ?",
                                             {starts_at, ends_at, id, from}));
  return n == 1;
}

Result<bool> Cancel(db::Connection& c, const std::string& id, const std::string& by, Millis now) {
  RK_ASSIGN_OR_RETURN(std::int64_t n, c.Exec("UPDATE bookings SET status = 'cancelled', cancelled_at = ?, cancelled_by "
                                             "= ? WHERE id = ? AND status = 'booked'",
                                             {now, by, id}));
  return n == 1;
}

Result<std::vector<Booking>> ForCouple(db::Connection& c, const std::string& couple_id, const std::string& user_id,
                                       Millis after, int limit) {
  static const std::string sql = std::string(kColumns) +
                                 "WHERE couple_id = ? AND status = 'booked' AND ends_at > ? AND (kind = 'joint' OR "
                                 "attendee_id = ?) ORDER BY starts_at LIMIT ?";
  return Many(c, sql, {couple_id, after, user_id, std::int64_t{limit}});
}

Result<std::int64_t> CountUpcoming(db::Connection& c, const std::string& couple_id, const std::string& user_id,
                                   Millis now) {
  RK_ASSIGN_OR_RETURN(auto row, c.QueryOne("SELECT COUNT(*) FROM bookings WHERE couple_id = ? AND status = 'booked' AND "
                                           "starts_at > ? AND (kind = 'joint' OR attendee_id = ?)",
                                           {couple_id, now, user_id}));
  return row ? row->Int(0) : 0;
}

Result<std::vector<Booking>> ForTherapist(db::Connection& c, const std::string& therapist_id, Millis from, Millis to) {
  static const std::string sql = std::string(kColumns) +
                                 "WHERE therapist_id = ? AND status = 'booked' AND ends_at > ? AND starts_at < ? "
                                 "ORDER BY starts_at";
  return Many(c, sql, {therapist_id, from, to});
}

}  // namespace rk::booking::repo

// Published in sessions.hpp.
namespace rk::booking {

Result<std::vector<Session>> SessionsFor(db::Connection& c, const std::string& couple_id, const std::string& user_id,
                                         Millis after) {
  RK_ASSIGN_OR_RETURN(auto all, repo::ForCouple(c, couple_id, user_id, after, 200));
  std::vector<Session> out;
  for (const Booking& b : all) out.push_back({b.id, b.starts_at, b.ends_at});
  return out;
}

Result<std::optional<Booked>> FindBooked(db::Connection& c, const std::string& id) {
  RK_ASSIGN_OR_RETURN(auto b, repo::Find(c, id));
  if (!b || b->status != kBooked) return std::optional<Booked>();
  return std::optional<Booked>(Booked{b->id, b->therapist_id, b->couple_id, b->kind, b->attendee_id, b->starts_at, b->ends_at});
}

Status CancelUpcoming(db::Connection& c, const std::string& relationship_id, const std::string& by, Millis now) {
  RK_TRY(c.Exec("UPDATE bookings SET status = 'cancelled', cancelled_at = ?, cancelled_by = ? WHERE relationship_id = ? "
                "AND status = 'booked' AND starts_at > ?",
                {now, by, relationship_id, now}));
  return {};
}

}  // namespace rk::booking
