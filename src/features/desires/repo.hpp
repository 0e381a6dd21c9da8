#pragma once
// Desire map storage: each person's private yes / maybe / no per item, within one couple,
// sealed at rest.

#include <map>
#include <string>

#include "features/desires/desires.hpp"
#include "platform/crypto/sealer.hpp"
#include "platform/db/db.hpp"

namespace rk::desires::repo {

Result<std::map<std::string, Desire>> Desires(db::Connection& c, const crypto::Sealer& s, const std::string& couple_id,
                                              const std::string& user_id);
Status PutDesire(db::Connection& c, const crypto::Sealer& s, const std::string& couple_id, const std::string& user_id,
                 const std::string& item, Desire answer);
Status DeleteDesire(db::Connection& c, const std::string& couple_id, const std::string& user_id, const std::string& item);

// Re-seals every desire answer not under the active key; returns the count.
Result<std::int64_t> Reseal(db::Connection& c, const crypto::Sealer& s);

}  // namespace rk::desires::repo
