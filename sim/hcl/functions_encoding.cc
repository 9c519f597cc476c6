// jsonencode, jsondecode, yamldecode and format. YAML scalars resolve as
// Terraform's yamldecode does (go-cty-yaml): plain y/yes/on are true,
// n/no/off false, ~/null null, numbers may hold '_', a plain date becomes an
// RFC 3339 timestamp string; quoted scalars stay strings.

#include <yaml-cpp/yaml.h>

#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <nlohmann/json.hpp>

#include "sim/hcl/functions_internal.h"

namespace sim::hcl::internal {
namespace {

using Args = std::vector<Value>;

// ---- YAML ----

std::size_t SkipDigits(const std::string& s, std::size_t i) {
  while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i;
  return i;
}

// YAML's float/int syntax: [-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?
bool IsYamlDecimal(const std::string& s) {
  std::size_t i = 0;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
  std::size_t digits = SkipDigits(s, i);
  if (digits == i) {  // must be .[0-9]+
    if (i >= s.size() || s[i] != '.') return false;
    std::size_t fraction = SkipDigits(s, i + 1);
    if (fraction == i + 1) return false;
    i = fraction;
  } else {
    i = digits;
    if (i < s.size() && s[i] == '.') i = SkipDigits(s, i + 1);
  }
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
    std::size_t exponent = SkipDigits(s, i);
    if (exponent == i) return false;
    i = exponent;
  }
  return i == s.size();
}

// Decimal numbers (with '_' separators) and 0x / 0o / 0b integers.
std::optional<Value> ResolveYamlNumber(const std::string& src) {
  std::string plain;
  for (char c : src) {
    if (c != '_') plain += c;
  }
  if (IsYamlDecimal(plain)) return Value(std::strtod(plain.c_str(), nullptr));
  std::size_t i = 0;
  bool negative = false;
  if (i < plain.size() && (plain[i] == '+' || plain[i] == '-')) negative = plain[i++] == '-';
  if (plain.size() < i + 3 || plain[i] != '0') return std::nullopt;
  char kind = static_cast<char>(std::tolower(static_cast<unsigned char>(plain[i + 1])));
  int base = kind == 'x' ? 16 : kind == 'o' ? 8 : kind == 'b' ? 2 : 0;
  if (base == 0) return std::nullopt;
  std::string digits = plain.substr(i + 2);
  errno = 0;
  char* end = nullptr;
  unsigned long long magnitude = std::strtoull(digits.c_str(), &end, base);
  if (errno != 0 || end != digits.c_str() + digits.size() ||
      !std::isalnum(static_cast<unsigned char>(digits[0]))) {
    return std::nullopt;
  }
  double n = static_cast<double>(magnitude);
  return Value(negative ? -n : n);
}

// yyyy-m-d, which Terraform turns into an RFC 3339 timestamp.
std::optional<std::string> YamlDate(const std::string& src) {
  std::size_t year_end = SkipDigits(src, 0);
  if (year_end != 4 || year_end >= src.size() || src[year_end] != '-') return std::nullopt;
  std::size_t month_end = SkipDigits(src, 5);
  if (month_end - 5 < 1 || month_end - 5 > 2 || month_end >= src.size() || src[month_end] != '-') {
    return std::nullopt;
  }
  std::size_t day_end = SkipDigits(src, month_end + 1);
  if (day_end - month_end - 1 < 1 || day_end - month_end - 1 > 2 || day_end != src.size()) {
    return std::nullopt;
  }
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%s-%02d-%02dT00:00:00Z", src.substr(0, 4).c_str(),
                std::stoi(src.substr(5, month_end - 5)), std::stoi(src.substr(month_end + 1)));
  return std::string(buf);
}

