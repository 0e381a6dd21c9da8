#include "features/consent/consent.hpp"

#include <algorithm>

#include "features/consent/repo.hpp"
#include "platform/audit/audit.hpp"
#include "platform/crypto/crypto.hpp"

namespace rk::consent {

bool IsScope(std::string_view scope) { return std::find(std::begin(kScopes), std::end(kScopes), scope) != std::end(kScopes); }

Result<std::vector<std::string>> Sharing(db::Connection& c, const std::string& relationship_id, std::string_view scope) {
  RK_ASSIGN_OR_RETURN(auto rows, c.Query("SELECT user_id FROM care_consents WHERE relationship_id = ? AND scope = ? "
                                         "ORDER BY user_id",
                                         {relationship_id, std::string(scope)}));
  std::vector<std::string> out;
  for (const auto& r : rows) out.push_back(r.Text(0));
  return out;
}

Status RecordRead(db::Connection& c, const std::string& relationship_id, const std::string& therapist_id,
                  const std::string& person_id, std::string_view scope, const std::string& request_id, Millis now,
                  Access how) {
  const bool read = how == Access::kRead;
  RK_TRY(repo::Log(c, repo::LogLine{crypto::NewId(now), relationship_id, person_id, therapist_id,
                                    std::string(read ? repo::kRead : repo::kExported), std::string(scope), now}));
  return audit::Append(c, audit::Event{therapist_id, read ? "consent.read" : "consent.export", "account", person_id,
                                       std::string(scope), request_id},
                       now);
}

}  // namespace rk::consent

namespace rk::consent::repo {

Result<std::vector<Granted>> Grants(db::Connection& c, const std::string& relationship_id, const std::string& user_id) {
  RK_ASSIGN_OR_RETURN(auto rows, c.Query("SELECT scope, granted_at FROM care_consents WHERE relationship_id = ? AND "
                                         "user_id = ?",
                                         {relationship_id, user_id}));
  std::vector<Granted> out;
  for (const auto& r : rows) out.push_back({r.Text(0), r.Int(1)});
  return out;
}

Result<bool> Grant(db::Connection& c, const std::string& relationship_id, const std::string& user_id, std::string_view scope,
                   Millis now) {
  RK_ASSIGN_OR_RETURN(std::int64_t n, c.Exec("INSERT INTO care_consents (relationship_id, user_id, scope, granted_at) "
                                             "VALUES (?, ?, ?, ?) ON CONFLICT (relationship_id, user_id, scope) DO NOTHING",
                                             {relationship_id, user_id, std::string(scope), now}));
  return n == 1;
}

Result<bool> Withdraw(db::Connection& c, const std::string& relationship_id, const std::string& user_id,
                      std::string_view scope) {
  RK_ASSIGN_OR_RETURN(std::int64_t n, c.Exec("DELETE FROM care_consents WHERE relationship_id = ? AND user_id = ? AND "
                                             "scope = ?",
                                             {relationship_id, user_id, std::string(scope)}));
  return n == 1;
}

Status Log(db::Connection& c, const LogLine& l) {
  RK_TRY(c.Exec("INSERT INTO care_consent_log (id, relationship_id, user_id, actor_id, action, scope, at) VALUES (?, ?, "
                "?, ?, ?, ?, ?)",
                {l.id, l.relationship_id, l.user_id, l.actor_id, l.action, l.scope, l.at}));
  return {};
}

Result<std::vector<LogLine>> LogOf(db::Connection& c, const std::string& user_id, const std::string& before, int limit) {
  RK_ASSIGN_OR_RETURN(auto rows, c.Query("SELECT id, relationship_id, user_id, actor_id, action, scope, at FROM "
                                         "care_consent_log WHERE user_id = ? AND (? = '' OR id < ?) ORDER BY id DESC "
                                         "LIMIT ?",
                                         {user_id, before, before, std::int64_t{limit}}));
  std::vector<LogLine> out;
  for (const auto& r : rows) out.push_back({r.Text(0), r.Text(1), r.Text(2), r.Text(3), r.Text(4), r.Text(5), r.Int(6)});
  return out;
}

}  // namespace rk::consent::repo
