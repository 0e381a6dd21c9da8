#pragma once
// What together time publishes to other features (insights): a couple's evenings in a
// window, each with whether the couple met it and one partner's own closeness answer.
// Never the other partner's answers or anyone's notes.

#include <optional>
#include <string>
#include <vector>

#include "platform/base/result.hpp"
#include "platform/base/time.hpp"
#include "platform/crypto/sealer.hpp"
#include "platform/db/db.hpp"

namespace rk::together {

struct EveningSummary {
  Millis start = 0, end = 0;
  bool met = false;                // as the streak counts it (together::Met)
  std::optional<int> closeness;  // `user_id`'s own, if they gave one
  bool reflected = false;        // `user_id` reflected on it
  bool happened = false;         // ... and said it happened
  std::string note;              // `user_id`'s note, only with `shared_notes` and only if they shared it
};
// The evenings of `couple_id` starting in [from, to), in start order, with `user_id`'s
// reflections. Without `shared_notes` no note is decrypted; with it, the notes `user_id`
// shared with their partner are opened (never one they kept to themselves).
Result<std::vector<EveningSummary>> EveningsBetween(db::Connection& c, const std::string& couple_id,
                                                    const std::string& user_id, Millis from, Millis to,
                                                    const crypto::Sealer* shared_notes = nullptr);

}  // namespace rk::together