Value ResolvePlainScalar(const std::string& src) {
  static const std::map<std::string, Value> kWords = [] {
    std::map<std::string, Value> m;
    for (const char* s :
         {"y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"}) {
      m.emplace(s, Value(true));
    }
    for (const char* s :
         {"n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"}) {
      m.emplace(s, Value(false));
    }
    for (const char* s : {"", "~", "null", "Null", "NULL"}) m.emplace(s, Value());
    for (const char* s : {".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF"}) {
      m.emplace(s, Value(HUGE_VAL));
    }
    for (const char* s : {"-.inf", "-.Inf", "-.INF"}) m.emplace(s, Value(-HUGE_VAL));
    return m;
  }();
  if (auto it = kWords.find(src); it != kWords.end()) return it->second;
  if (src == ".nan" || src == ".NaN" || src == ".NAN") {
    ThrowFunctionError("floating point NaN is not supported");
  }
  if (std::optional<std::string> date = YamlDate(src)) return Value(*date);
  if (std::optional<Value> n = ResolveYamlNumber(src)) return *n;
  return Value(src);
}

Value ScalarFromYaml(const YAML::Node& node) {
  const std::string& tag = node.Tag();
  const std::string& src = node.Scalar();
  if (tag == "!" || tag == "tag:yaml.org,2002:str" || tag == "tag:yaml.org,2002:binary") {
    return Value(src);  // quoted, or explicitly a string
  }
  if (tag == "?" || tag.empty()) return ResolvePlainScalar(src);
  if (tag == "tag:yaml.org,2002:null") return Value();
  if (tag == "tag:yaml.org,2002:bool") {
    Value v = ResolvePlainScalar(src);
    if (!v.is_bool()) ThrowFunctionError("cannot parse \"" + src + "\" as a bool");
    return v;
  }
  if (tag == "tag:yaml.org,2002:int" || tag == "tag:yaml.org,2002:float") {
    std::optional<Value> n = ResolveYamlNumber(src);
    if (!n) ThrowFunctionError("cannot parse \"" + src + "\" as a number");
    return *n;
  }
  ThrowFunctionError("unsupported YAML tag \"" + tag + "\"");
}

Value FromYaml(const YAML::Node& node, int depth) {
  if (depth > 512) ThrowFunctionError("YAML document is nested too deeply");
  switch (node.Type()) {
    case YAML::NodeType::Undefined:
    case YAML::NodeType::Null:
      return Value();
    case YAML::NodeType::Scalar:
      return ScalarFromYaml(node);
    case YAML::NodeType::Sequence: {
      Value::List items;
      for (const YAML::Node& item : node) items.push_back(FromYaml(item, depth + 1));
      return Value(std::move(items));
    }
    case YAML::NodeType::Map: {
      Value::Object fields;
      Value::Object merged;  // from "<<" merge keys; explicit keys win
      for (const auto& kv : node) {
        if (!kv.first.IsScalar()) ThrowFunctionError("YAML map keys must be scalars");
        const std::string& key = kv.first.Scalar();
        if (key == "<<" && kv.first.Tag() == "?") {
          std::vector<YAML::Node> sources;
          if (kv.second.IsSequence()) {
            for (const YAML::Node& s : kv.second) sources.push_back(s);
          } else {
            sources.push_back(kv.second);
          }
          for (const YAML::Node& source : sources) {
            Value v = FromYaml(source, depth + 1);
            if (!v.is_object()) ThrowFunctionError("a YAML merge key (<<) needs a map");
            for (const auto& [k, field] : v.AsObject()) merged.emplace(k, field);
          }
          continue;
        }
        fields.insert_or_assign(key, FromYaml(kv.second, depth + 1));
      }
      for (auto& [k, field] : merged) fields.emplace(k, std::move(field));
      return Value(std::move(fields));
    }
  }
  return Value();
}

Value YamlDecode(const std::string& source) {
  std::vector<YAML::Node> documents;
  try {
    documents = YAML::LoadAll(source);
  } catch (const YAML::Exception& e) {
    ThrowFunctionError("invalid YAML on line " + std::to_string(e.mark.line + 1) + ", column " +
                       std::to_string(e.mark.column + 1) + ": " + e.msg);
  }
  if (documents.empty()) return Value();
  if (documents.size() > 1) ThrowFunctionError("YAML source holds more than one document");
  return FromYaml(documents[0], 0);
}

// ---- format ----

struct Spec {
  bool minus = false, plus = false, sharp = false, space = false, zero = false;
  int width = -1;
  int precision = -1;
  char verb = 'v';
};

