#pragma once
// Files built into the binary, so that one executable carries its schema and data.

#include <cstddef>
#include <string_view>

namespace rk::embedded {

struct File {
  std::string_view name;
  std::string_view data;
};

// migrations/*.sql in file-name order.
extern const File kMigrations[];
extern const std::size_t kMigrations_count;
// data/common-passwords-10k.txt.
extern const File kData[];
extern const std::size_t kData_count;
// content/mail/*.txt and *.html: the e-mail templates (platform/mail/templates.hpp).
extern const File kMail[];
extern const std::size_t kMail_count;

}  // namespace rk::embedded
