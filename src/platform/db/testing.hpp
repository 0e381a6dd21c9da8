#pragma once
// For tests only: a database of one's own, so that tests can run in parallel — a fresh
// SQLite file in the test's temporary folder, or a fresh schema in the PostgreSQL that
// REKINDLE_TEST_PG_URL names (every connection of the URL works in it).

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <string>

#include "platform/crypto/crypto.hpp"
#include "platform/db/db.hpp"

namespace rk::db::testing {

class ScratchDatabase {
 public:
  // `driver` is "sqlite" or "postgresql". available() is false when PostgreSQL is not
  // configured (the caller skips).
  explicit ScratchDatabase(const std::string& driver, const std::string& prefix = "rk_test_") {
    const std::string name = prefix + crypto::Sha256Hex(crypto::RandomToken()).substr(0, 12);
    if (driver == "sqlite") {
      dir_ = std::filesystem::path(::testing::TempDir()) / name;
      std::filesystem::create_directories(dir_);
      url_ = "sqlite:" + (dir_ / "test.db").string();
      return;
    }
    const char* pg = std::getenv("REKINDLE_TEST_PG_URL");
    if (!pg || !*pg) return;
    base_url_ = pg;
    auto admin = Open(base_url_);
    if (!admin.ok() || !(*admin)->ExecScript("CREATE SCHEMA " + name).ok()) return;
    schema_ = name;
    url_ = base_url_ + (base_url_.find('?') == std::string::npos ? "?" : "&") + "options=-c%20search_path%3D" + schema_;
  }
  ~ScratchDatabase() {
    if (!schema_.empty()) {
      if (auto admin = Open(base_url_); admin.ok()) (void)(*admin)->ExecScript("DROP SCHEMA " + schema_ + " CASCADE");
    }
    if (!dir_.empty()) std::filesystem::remove_all(dir_);
  }
  ScratchDatabase(const ScratchDatabase&) = delete;
  ScratchDatabase& operator=(const ScratchDatabase&) = delete;

  bool available() const { return !url_.empty(); }
  const std::string& url() const { return url_; }
  // The PostgreSQL schema ("" for SQLite).
  const std::string& schema() const { return schema_; }

 private:
  std::filesystem::path dir_;
  std::string base_url_, schema_, url_;
};

}  // namespace rk::db::testing
