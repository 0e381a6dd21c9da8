#pragma once
// Consent storage: each partner's grants per care relationship, and their log.

#include <string>
#include <string_view>
#include <vector>

#include "platform/base/result.hpp"
#include "platform/base/time.hpp"
#include "platform/db/db.hpp"

namespace rk::consent::repo {

inline constexpr std::string_view kGranted = "granted";
inline constexpr std::string_view kWithdrawn = "withdrawn";
inline constexpr std::string_view kRead = "read";
inline constexpr std::string_view kExported = "exported";

struct Granted {
  std::string scope;
  Millis granted_at = 0;
};
Result<std::vector<Granted>> Grants(db::Connection& c, const std::string& relationship_id, const std::string& user_id);
// True when this call granted it (false: it was granted already).
Result<bool> Grant(db::Connection& c, const std::string& relationship_id, const std::string& user_id, std::string_view scope,
                   Millis now);
// True when this call withdrew it (false: it was not granted).
Result<bool> Withdraw(db::Connection& c, const std::string& relationship_id, const std::string& user_id,
                      std::string_view scope);

struct LogLine {
  std::string id, relationship_id, user_id, actor_id, action, scope;
  Millis at = 0;
};
Status Log(db::Connection& c, const LogLine& l);
// `user_id`'s log, newest first, ids below `before` (all when empty).
Result<std::vector<LogLine>> LogOf(db::Connection& c, const std::string& user_id, const std::string& before, int limit);

}  // namespace rk::consent::repo
