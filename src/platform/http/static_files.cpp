#include "platform/http/static_files.hpp"

#include <filesystem>

#include "platform/base/files.hpp"
#include "platform/crypto/crypto.hpp"
#include "platform/log/log.hpp"

namespace rk::http {
namespace fs = std::filesystem;

namespace {
std::string ReadAll(const fs::path& p) { return ReadFile(p).value_or(""); }

std::string TypeOf(const std::string& ext) {
  static const std::map<std::string, std::string, std::less<>> kTypes = {
      {".html", "text/html; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".json", "application/json"},
      {".webmanifest", "application/manifest+json"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".ico", "image/x-icon"},
      {".txt", "text/plain; charset=utf-8"},
      {".woff2", "font/woff2"},
  };
  auto it = kTypes.find(ext);
  return it == kTypes.end() ? "application/octet-stream" : it->second;
}

bool Accepts(std::string_view header, std::string_view coding) {
  std::size_t pos = 0;
  while ((pos = header.find(coding, pos)) != std::string_view::npos) {
    const std::size_t end = pos + coding.size();
    const bool start_ok = pos == 0 || header[pos - 1] == ' ' || header[pos - 1] == ',';
    const bool end_ok = end == header.size() || header[end] == ',' || header[end] == ';' || header[end] == ' ';
    if (start_ok && end_ok) return header.substr(end, 5).find("q=0") == std::string_view::npos;
    pos = end;
  }
  return false;
}
}  // namespace

StaticFiles::StaticFiles(const std::string& root) {
  std::error_code ec;
  if (!fs::is_directory(root, ec)) {
    log::Warn("web_root_missing", {{"path", root}});
    return;
  }
  for (const auto& entry : fs::recursive_directory_iterator(root, ec)) {
    if (!entry.is_regular_file()) continue;
    const fs::path& p = entry.path();
    const std::string ext = p.extension().string();
    if (ext == ".gz" || ext == ".br") continue;
    std::string rel = "/" + fs::relative(p, root).generic_string();
    File f;
    f.type = TypeOf(ext);
    f.identity = ReadAll(p);
    f.etag = "\"" + crypto::Sha256Hex(f.identity).substr(0, 32) + "\"";
    if (fs::exists(p.string() + ".br")) f.brotli = ReadAll(p.string() + ".br");
    if (fs::exists(p.string() + ".gz")) f.gzip = ReadAll(p.string() + ".gz");
    f.immutable = rel.starts_with("/assets/");
    files_.emplace(std::move(rel), std::move(f));
  }
  log::Info("web_root_loaded", {{"path", root}, {"files", static_cast<std::int64_t>(files_.size())}});
}

std::optional<Response> StaticFiles::Serve(std::string_view path, std::string_view accept_encoding,
                                           std::string_view if_none_match) const {
  if (path.find("..") != std::string_view::npos || path.find('\\') != std::string_view::npos) return std::nullopt;
  auto it = files_.find(path == "/" ? std::string_view("/index.html") : path);
  if (it == files_.end()) {
    const std::string_view last = path.substr(path.rfind('/') + 1);
    if (last.find('.') != std::string_view::npos) return std::nullopt;
    it = files_.find(std::string_view("/index.html"));
    if (it == files_.end()) return std::nullopt;
  }
  const File& f = it->second;
  Response r;
  r.content_type = f.type;
  r.With("ETag", f.etag);
  r.With("Vary", "Accept-Encoding");
  r.With("Cache-Control", f.immutable ? "public, max-age=31536000, immutable" : "no-cache");
  if (!if_none_match.empty() && if_none_match.find(f.etag) != std::string_view::npos) {
    r.status = 304;
    return r;
  }
  if (!f.brotli.empty() && Accepts(accept_encoding, "br")) {
    r.body = f.brotli;
    r.With("Content-Encoding", "br");
  } else if (!f.gzip.empty() && Accepts(accept_encoding, "gzip")) {
    r.body = f.gzip;
    r.With("Content-Encoding", "gzip");
  } else {
    r.body = f.identity;
  }
  return r;
}

}  // namespace rk::http
