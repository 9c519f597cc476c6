#pragma once
// A small command-line reader: positional words and --flags (--name value,
// --name=value, or a bare --switch), checked against what a command accepts.

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace sim::simctl {

class Args {
 public:
  // `switches` take no value; `options` take one. Unknown flags are an error.
  static std::optional<Args> Parse(const std::vector<std::string>& argv,
                                   const std::set<std::string>& switches,
                                   const std::set<std::string>& options, std::string* error);

  const std::vector<std::string>& positional() const { return positional_; }
  bool Has(const std::string& name) const { return flags_.count(name) > 0; }
  std::optional<std::string> Get(const std::string& name) const;
  std::string GetOr(const std::string& name, const std::string& fallback) const;

 private:
  std::vector<std::string> positional_;
  std::map<std::string, std::string> flags_;
};

}  // namespace sim::simctl
