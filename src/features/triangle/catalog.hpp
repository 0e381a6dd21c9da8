#pragma once
// The instruments the server offers, loaded once at start-up from a directory of JSON
// files. Immutable after loading, so safe to share between threads.

#include <string>
#include <vector>

#include "features/triangle/instrument.hpp"

namespace rk::triangle {

class Catalog {
 public:
  // Loads every *.json file in `dir` in name order. Fails on the first invalid file,
  // naming it and the field, on two files with one id, on a second outcome measure, or
  // when `dir` has none.
  static Result<Catalog> LoadDirectory(const std::string& dir);

  const Instrument* Find(std::string_view id) const;
  // The outcome measure (purpose "outcome"; at most one), or nullptr.
  const Instrument* Outcome() const;
  const std::vector<Instrument>& all() const { return instruments_; }

 private:
  std::vector<Instrument> instruments_;
};

}  // namespace rk::triangle
