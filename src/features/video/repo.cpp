#include "features/video/repo.hpp"

#include "features/video/video.hpp"

namespace rk::video::repo {

Result<std::vector<Presence>> ForBooking(db::Connection& c, const std::string& booking_id) {
  RK_ASSIGN_OR_RETURN(auto rows, c.Query("SELECT user_id, state, joined_at FROM video_presence WHERE booking_id = ?",
                                         {booking_id}));
  std::vector<Presence> out;
  for (const db::Row& r : rows) out.push_back({r.Text(0), r.Text(1), r.Int(2)});
  return out;
}

Status Join(db::Connection& c, const std::string& booking_id, const std::string& user_id, std::string_view state,
            Millis now) {
  const bool admitted = state == kAdmitted;
  RK_TRY(c.Exec("INSERT INTO video_presence (booking_id, user_id, state, joined_at, admitted_at) VALUES (?, ?, ?, ?, ?) "
                "ON CONFLICT (booking_id, user_id) DO UPDATE SET joined_at = excluded.joined_at, left_at = NULL, "
                "state = CASE WHEN video_presence.state = 'admitted' THEN 'admitted' ELSE excluded.state END, "
                "admitted_at = CASE WHEN video_presence.state = 'admitted' THEN video_presence.admitted_at "
                "ELSE excluded.admitted_at END",
                {booking_id, user_id, std::string(state), now, admitted ? db::Value(now) : db::Value(nullptr)}));
  return {};
}

Result<bool> Admit(db::Connection& c, const std::string& booking_id, const std::string& user_id, Millis now) {
  RK_ASSIGN_OR_RETURN(std::int64_t n, c.Exec("UPDATE video_presence SET state = 'admitted', admitted_at = ? WHERE "
                                             "booking_id = ? AND user_id = ? AND state = 'waiting'",
                                             {now, booking_id, user_id}));
  return n == 1;
}

Status Leave(db::Connection& c, const std::string& booking_id, const std::string& user_id, Millis now) {
  RK_TRY(c.Exec("UPDATE video_presence SET state = 'left', left_at = ? WHERE booking_id = ? AND user_id = ?",
                {now, booking_id, user_id}));
  return {};
}

}  // namespace rk::video::repo
