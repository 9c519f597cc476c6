#include "sim/simctl/args.h"

namespace sim::simctl {

std::optional<Args> Args::Parse(const std::vector<std::string>& argv,
                                const std::set<std::string>& switches,
                                const std::set<std::string>& options, std::string* error) {
  Args args;
  for (std::size_t i = 0; i < argv.size(); ++i) {
    const std::string& word = argv[i];
    if (word.size() < 3 || word.compare(0, 2, "--") != 0) {
      args.positional_.push_back(word);
      continue;
    }
    std::string name = word.substr(2);
    std::optional<std::string> value;
    if (auto eq = name.find('='); eq != std::string::npos) {
      value = name.substr(eq + 1);
      name = name.substr(0, eq);
    }
    if (switches.count(name)) {
      if (value) {
        *error = "--" + name + " takes no value";
        return std::nullopt;
      }
      args.flags_[name] = "";
    } else if (options.count(name)) {
      if (!value) {
        if (i + 1 >= argv.size()) {
          *error = "--" + name + " needs a value";
          return std::nullopt;
        }
        value = argv[++i];
      }
      args.flags_[name] = *value;
    } else {
      *error = "unknown option --" + name;
      return std::nullopt;
    }
  }
  return args;
}

std::optional<std::string> Args::Get(const std::string& name) const {
  auto it = flags_.find(name);
  if (it == flags_.end()) return std::nullopt;
  return it->second;
}

std::string Args::GetOr(const std::string& name, const std::string& fallback) const {
  return Get(name).value_or(fallback);
}

}  // namespace sim::simctl
