#pragma once
// requestUri templates of REST operations: "/v1/brokers/{broker-id}",
// greedy "/{Bucket}/{Key+}", and query literals as in "/{Bucket}?tagging" or
// "/{Bucket}?list-type=2" that the request must carry.

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sim::aws {

struct UriMatch {
  std::vector<std::pair<std::string, std::string>> labels;  // name -> percent-decoded text
  int literal_chars = 0;   // template path characters outside labels
  int query_literals = 0;  // "?tagging"-style conditions met
  bool greedy = false;     // a {Label+} took part
};

// Matches `path` (raw, percent-encoded) and the decoded `query` against a
// template; nullopt when it does not fit. A label takes one or more
// characters of one path segment, a greedy label one or more characters
// across segments.
std::optional<UriMatch> MatchRequestUri(
    std::string_view request_uri, std::string_view path,
    const std::vector<std::pair<std::string, std::string>>& query);

// True when `key` is one of the query literals ("tagging&versionId",
// "list-type=2") after a template's '?'.
bool IsQueryLiteralKey(std::string_view literals, std::string_view key);

}  // namespace sim::aws
