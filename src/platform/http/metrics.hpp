#pragma once
// Metrics in Prometheus text format: a counter of requests by route, method and status
// and a latency histogram by route (both observed by the server), plus gauges and
// counters that other parts of the process set (e.g. the job queue). Thread-safe.

#include <array>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

namespace rk::http {

class Metrics {
 public:
  static constexpr std::array<double, 11> kBuckets = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                                      0.1,   0.25,   0.5,   1.0,  2.5};
  void Observe(const std::string& route, std::string_view method, int status, double seconds);
  // Label names and values of one series, e.g. {{"kind", "accounts.purge-sessions"}}.
  using Labels = std::vector<std::pair<std::string, std::string>>;
  // Sets one series of gauge `name`.
  void SetGauge(const std::string& name, std::int64_t value) { SetGauge(name, {}, value); }
  void SetGauge(const std::string& name, const Labels& labels, std::int64_t value);
  // Sets one series of counter `name` to a total that its owner keeps (and that never
  // goes down).
  void SetCounter(const std::string& name, const Labels& labels, std::uint64_t value);
  // The exposition text (version 0.0.4).
  std::string Render() const;

 private:
  struct Histogram {
    std::array<std::uint64_t, kBuckets.size()> buckets{};
    std::uint64_t count = 0;
    double sum = 0;
  };
  mutable std::mutex mu_;
  // Transparent comparators: lookups by string_view allocate nothing. Keys compare as
  // views (clang does not compare a tuple of strings with a tuple of views).
  struct KeyLess {
    using is_transparent = void;
    template <class A, class B>
    bool operator()(const A& a, const B& b) const {
      return View(a) < View(b);
    }
    template <class T>
    static std::tuple<std::string_view, std::string_view, int> View(const T& k) {
      return {std::get<0>(k), std::get<1>(k), std::get<2>(k)};
    }
  };
  std::map<std::tuple<std::string, std::string, int>, std::uint64_t, KeyLess> counts_;  // GUARDED_BY(mu_)
  std::map<std::string, Histogram, std::less<>> latency_;                                    // GUARDED_BY(mu_)
  struct Family {
    bool counter = false;
    std::map<std::string, std::int64_t> series;  // by rendered labels ({k="v",...} or "")
  };
  void Set(const std::string& name, bool counter, const Labels& labels, std::int64_t value);
  std::map<std::string, Family> families_;  // GUARDED_BY(mu_)
};

}  // namespace rk::http
