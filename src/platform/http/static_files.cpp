#include "platform/http/static_files.hpp"

#include <zlib.h>

#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <optional>

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

}  // namespace

std::string Gzip(std::string_view data) {
  z_stream zs{};
  // windowBits 15 + 16: a gzip header and trailer around the deflate stream.
  if (deflateInit2(&zs, Z_BEST_COMPRESSION, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY) != Z_OK) return {};
  std::string out(deflateBound(&zs, data.size()), '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  const int rc = deflate(&zs, Z_FINISH);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  return rc == Z_STREAM_END ? out : std::string();
}

bool AcceptsCoding(std::string_view header, std::string_view coding) {
  // A list of "coding[;q=VALUE]", separated by commas; names are case-insensitive.
  std::optional<bool> named, any;
  while (!header.empty()) {
    const std::size_t comma = header.find(',');
    std::string_view part = header.substr(0, comma);
    header = comma == std::string_view::npos ? std::string_view() : header.substr(comma + 1);
    const std::size_t semi = part.find(';');
    std::string_view name = part.substr(0, semi);
    while (!name.empty() && (name.front() == ' ' || name.front() == '\t')) name.remove_prefix(1);
    while (!name.empty() && (name.back() == ' ' || name.back() == '\t')) name.remove_suffix(1);
    bool ok = true;
    if (semi != std::string_view::npos) {
      std::string params(part.substr(semi + 1));
      for (char& c : params) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      if (std::size_t q = params.find("q="); q != std::string::npos) ok = std::strtod(params.c_str() + q + 2, nullptr) > 0;
    }
    std::string lower(name);
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (lower == coding) named = ok;
    else if (lower == "*") any = ok;
  }
  return named.value_or(any.value_or(false));
}

FixedBody::FixedBody(std::string body, std::string cache_control, std::string content_type)
    : type_(std::move(content_type)),
      cache_control_(std::move(cache_control)),
      hash_(crypto::Sha256Hex(body).substr(0, 32)),
      identity_(std::move(body)) {
  std::string gz = Gzip(identity_);
  // A body too small to gain from compression is served as it is.
  if (!gz.empty() && gz.size() < identity_.size()) gzip_ = std::move(gz);
}

Response FixedBody::Serve(const Request& req) const {
  const bool gzip = !gzip_.empty() && AcceptsCoding(req.Header("accept-encoding"), "gzip");
  Response r;
  r.content_type = type_;
  // A strong ETag names one representation, so the compressed one has its own.
  r.With("ETag", gzip ? "\"" + hash_ + "-gzip\"" : "\"" + hash_ + "\"");
  r.With("Vary", "Accept-Encoding");
  r.With("Cache-Control", cache_control_);
  if (std::string_view inm = req.Header("if-none-match"); !inm.empty() && inm.find(hash_) != std::string_view::npos) {
    r.status = 304;
    return r;
  }
  if (gzip) {
    r.body = gzip_;
    r.With("Content-Encoding", "gzip");
  } else {
    r.body = identity_;
  }
  return r;
}

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
  if (!f.brotli.empty() && AcceptsCoding(accept_encoding, "br")) {
    r.body = f.brotli;
    r.With("Content-Encoding", "br");
  } else if (!f.gzip.empty() && AcceptsCoding(accept_encoding, "gzip")) {
    r.body = f.gzip;
    r.With("Content-Encoding", "gzip");
  } else {
    r.body = f.identity;
  }
  return r;
}

}  // namespace rk::http
