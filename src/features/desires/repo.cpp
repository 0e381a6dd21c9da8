#include "features/desires/repo.hpp"

#include "platform/db/reseal.hpp"

namespace rk::desires::repo {
namespace {
std::string DesireContext(const std::string& couple, const std::string& user, const std::string& item) {
  return "desire_answers:" + couple + ":" + user + ":" + item;
}
}  // namespace

Result<std::map<std::string, Desire>> Desires(db::Connection& c, const crypto::Sealer& s, const std::string& couple_id,
                                              const std::string& user_id) {
  RK_ASSIGN_OR_RETURN(auto rows, c.Query("SELECT item_id, answer FROM desire_answers WHERE couple_id = ? AND user_id = ?",
                                         {couple_id, user_id}));
  std::map<std::string, Desire> out;
  for (const auto& r : rows) {
    RK_ASSIGN_OR_RETURN(std::string answer, s.Open(r.Text(1), DesireContext(couple_id, user_id, r.Text(0))));
    if (auto d = ParseDesire(answer)) out[r.Text(0)] = *d;
  }
  return out;
}

Status PutDesire(db::Connection& c, const crypto::Sealer& s, const std::string& couple_id, const std::string& user_id,
                 const std::string& item, Desire answer) {
  RK_TRY(c.Exec("INSERT INTO desire_answers (couple_id, user_id, item_id, answer) VALUES (?, ?, ?, ?) ON CONFLICT "
                "(couple_id, user_id, item_id) DO UPDATE SET answer = excluded.answer",
                {couple_id, user_id, item, s.Seal(DesireName(answer), DesireContext(couple_id, user_id, item))}));
  return {};
}

Status DeleteDesire(db::Connection& c, const std::string& couple_id, const std::string& user_id, const std::string& item) {
  RK_TRY(c.Exec("DELETE FROM desire_answers WHERE couple_id = ? AND user_id = ? AND item_id = ?", {couple_id, user_id, item}));
  return {};
}

Result<std::int64_t> Reseal(db::Connection& c, const crypto::Sealer& s) {
  const db::SealedColumn columns[] = {
      {"SELECT couple_id, user_id, item_id, answer FROM desire_answers",
       "UPDATE desire_answers SET answer = ? WHERE couple_id = ? AND user_id = ? AND item_id = ? AND answer = ?",
       [](const db::Row& r) { return DesireContext(r.Text(0), r.Text(1), r.Text(2)); }},
  };
  return db::ResealColumns(c, s, columns);
}

}  // namespace rk::desires::repo
