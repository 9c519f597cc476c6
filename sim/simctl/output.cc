#include <algorithm>
#include <cstdio>

#include "sim/simctl/commands.h"

namespace sim::simctl {

std::string FormatTable(const std::vector<std::vector<std::string>>& rows) {
  std::vector<std::size_t> widths;
  for (const auto& row : rows) {
    if (widths.size() < row.size()) widths.resize(row.size(), 0);
    for (std::size_t i = 0; i < row.size(); ++i) widths[i] = std::max(widths[i], row[i].size());
  }
  std::string out;
  for (const auto& row : rows) {
    std::string line;
    for (std::size_t i = 0; i < row.size(); ++i) {
      line += row[i];
      if (i + 1 < row.size()) line += std::string(widths[i] - row[i].size() + 2, ' ');
    }
    out += line + "\n";
  }
  return out;
}

void PrintTable(const std::vector<std::vector<std::string>>& rows) {
  std::fputs(FormatTable(rows).c_str(), stdout);
}

int Fail(int code, const std::string& message) {
  std::fprintf(stderr, "simctl: %s\n", message.c_str());
  return code;
}

}  // namespace sim::simctl
