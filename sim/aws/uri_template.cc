#include "sim/aws/uri_template.h"

#include <algorithm>

#include "sim/aws/http_message.h"

namespace sim::aws {
namespace {

using QueryPairs = std::vector<std::pair<std::string, std::string>>;

// Path matching with backtracking: a label takes one or more characters of
// one segment, a greedy label one or more characters across segments.
bool MatchPath(std::string_view tpl, std::string_view path, UriMatch& match) {
  if (tpl.empty()) return path.empty();
  if (tpl.front() != '{') {
    std::string_view literal = tpl.substr(0, tpl.find('{'));
    if (path.substr(0, literal.size()) != literal) return false;
    return MatchPath(tpl.substr(literal.size()), path.substr(literal.size()), match);
  }
  auto close = tpl.find('}');
  if (close == std::string_view::npos) return false;
  std::string_view name = tpl.substr(1, close - 1);
  bool greedy = !name.empty() && name.back() == '+';
  if (greedy) name.remove_suffix(1);
  std::string_view rest = tpl.substr(close + 1);
  std::size_t longest = greedy ? path.size() : std::min(path.find('/'), path.size());
  for (std::size_t len = longest; len >= 1; --len) {
    match.labels.emplace_back(std::string(name), UrlDecode(path.substr(0, len), false));
    if (MatchPath(rest, path.substr(len), match)) {
      match.greedy = match.greedy || greedy;
      return true;
    }
    match.labels.pop_back();
  }
  return false;
}

int LiteralChars(std::string_view tpl) {
  int count = 0;
  bool in_label = false;
  for (char c : tpl) {
    if (c == '{') in_label = true;
    if (!in_label) ++count;
    if (c == '}') in_label = false;
  }
  return count;
}

bool HasQueryParam(const QueryPairs& query, std::string_view key,
                   std::optional<std::string_view> value) {
  for (const auto& [k, v] : query)
    if (k == key && (!value || v == *value)) return true;
  return false;
}

// "tagging&versionId" / "list-type=2" conditions of a template; false if one is unmet.
bool MatchQueryLiterals(std::string_view literals, const QueryPairs& query, int* count) {
  *count = 0;
  while (!literals.empty()) {
    std::string_view part = literals.substr(0, literals.find('&'));
    literals.remove_prefix(std::min(literals.size(), part.size() + 1));
    if (part.empty()) continue;
    auto eq = part.find('=');
    std::optional<std::string_view> value;
    if (eq != std::string_view::npos) value = part.substr(eq + 1);
    if (!HasQueryParam(query, part.substr(0, eq), value)) return false;
    ++*count;
  }
  return true;
}

}  // namespace

bool IsQueryLiteralKey(std::string_view literals, std::string_view key) {
  while (!literals.empty()) {
    std::string_view part = literals.substr(0, literals.find('&'));
    literals.remove_prefix(std::min(literals.size(), part.size() + 1));
    if (part.substr(0, part.find('=')) == key) return true;
  }
  return false;
}

std::optional<UriMatch> MatchRequestUri(std::string_view request_uri, std::string_view path,
                                        const QueryPairs& query) {
  auto q = request_uri.find('?');
  std::string_view tpl = request_uri.substr(0, q);
  UriMatch match;
  if (q != std::string_view::npos &&
      !MatchQueryLiterals(request_uri.substr(q + 1), query, &match.query_literals))
    return std::nullopt;
  if (!MatchPath(tpl, path, match)) return std::nullopt;
  match.literal_chars = LiteralChars(tpl);
  return match;
}

}  // namespace sim::aws
