#pragma once
// Request metrics in Prometheus text format: a counter of requests by route, method and
// status, and a latency histogram by route. Thread-safe.

#include <array>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <tuple>

namespace rk::http {

class Metrics {
 public:
  static constexpr std::array<double, 11> kBuckets = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                                      0.1,   0.25,   0.5,   1.0,  2.5};
  void Observe(const std::string& route, std::string_view method, int status, double seconds);
  void SetGauge(const std::string& name, std::int64_t value);
  // The exposition text (version 0.0.4).
  std::string Render() const;

 private:
  struct Histogram {
    std::array<std::uint64_t, kBuckets.size()> buckets{};
    std::uint64_t count = 0;
    double sum = 0;
  };
  mutable std::mutex mu_;
  // Transparent comparators: lookups by string_view allocate nothing.
  std::map<std::tuple<std::string, std::string, int>, std::uint64_t, std::less<>> counts_;  // GUARDED_BY(mu_)
  std::map<std::string, Histogram, std::less<>> latency_;                                    // GUARDED_BY(mu_)
  std::map<std::string, std::int64_t> gauges_;                                  // GUARDED_BY(mu_)
};

}  // namespace rk::http
