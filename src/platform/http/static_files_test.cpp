#include "platform/http/static_files.hpp"

#include <gtest/gtest.h>
#include <zlib.h>

namespace rk::http {
namespace {

std::string Gunzip(const std::string& in) {
  z_stream zs{};
  EXPECT_EQ(inflateInit2(&zs, 15 + 16), Z_OK);
  std::string out(1 << 20, '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  zs.avail_in = static_cast<uInt>(in.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  EXPECT_EQ(inflate(&zs, Z_FINISH), Z_STREAM_END);
  out.resize(zs.total_out);
  inflateEnd(&zs);
  return out;
}

Request Get(std::vector<std::pair<std::string, std::string>> headers) {
  Request r;
  r.headers = std::move(headers);
  return r;
}

std::string HeaderOf(const Response& r, std::string_view name) {
  for (const auto& [k, v] : r.headers)
    if (k == name) return v;
  return "";
}

TEST(AcceptsCoding, ReadsNamesWildcardsAndQValues) {
  EXPECT_TRUE(AcceptsCoding("gzip, deflate, br", "gzip"));
  EXPECT_TRUE(AcceptsCoding("deflate,gzip", "gzip"));
  EXPECT_TRUE(AcceptsCoding(" GZIP ;q=0.5", "gzip"));
  EXPECT_TRUE(AcceptsCoding("gzip;q=0.001", "gzip"));
  EXPECT_TRUE(AcceptsCoding("*", "gzip"));
  EXPECT_FALSE(AcceptsCoding("", "gzip"));
  EXPECT_FALSE(AcceptsCoding("identity", "gzip"));
  EXPECT_FALSE(AcceptsCoding("x-gzip2, gzipx", "gzip"));
  EXPECT_FALSE(AcceptsCoding("gzip;q=0", "gzip"));
  EXPECT_FALSE(AcceptsCoding("gzip; q=0.0", "gzip"));
  EXPECT_FALSE(AcceptsCoding("*, gzip;q=0", "gzip"));  // named beats the wildcard
  EXPECT_FALSE(AcceptsCoding("*;q=0", "br"));
}

TEST(FixedBody, GzipsOnceAndServesTheEncodingAskedFor) {
  std::string body = "{\"items\":[";
  for (int i = 0; i < 200; ++i) body += "{\"id\":\"i" + std::to_string(i) + "\",\"text\":\"I feel close to my partner.\"},";
  body += "{}]}";
  const FixedBody fixed(body, "private, no-cache");

  const Response plain = fixed.Serve(Get({}));
  EXPECT_EQ(plain.status, 200);
  EXPECT_EQ(plain.body, body);
  EXPECT_EQ(HeaderOf(plain, "Content-Encoding"), "");
  EXPECT_EQ(HeaderOf(plain, "Vary"), "Accept-Encoding");
  EXPECT_EQ(HeaderOf(plain, "Cache-Control"), "private, no-cache");

  const Response gz = fixed.Serve(Get({{"accept-encoding", "gzip, deflate"}}));
  EXPECT_EQ(HeaderOf(gz, "Content-Encoding"), "gzip");
  EXPECT_LT(gz.body.size(), body.size() / 5);
  EXPECT_EQ(Gunzip(gz.body), body);
  EXPECT_NE(HeaderOf(gz, "ETag"), HeaderOf(plain, "ETag"));

  for (const Response* r : {&plain, &gz}) {
    const Response again = fixed.Serve(Get({{"accept-encoding", "gzip"}, {"if-none-match", HeaderOf(*r, "ETag")}}));
    EXPECT_EQ(again.status, 304);
    EXPECT_TRUE(again.body.empty());
  }
  EXPECT_EQ(fixed.Serve(Get({{"if-none-match", "\"something-else\""}})).status, 200);
}

TEST(FixedBody, LeavesATinyBodyUncompressed) {
  const FixedBody tiny("{}", "no-cache");
  const Response r = tiny.Serve(Get({{"accept-encoding", "gzip"}}));
  EXPECT_EQ(r.body, "{}");
  EXPECT_EQ(HeaderOf(r, "Content-Encoding"), "");
}

}  // namespace
}  // namespace rk::http
