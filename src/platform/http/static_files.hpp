#pragma once
// The web client's built files, loaded into memory at start-up and served with their
// media type, a strong ETag, precompressed variants (.br, .gz written by the web build)
// and caching: files under assets/ have content-hashed names and are immutable; the rest
// are revalidated on every load.

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "platform/http/http.hpp"

namespace rk::http {

// `data` compressed with gzip (zlib's best level). For bodies built once at start-up.
std::string Gzip(std::string_view data);

// Whether an Accept-Encoding header value accepts `coding` ("gzip", "br"): named, or
// "*", with a q-value above 0.
bool AcceptsCoding(std::string_view accept_encoding, std::string_view coding);

// A response body that never changes while the server runs (an instrument, an article):
// compressed once when it is built, and served with a strong ETag (one per encoding),
// 304 for a matching If-None-Match, gzip when the client accepts it, and
// Vary: Accept-Encoding. Only for content that is the same for everyone who may read
// it: a compressed body that mixed a secret with anything a request can influence
// would let an observer guess the secret from its length (BREACH).
class FixedBody {
 public:
  FixedBody(std::string body, std::string cache_control, std::string content_type = "application/json");
  Response Serve(const Request& req) const;

 private:
  std::string type_, cache_control_, hash_, identity_, gzip_;
};

class StaticFiles {
 public:
  // Loads every file below `root`. A missing root gives an empty set (the API still
  // works; pages answer 404 with a hint to build the client).
  explicit StaticFiles(const std::string& root);

  // The response for a GET/HEAD of `path`, or nullopt when this is not a file the set
  // serves. Paths without a dot in their last segment fall back to index.html so that
  // client-side routes deep-link.
  std::optional<Response> Serve(std::string_view path, std::string_view accept_encoding,
                                std::string_view if_none_match) const;
  std::size_t size() const { return files_.size(); }

 private:
  struct File {
    std::string type;
    std::string etag;
    std::string identity, gzip, brotli;
    bool immutable = false;
  };
  std::map<std::string, File, std::less<>> files_;
};

}  // namespace rk::http
