#include "platform/db/reseal.hpp"

namespace rk::db {

Result<std::int64_t> ResealColumn(Connection& c, const crypto::Sealer& s, const SealedColumn& column) {
  RK_ASSIGN_OR_RETURN(Rows rows, c.Query(column.select_sql));
  std::int64_t n = 0;
  for (const Row& r : rows) {
    const std::size_t last = r.size() - 1;
    const std::string& sealed = r.Text(last);
    if (s.UnderActiveKey(sealed)) continue;
    const std::string context = column.context(r);
    auto plain = s.Open(sealed, context);
    if (!plain.ok()) continue;
    std::vector<Value> params{s.Seal(*plain, context)};
    for (std::size_t i = 0; i < last; ++i) params.push_back(r.At(i));
    params.emplace_back(sealed);
    RK_ASSIGN_OR_RETURN(std::int64_t changed, c.Exec(column.update_sql, params));
    n += changed;
  }
  return n;
}

Result<std::int64_t> ResealColumns(Connection& c, const crypto::Sealer& s, std::span<const SealedColumn> columns) {
  std::int64_t n = 0;
  for (const SealedColumn& column : columns) {
    RK_ASSIGN_OR_RETURN(std::int64_t k, ResealColumn(c, s, column));
    n += k;
  }
  return n;
}

}  // namespace rk::db
