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

// Whether `r` was ever accepted: accepted now, or ended after the therapist accepted it
// (a withdrawn request ends without a decision).
bool WasAccepted(const Relationship& r);

// Relationship `id` when it is `therapist_id`'s and was accepted, else nullopt.
Result<std::optional<Relationship>> TherapistRelationship(db::Connection& c, const std::string& id,
                                                          const std::string& therapist_id);

// The couple's care as its room sees it: the accepted relationship, else the latest one
// that was accepted and has ended (its room stays readable), else nullopt.
Result<std::optional<Relationship>> LatestAccepted(db::Connection& c, const std::string& couple_id);

}  // namespace rk::care
