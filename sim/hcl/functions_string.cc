// String functions (Terraform semantics). Case functions and title() change
// ASCII letters only; lengths and offsets count UTF-8 code points.

#include <algorithm>
#include <cctype>
#include <regex>

#include "sim/hcl/functions_internal.h"

namespace sim::hcl::internal {
namespace {

using Args = std::vector<Value>;

// Byte offsets of each code point, plus the end.
std::vector<std::size_t> CodePointOffsets(const std::string& s) {
  std::vector<std::size_t> offsets;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) offsets.push_back(i);
  }
  offsets.push_back(s.size());
  return offsets;
}

std::string TrimChars(std::string s, const std::string& cutset) {
  std::size_t begin = s.find_first_not_of(cutset);
  if (begin == std::string::npos) return "";
  std::size_t end = s.find_last_not_of(cutset);
  return s.substr(begin, end - begin + 1);
}

std::string ReplaceAll(const std::string& s, const std::string& from, const std::string& to) {
  if (from.empty()) return s;
  std::string out;
  std::size_t pos = 0;
  while (true) {
    std::size_t hit = s.find(from, pos);
    if (hit == std::string::npos) break;
    out.append(s, pos, hit - pos);
    out += to;
    pos = hit + from.size();
  }
  out.append(s, pos);
  return out;
}

// replace() with a /regex/ pattern. Go writes ${1} where ECMAScript writes $1.
std::string RegexReplace(const std::string& s, const std::string& pattern,
                         const std::string& replacement) {
  std::string format = std::regex_replace(replacement, std::regex(R"(\$\{(\d+)\})"), "$$$1");
  try {
    return std::regex_replace(s, std::regex(pattern, std::regex::ECMAScript), format);
  } catch (const std::regex_error& e) {
    ThrowFunctionError("invalid regular expression /" + pattern + "/: " + e.what());
  }
}

}  // namespace

void AddStringFunctions(FunctionTable& t) {
  Register(t, "lower", 1, 1, [](const EvalContext&, const Args& args) {
    std::string s = StringArg(args, 0);
    std::transform(s.begin(), s.end(), s.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return Value(s);
  });
  Register(t, "upper", 1, 1, [](const EvalContext&, const Args& args) {
    std::string s = StringArg(args, 0);
    std::transform(s.begin(), s.end(), s.begin(),
                   [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    return Value(s);
  });
  Register(t, "title", 1, 1, [](const EvalContext&, const Args& args) {
    std::string s = StringArg(args, 0);
    bool word_start = true;
    for (char& c : s) {
      bool letter = std::isalnum(static_cast<unsigned char>(c)) != 0;
      if (letter && word_start) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      word_start = !letter;
    }
    return Value(s);
  });
  Register(t, "join", 2, -1, [](const EvalContext&, const Args& args) {
    std::string separator = StringArg(args, 0);
    std::string out;
    bool first = true;
    for (std::size_t i = 1; i < args.size(); ++i) {
      for (const Value& item : ListArg(args, i)) {
        std::optional<std::string> s = ConvertToString(item);
        if (!s) {
          ThrowFunctionError("join needs lists of strings, got a " + std::string(item.TypeName()) +
                             " element");
        }
        if (!first) out += separator;
        out += *s;
        first = false;
      }
    }
    return Value(out);
  });
  Register(t, "split", 2, 2, [](const EvalContext&, const Args& args) {
    std::string separator = StringArg(args, 0);
    std::string s = StringArg(args, 1);
    Value::List out;
    if (separator.empty()) {
      std::vector<std::size_t> offsets = CodePointOffsets(s);
      for (std::size_t i = 0; i + 1 < offsets.size(); ++i) {
        out.emplace_back(s.substr(offsets[i], offsets[i + 1] - offsets[i]));
      }
      return Value(std::move(out));
    }
    std::size_t pos = 0;
    while (true) {
      std::size_t hit = s.find(separator, pos);
      if (hit == std::string::npos) break;
      out.emplace_back(s.substr(pos, hit - pos));
      pos = hit + separator.size();
    }
    out.emplace_back(s.substr(pos));
    return Value(std::move(out));
  });
  Register(t, "replace", 3, 3, [](const EvalContext&, const Args& args) {
    std::string s = StringArg(args, 0);
    std::string search = StringArg(args, 1);
    std::string replacement = StringArg(args, 2);
    if (search.size() >= 2 && search.front() == '/' && search.back() == '/') {
      return Value(RegexReplace(s, search.substr(1, search.size() - 2), replacement));
    }
    return Value(ReplaceAll(s, search, replacement));
  });
  Register(t, "trimspace", 1, 1, [](const EvalContext&, const Args& args) {
    return Value(TrimChars(StringArg(args, 0), " \t\n\r\v\f"));
  });
  Register(t, "trim", 2, 2, [](const EvalContext&, const Args& args) {
    return Value(TrimChars(StringArg(args, 0), StringArg(args, 1)));
  });
  Register(t, "trimprefix", 2, 2, [](const EvalContext&, const Args& args) {
    std::string s = StringArg(args, 0);
    std::string prefix = StringArg(args, 1);
    return Value(s.starts_with(prefix) ? s.substr(prefix.size()) : s);
  });
  Register(t, "trimsuffix", 2, 2, [](const EvalContext&, const Args& args) {
    std::string s = StringArg(args, 0);
    std::string suffix = StringArg(args, 1);
    return Value(s.ends_with(suffix) ? s.substr(0, s.size() - suffix.size()) : s);
  });
  Register(t, "chomp", 1, 1, [](const EvalContext&, const Args& args) {
    std::string s = StringArg(args, 0);
    while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.pop_back();
    return Value(s);
  });
  Register(t, "startswith", 2, 2, [](const EvalContext&, const Args& args) {
    return Value(StringArg(args, 0).starts_with(StringArg(args, 1)));
  });
  Register(t, "endswith", 2, 2, [](const EvalContext&, const Args& args) {
    return Value(StringArg(args, 0).ends_with(StringArg(args, 1)));
  });
  Register(t, "strrev", 1, 1, [](const EvalContext&, const Args& args) {
    std::string s = StringArg(args, 0);
    std::vector<std::size_t> offsets = CodePointOffsets(s);
    std::string out;
    for (std::size_t i = offsets.size() - 1; i > 0; --i) {
      out.append(s, offsets[i - 1], offsets[i] - offsets[i - 1]);
    }
    return Value(out);
  });
  // substr(string, offset, length): a negative offset counts from the end,
  // length -1 means "to the end"; ranges past the end are clipped.
  Register(t, "substr", 3, 3, [](const EvalContext&, const Args& args) {
    std::string s = StringArg(args, 0);
    long long offset = IntegerArg(args, 1);
    long long length = IntegerArg(args, 2);
    std::vector<std::size_t> offsets = CodePointOffsets(s);
    long long count = static_cast<long long>(offsets.size()) - 1;
    if (offset < 0) offset = std::max(0LL, offset + count);
    if (offset >= count) return Value("");
    long long end = length < 0 ? count : std::min(count, offset + length);
    return Value(s.substr(
        offsets[static_cast<std::size_t>(offset)],
        offsets[static_cast<std::size_t>(end)] - offsets[static_cast<std::size_t>(offset)]));
  });
}

}  // namespace sim::hcl::internal
