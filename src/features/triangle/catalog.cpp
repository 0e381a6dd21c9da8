#include "features/triangle/catalog.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace rk::triangle {
namespace fs = std::filesystem;

Result<Catalog> Catalog::LoadDirectory(const std::string& dir) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return Error::Invalid("instrument folder " + dir + " does not exist");
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(dir, ec))
    if (entry.is_regular_file() && entry.path().extension() == ".json") files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  if (files.empty()) return Error::Invalid("instrument folder " + dir + " has no .json files");
  Catalog catalog;
  for (const fs::path& p : files) {
    std::ifstream in(p);
    std::stringstream text;
    text << in.rdbuf();
    RK_ASSIGN_OR_RETURN(Instrument ins, ParseInstrument(text.str(), p.string()));
    if (catalog.Find(ins.id)) return Error::Invalid(p.string() + ": id: another file already uses \"" + ins.id + "\"");
    catalog.instruments_.push_back(std::move(ins));
  }
  return catalog;
}

const Instrument* Catalog::Find(std::string_view id) const {
  for (const Instrument& i : instruments_)
    if (i.id == id) return &i;
  return nullptr;
}

}  // namespace rk::triangle
