#pragma once
// Care relationships as other features read them (booking): a couple's open one, and
// one by id. Run on the caller's connection.

#include <optional>
#include <string>

#include "features/care/care.hpp"
#include "platform/db/db.hpp"

namespace rk::care {

// The couple's open (requested or accepted) relationship, or nullopt.
Result<std::optional<Relationship>> CurrentRelationship(db::Connection& c, const std::string& couple_id);

}  // namespace rk::care
