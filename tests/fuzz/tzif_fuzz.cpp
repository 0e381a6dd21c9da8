// Time zone files: arbitrary bytes as TZif data (TimeZone::Parse, which Load uses on the
// files of /usr/share/zoneinfo), and a zone that parses asked for its offset and local
// date at instants from 1900 to 2100. The first ten bytes are also read as a date
// ("YYYY-MM-DD", the daily question's path parameter), which must print back the same
// and survive the round trip through its day number.

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "platform/base/timezone.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace rk;
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  if (auto zone = TimeZone::Parse(bytes); zone.ok()) {
    for (Millis at : {Millis{-2'208'988'800'000}, Millis{-1}, Millis{0}, Millis{1'795'262'400'000},
                      Millis{2'147'483'648'000}, Millis{4'102'444'800'000}}) {
      (void)zone->OffsetAt(at);
      (void)LocalDate(at, *zone);
    }
  }
  if (auto date = Date::Parse(bytes.substr(0, 10))) {
    if (date->ToString() != bytes.substr(0, 10)) __builtin_trap();
    if (!(Date::FromDayNumber(date->DayNumber()) == *date)) __builtin_trap();
  }
  return 0;
}
