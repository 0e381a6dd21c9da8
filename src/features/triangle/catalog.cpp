#include "features/triangle/catalog.hpp"

#include <filesystem>

#include "platform/base/files.hpp"

namespace rk::triangle {
namespace fs = std::filesystem;

Result<Catalog> Catalog::LoadDirectory(const std::string& dir) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return Error::Invalid("instrument folder " + dir + " does not exist");
  const std::vector<fs::path> files = FilesWithExtension(dir, ".json");
  if (files.empty()) return Error::Invalid("instrument folder " + dir + " has no .json files");
  Catalog catalog;
  for (const fs::path& p : files) {
    auto text = ReadFile(p);
    if (!text) return Error::Invalid(p.string() + ": cannot be read");
    RK_ASSIGN_OR_RETURN(Instrument ins, ParseInstrument(*text, p.string()));
    if (catalog.Find(ins.id)) return Error::Invalid(p.string() + ": id: another file already uses \"" + ins.id + "\"");
    // Answers are kept by instrument, so a second outcome measure would split (and hide)
    // every course: one is asked before sessions.
    if (ins.purpose == Purpose::kOutcome && catalog.Outcome())
      return Error::Invalid(p.string() + ": purpose: \"" + catalog.Outcome()->id + "\" is the outcome measure already");
    catalog.instruments_.push_back(std::move(ins));
  }
  return catalog;
}

const Instrument* Catalog::Outcome() const {
  for (const Instrument& i : instruments_)
    if (i.purpose == Purpose::kOutcome) return &i;
  return nullptr;
}

const Instrument* Catalog::Find(std::string_view id) const {
  for (const Instrument& i : instruments_)
    if (i.id == id) return &i;
  return nullptr;
}

}  // namespace rk::triangle
