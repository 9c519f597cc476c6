#include "sim/aws/rest_routing.h"

#include "sim/aws/uri_template.h"

namespace sim::aws {
namespace {

using QueryPairs = std::vector<std::pair<std::string, std::string>>;

bool HasQueryParam(const QueryPairs& query, std::string_view key) {
  for (const auto& [k, v] : query)
    if (k == key) return true;
  return false;
}

std::string ToggleTrailingSlash(std::string_view path) {
  if (path.size() > 1 && path.back() == '/') return std::string(path.substr(0, path.size() - 1));
  return std::string(path) + "/";
}

std::string_view RequestPath(const HttpRequest& request) {
  std::string_view path = request.Path();
  return path.empty() ? std::string_view("/") : path;
}

std::optional<UriMatch> MatchOperation(const Operation& op, std::string_view path,
                                       const QueryPairs& query) {
  return MatchRequestUri(op.request_uri, path, query);
}

// How well an operation's required query-string and header members are met:
// operations sharing a template (S3's PutObject, UploadPart, CopyObject) differ
// only there.
struct RequiredBindings {
  bool all_present = true;
  int present = 0;
};

RequiredBindings CheckRequiredBindings(const Operation& op, const HttpRequest& request,
                                       const QueryPairs& query) {
  RequiredBindings result;
  if (!op.input) return result;
  for (const std::string& name : op.input->required) {
    const Member* m = op.input->FindMember(name);
    if (!m || (m->location != "querystring" && m->location != "header")) continue;
    bool present = m->location == "header" ? request.Header(m->WireName()) != nullptr
                                           : HasQueryParam(query, m->WireName());
    if (present) {
      ++result.present;
    } else {
      result.all_present = false;
    }
  }
  return result;
}

struct Candidate {
  UriMatch match;
  RequiredBindings required;
};

bool Better(const Candidate& a, const Candidate& b) {
  if (a.required.all_present != b.required.all_present) return a.required.all_present;
  if (a.match.query_literals != b.match.query_literals)
    return a.match.query_literals > b.match.query_literals;
  if (a.required.present != b.required.present) return a.required.present > b.required.present;
  if (a.match.literal_chars != b.match.literal_chars)
    return a.match.literal_chars > b.match.literal_chars;
  return !a.match.greedy && b.match.greedy;
}

}  // namespace

std::optional<UriMatch> MatchOperationUri(const Operation& op, const HttpRequest& request,
                                          const QueryPairs& query) {
  std::string_view path = RequestPath(request);
  if (auto m = MatchOperation(op, path, query)) return m;
  return MatchOperation(op, ToggleTrailingSlash(path), query);
}

Result<const Operation*> ResolveRestOperation(const ServiceModel& model,
                                              const HttpRequest& request) {
  QueryPairs query = ParseQueryString(request.RawQuery());
  std::string_view path = RequestPath(request);
  std::string toggled = ToggleTrailingSlash(path);
  for (std::string_view candidate : {path, std::string_view(toggled)}) {
    const Operation* best = nullptr;
    Candidate best_candidate;
    for (const auto& [name, op] : model.operations) {
      if (op.http_method != request.method) continue;
      auto match = MatchOperation(op, candidate, query);
      if (!match) continue;
      Candidate c{std::move(*match), CheckRequiredBindings(op, request, query)};
      if (!best || Better(c, best_candidate)) {
        best = &op;
        best_candidate = std::move(c);
      }
    }
    if (best) return best;
  }
  return MakeError(
      "UnknownOperationException",
      "No operation of " + model.name + " matches " + request.method + " " + std::string(path),
      404);
}

}  // namespace sim::aws