std::size_t CodePoints(const std::string& s) {
  std::size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

std::string Pad(std::string body, const Spec& spec, bool numeric) {
  std::size_t len = CodePoints(body);
  if (spec.width < 0 || len >= static_cast<std::size_t>(spec.width)) return body;
  std::size_t fill = static_cast<std::size_t>(spec.width) - len;
  if (spec.minus) return body + std::string(fill, ' ');
  if (spec.zero && numeric) {
    std::size_t sign = !body.empty() && (body[0] == '-' || body[0] == '+' || body[0] == ' ');
    return body.substr(0, sign) + std::string(fill, '0') + body.substr(sign);
  }
  return std::string(fill, ' ') + body;
}

std::string SignPrefix(bool negative, const Spec& spec) {
  if (negative) return "-";
  if (spec.plus) return "+";
  if (spec.space) return " ";
  return "";
}

std::string IntegerInBase(unsigned long long v, int base, bool upper) {
  if (v == 0) return "0";
  const char* digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
  std::string out;
  while (v > 0) {
    out.insert(out.begin(), digits[v % static_cast<unsigned long long>(base)]);
    v /= static_cast<unsigned long long>(base);
  }
  return out;
}

std::string JsonText(const Value& v) { return v.ToJson().dump(); }

std::string FormatOne(const Spec& spec, const Value& v, std::size_t arg_number) {
  auto fail = [&](const std::string& why) -> std::string {
    ThrowFunctionError("unsupported value for \"%" + std::string(1, spec.verb) + "\" (argument " +
                       std::to_string(arg_number) + "): " + why);
  };
  switch (spec.verb) {
    case 'v': {
      if (spec.sharp) return Pad(JsonText(v), spec, false);
      if (v.is_null()) return Pad("null", spec, false);
      if (v.is_list() || v.is_object()) return Pad(JsonText(v), spec, false);
      return Pad(*ConvertToString(v), spec, false);
    }
    case 's': {
      if (v.is_null()) fail("null value cannot be formatted");
      std::optional<std::string> s = ConvertToString(v);
      if (!s) fail("a string is required, got " + std::string(v.TypeName()));
      std::string body = *s;
      if (spec.precision >= 0) {
        std::size_t count = 0, i = 0;
        for (; i < body.size(); ++i) {
          if ((static_cast<unsigned char>(body[i]) & 0xC0) != 0x80) {
            if (count == static_cast<std::size_t>(spec.precision)) break;
            ++count;
          }
        }
        body.resize(i);
      }
      return Pad(body, spec, false);
    }
    case 'q': {
      std::optional<std::string> s = v.is_null() ? std::nullopt : ConvertToString(v);
      if (!s) fail("a string is required, got " + std::string(v.TypeName()));
      return Pad(nlohmann::json(*s).dump(), spec, false);
    }
    case 't': {
      std::optional<bool> b = v.is_null() ? std::nullopt : ConvertToBool(v);
      if (!b) fail("a bool is required, got " + std::string(v.TypeName()));
      return Pad(*b ? "true" : "false", spec, false);
    }
    case 'd':
    case 'b':
    case 'o':
    case 'x':
    case 'X': {
      std::optional<double> n = v.is_null() ? std::nullopt : ConvertToNumber(v);
      if (!n) fail("a number is required, got " + std::string(v.TypeName()));
      if (std::trunc(*n) != *n) fail("value has a fractional part");
      bool negative = *n < 0;
      auto magnitude = static_cast<unsigned long long>(std::fabs(*n));
      int base = spec.verb == 'd' ? 10 : spec.verb == 'b' ? 2 : spec.verb == 'o' ? 8 : 16;
      std::string prefix;
      if (spec.sharp) {
        prefix = spec.verb == 'b'   ? "0b"
                 : spec.verb == 'o' ? "0"
                 : spec.verb == 'x' ? "0x"
                 : spec.verb == 'X' ? "0X"
                                    : "";
      }
      std::string digits = IntegerInBase(magnitude, base, spec.verb == 'X');
      if (spec.precision >= 0 && digits.size() < static_cast<std::size_t>(spec.precision)) {
        digits.insert(0, static_cast<std::size_t>(spec.precision) - digits.size(), '0');
      }
      return Pad(SignPrefix(negative, spec) + prefix + digits, spec, true);
    }
    case 'e':
    case 'E':
    case 'f':
    case 'F':
    case 'g':
    case 'G': {
      std::optional<double> n = v.is_null() ? std::nullopt : ConvertToNumber(v);
      if (!n) fail("a number is required, got " + std::string(v.TypeName()));
      std::string c_spec = "%";
      if (spec.plus) c_spec += '+';
      if (spec.space) c_spec += ' ';
      if (spec.sharp) c_spec += '#';
      if (spec.precision >= 0) c_spec += "." + std::to_string(spec.precision);
      c_spec += spec.verb;
      char buf[512];
      std::snprintf(buf, sizeof(buf), c_spec.c_str(), *n);
      return Pad(buf, spec, true);
    }
    default:
      ThrowFunctionError("unsupported format verb \"%" + std::string(1, spec.verb) + "\"");
  }
}

Value Format(const Args& args) {
  std::string fmt = StringArg(args, 0);
  std::string out;
  std::size_t next_arg = 1;  // index into args
  std::size_t max_used = 0;
  for (std::size_t i = 0; i < fmt.size(); ++i) {
    if (fmt[i] != '%') {
      out += fmt[i];
      continue;
    }
    if (++i >= fmt.size()) ThrowFunctionError("format string ends with an incomplete verb");
    if (fmt[i] == '%') {
      out += '%';
      continue;
    }
    Spec spec;
    for (; i < fmt.size(); ++i) {
      char c = fmt[i];
      if (c == '-')
        spec.minus = true;
      else if (c == '+')
        spec.plus = true;
      else if (c == '#')
        spec.sharp = true;
      else if (c == ' ')
        spec.space = true;
      else if (c == '0')
        spec.zero = true;
      else
        break;
    }
    if (i < fmt.size() && fmt[i] == '[') {  // explicit argument index, 1-based
      std::size_t close = fmt.find(']', i);
      if (close == std::string::npos) ThrowFunctionError("unterminated argument index in format");
      std::string digits = fmt.substr(i + 1, close - i - 1);
      if (digits.empty() || digits.find_first_not_of("0123456789") != std::string::npos) {
        ThrowFunctionError("invalid argument index [" + digits + "] in format");
      }
      next_arg = std::stoul(digits);
      i = close + 1;
    }
    auto read_number = [&]() {
      int n = 0;
      while (i < fmt.size() && fmt[i] >= '0' && fmt[i] <= '9') n = n * 10 + (fmt[i++] - '0');
      return n;
    };
    if (i < fmt.size() && fmt[i] >= '0' && fmt[i] <= '9') spec.width = read_number();
    if (i < fmt.size() && fmt[i] == '.') {
      ++i;
      spec.precision = read_number();
    }
    if (i >= fmt.size()) ThrowFunctionError("format string ends with an incomplete verb");
    spec.verb = fmt[i];
    if (next_arg >= args.size()) {
      ThrowFunctionError("not enough arguments for \"%" + std::string(1, spec.verb) + "\": need " +
                         std::to_string(next_arg) + ", have " + std::to_string(args.size() - 1));
    }
    max_used = std::max(max_used, next_arg);
    out += FormatOne(spec, args[next_arg], next_arg);
    ++next_arg;
  }
  if (max_used + 1 < args.size()) {
    ThrowFunctionError("too many arguments; only " + std::to_string(max_used) +
                       " used by the format string");
  }
  return Value(out);
}

}  // namespace

void AddEncodingFunctions(FunctionTable& t) {
  Register(t, "jsondecode", 1, 1, [](const EvalContext&, const Args& args) {
    std::string text = StringArg(args, 0);
    nlohmann::json json = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (json.is_discarded()) ThrowFunctionError("invalid JSON");
    return Value::FromJson(json);
  });
  Register(t, "jsonencode", 1, 1,
           [](const EvalContext&, const Args& args) { return Value(JsonText(args[0])); });
  Register(t, "yamldecode", 1, 1,
           [](const EvalContext&, const Args& args) { return YamlDecode(StringArg(args, 0)); });
  Register(t, "format", 1, -1, [](const EvalContext&, const Args& args) { return Format(args); });
}

}  // namespace sim::hcl::internal
