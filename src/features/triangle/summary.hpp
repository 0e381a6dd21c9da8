#pragma once
// What the triangle check publishes to other features (insights): a person's own checks
// (real perspective) of one form, by component. Never a partner's.

#include <map>
#include <string>
#include <vector>

#include "features/triangle/catalog.hpp"
#include "platform/base/result.hpp"
#include "platform/base/time.hpp"
#include "platform/crypto/sealer.hpp"
#include "platform/db/db.hpp"

namespace rk::triangle {

struct CheckPoint {
  Millis taken_at = 0;
  std::map<std::string, double> scores;  // "intimacy", "passion", "commitment"
  // By component, the change since the previous point (none for the first), measured by
  // its subscale's reliable-change criterion.
  std::map<std::string, Difference> change;
};
struct CheckSeries {
  std::string form;  // empty when the person has taken no check that names a kind of love
  double min = 0, max = 0;
  std::vector<CheckPoint> points;  // oldest first
};
// `user_id`'s checks taken since `since` of the form of their newest check that names a
// kind of love (so that points on one chart share one scale).
Result<CheckSeries> ChecksSince(db::Connection& c, const Catalog& catalog, const crypto::Sealer& sealer,
                                const std::string& user_id, Millis since);

}  // namespace rk::triangle
