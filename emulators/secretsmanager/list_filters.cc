#include "emulators/secretsmanager/list_filters.h"

#include <algorithm>
#include <cctype>
#include <nlohmann/json.hpp>

namespace sim::secretsmanager {
namespace {

constexpr std::size_t kMaxFilters = 10;
constexpr std::size_t kMaxValuesPerFilter = 10;
constexpr std::size_t kMaxValueLength = 512;
const char* const kKeys[] = {"description",    "name",           "tag-key", "tag-value",
                             "primary-region", "owning-service", "all"};

Error Invalid(std::string message) {
  return MakeError("InvalidParameterException", std::move(message));
}

// AWS's FilterValueStringType: ^\!?[a-zA-Z0-9 :_@\/\+\=\.\-]*$
bool ValidValue(const std::string& v) {
  if (v.size() > kMaxValueLength) return false;
  for (std::size_t i = 0; i < v.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(v[i]);
    if (i == 0 && c == '!') continue;
    if (std::isalnum(c) ||
        std::string_view(" :_@/+=.-").find(static_cast<char>(c)) != std::string_view::npos)
      continue;
    return false;
  }
  return true;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

// Words of an attribute for the `all` filter: runs of letters and digits.
std::vector<std::string> Words(std::string_view s) {
  std::vector<std::string> words;
  std::string word;
  for (char c : s) {
    if (std::isalnum(static_cast<unsigned char>(c))) {
      word += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    } else if (!word.empty()) {
      words.push_back(std::move(word));
      word.clear();
    }
  }
  if (!word.empty()) words.push_back(std::move(word));
  return words;
}

std::vector<std::string> Attributes(const Secret& s, const std::string& key) {
  std::vector<std::string> out;
  if (key == "name") {
    out.push_back(s.name);
  } else if (key == "description") {
    if (s.description) out.push_back(*s.description);
  } else if (key == "tag-key") {
    for (const auto& t : s.tags) out.push_back(t.key);
  } else if (key == "tag-value") {
    for (const auto& t : s.tags) out.push_back(t.value);
  } else if (key == "primary-region") {
    out.push_back(s.scope.region);
  } else if (key == "all") {
    out.push_back(s.name);
    if (s.description) out.push_back(*s.description);
    for (const auto& t : s.tags) {
      out.push_back(t.key);
      out.push_back(t.value);
    }
  }
  // owning-service: secrets here are never owned by another service.
  return out;
}

bool MatchesAll(const std::vector<std::string>& attributes, std::string_view value) {
  std::vector<std::string> wanted = Words(value);
  if (wanted.empty()) return false;
  std::vector<std::string> words;
  for (const auto& a : attributes) {
    auto w = Words(a);
    words.insert(words.end(), w.begin(), w.end());
  }
  return std::all_of(wanted.begin(), wanted.end(), [&](const std::string& want) {
    return std::any_of(words.begin(), words.end(),
                       [&](const std::string& word) { return StartsWith(word, want); });
  });
}

// Whether any attribute matches `value` (already stripped of '!').
bool ValueMatches(const std::string& key, const std::vector<std::string>& attributes,
                  std::string_view value) {
  if (key == "all") return MatchesAll(attributes, value);
  bool fold_case = key == "description";
  std::string want = fold_case ? Lower(value) : std::string(value);
  return std::any_of(attributes.begin(), attributes.end(), [&](const std::string& a) {
    return StartsWith(fold_case ? Lower(a) : a, want);
  });
}

bool MatchesFilter(const Secret& s, const SecretFilter& f) {
  std::vector<std::string> attributes = Attributes(s, f.key);
  bool has_positive = false;
  bool positive_hit = false;
  for (const auto& value : f.values) {
    if (!value.empty() && value[0] == '!') {
      if (ValueMatches(f.key, attributes, std::string_view(value).substr(1))) return false;
    } else {
      has_positive = true;
      positive_hit = positive_hit || ValueMatches(f.key, attributes, value);
    }
  }
  return !has_positive || positive_hit;
}

}  // namespace

Result<std::vector<SecretFilter>> ParseFilters(const nlohmann::json* filters) {
  std::vector<SecretFilter> out;
  if (!filters || filters->is_null()) return out;
  if (!filters->is_array()) return Invalid("Filters must be a list.");
  if (filters->size() > kMaxFilters)
    return Invalid("You can specify at most " + std::to_string(kMaxFilters) + " filters.");
  for (const auto& f : *filters) {
    if (!f.is_object()) return Invalid("Each filter must be a structure.");
    SecretFilter filter;
    auto key = f.find("Key");
    if (key == f.end() || !key->is_string()) return Invalid("Each filter needs a Key.");
    filter.key = key->get<std::string>();
    if (std::find(std::begin(kKeys), std::end(kKeys), filter.key) == std::end(kKeys))
      return Invalid("Invalid filter key: " + filter.key);
    auto values = f.find("Values");
    if (values == f.end() || !values->is_array() || values->empty() ||
        values->size() > kMaxValuesPerFilter)
      return Invalid("Filter " + filter.key + " needs between 1 and " +
                     std::to_string(kMaxValuesPerFilter) + " values.");
    for (const auto& v : *values) {
      if (!v.is_string() || !ValidValue(v.get<std::string>()))
        return Invalid("Invalid filter value for key " + filter.key + ".");
      filter.values.push_back(v.get<std::string>());
    }
    out.push_back(std::move(filter));
  }
  return out;
}

bool MatchesFilters(const Secret& secret, const std::vector<SecretFilter>& filters) {
  return std::all_of(filters.begin(), filters.end(),
                     [&](const SecretFilter& f) { return MatchesFilter(secret, f); });
}

}  // namespace sim::secretsmanager
