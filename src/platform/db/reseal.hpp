#pragma once
// Re-sealing one sealed column under the active data key (for `rekindle admin
// rotate-key`). A feature describes each sealed column; this walks it.

#include <functional>
#include <span>
#include <string>
#include <vector>

#include "platform/crypto/sealer.hpp"
#include "platform/db/db.hpp"

namespace rk::db {

struct SealedColumn {
  // Selects the row's key columns followed by the sealed value (last column).
  std::string select_sql;
  // "UPDATE t SET value = ? WHERE <keys = ?...> AND value = ?": new value, the keys, then
  // the old value, so a row changed meanwhile is left to its writer.
  std::string update_sql;
  // The associated data the value was sealed with, from the selected row.
  std::function<std::string(const Row&)> context;
};

// Re-seals every value of `column` not under the active key; returns how many. A value
// that cannot be opened (damaged) is logged by the sealer and left as it is.
Result<std::int64_t> ResealColumn(Connection& c, const crypto::Sealer& s, const SealedColumn& column);
// ResealColumn for each of `columns`; the total.
Result<std::int64_t> ResealColumns(Connection& c, const crypto::Sealer& s, std::span<const SealedColumn> columns);

}  // namespace rk::db
