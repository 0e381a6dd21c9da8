#pragma once
// Reading the files rekindle loads at start-up (content, the web client's build).

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rk {

// The whole file as bytes, or nullopt if it cannot be read.
std::optional<std::string> ReadFile(const std::filesystem::path& path);

// The regular files directly in `dir` whose extension is `extension` (".json"), sorted
// by name. Empty when `dir` does not exist.
std::vector<std::filesystem::path> FilesWithExtension(const std::filesystem::path& dir, std::string_view extension);

}  // namespace rk
