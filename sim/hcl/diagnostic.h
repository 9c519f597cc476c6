#pragma once
// Where something is in a source file, and the one error shape of the HCL
// library: code "HclError", message "file:line:col: what went wrong".

#include <memory>
#include <string>

#include "sim/core/result.h"

namespace sim::hcl {

inline constexpr const char* kHclErrorCode = "HclError";

struct SourcePos {
  std::shared_ptr<const std::string> file;  // shared by every position of one file
  int line = 0;                             // 1-based
  int column = 0;                           // 1-based, in bytes

  // "file:line:col", or "line:col" when the file has no name.
  std::string ToString() const {
    std::string where = std::to_string(line) + ":" + std::to_string(column);
    return file && !file->empty() ? *file + ":" + where : where;
  }
};

inline Error MakeHclError(const SourcePos& pos, const std::string& message) {
  return MakeError(kHclErrorCode, pos.ToString() + ": " + message);
}

// An error with no position yet (from a function); the caller adds one.
inline Error MakeHclError(const std::string& message) { return MakeError(kHclErrorCode, message); }

}  // namespace sim::hcl
