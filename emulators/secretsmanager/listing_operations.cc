// ListSecrets, ListSecretVersionIds and BatchGetSecretValue.

#include <algorithm>
#include <tuple>

#include "emulators/secretsmanager/list_filters.h"
#include "emulators/secretsmanager/operation_support.h"
#include "emulators/secretsmanager/secret_operations.h"

namespace sim::secretsmanager {
namespace {

using namespace support;  // NOLINT: internal helpers of this emulator

constexpr std::int64_t kDefaultListPage = 100;
constexpr std::int64_t kMaxListPage = 100;
constexpr std::int64_t kDefaultBatchPage = 20;
constexpr std::int64_t kMaxBatchPage = 20;
constexpr std::size_t kMaxBatchIds = 20;

Result<std::size_t> PageSize(const std::optional<std::int64_t>& max_results, std::int64_t dflt,
                             std::int64_t max) {
  if (!max_results) return static_cast<std::size_t>(dflt);
  if (*max_results < 1 || *max_results > max)
    return InvalidParameter("MaxResults must be between 1 and " + std::to_string(max) + ".");
  return static_cast<std::size_t>(*max_results);
}

// Sorts by SortBy (created-date unless told), ties broken by name, then ARN,
// so pages are stable.
std::optional<Error> SortSecrets(std::vector<const Secret*>& secrets, const std::string& sort_by,
                                 const std::string& sort_order) {
  if (sort_order != "asc" && sort_order != "desc")
    return InvalidParameter("SortOrder must be asc or desc.");
  auto when = [&](const Secret* s) -> TimePoint {
    if (sort_by == "last-accessed-date") return s->last_accessed.value_or(TimePoint{});
    if (sort_by == "last-changed-date") return s->last_changed;
    return s->created;
  };
  if (sort_by != "created-date" && sort_by != "last-accessed-date" &&
      sort_by != "last-changed-date" && sort_by != "name")
    return InvalidParameter(
        "SortBy must be one of created-date, last-accessed-date, "
        "last-changed-date, name.");
  bool by_name = sort_by == "name";
  std::stable_sort(secrets.begin(), secrets.end(), [&](const Secret* a, const Secret* b) {
    auto ka =
        std::make_tuple(by_name ? TimePoint{} : when(a), std::cref(a->name), std::cref(a->arn));
    auto kb =
        std::make_tuple(by_name ? TimePoint{} : when(b), std::cref(b->name), std::cref(b->arn));
    return sort_order == "asc" ? ka < kb : kb < ka;
  });
  return std::nullopt;
}

Json VersionEntry(const SecretVersion& v) {
  Json entry = {{"VersionId", v.id}};
  if (!v.stages.empty()) entry["VersionStages"] = v.stages;
  if (v.last_accessed) entry["LastAccessedDate"] = Seconds(*v.last_accessed);
  entry["CreatedDate"] = Seconds(v.created);
  // AWS names the managed key this way in version listings.
  entry["KmsKeyIds"] = Json::array({v.kms_key_id.value_or("DefaultEncryptionKey")});
  return entry;
}

Json ErrorEntry(const std::string& secret_id, const Error& e) {
  return Json{{"SecretId", secret_id}, {"ErrorCode", e.code}, {"Message", e.message}};
}

}  // namespace

Result<Json> ListSecrets(OperationHost& host, const Ctx& ctx, const Json& input) {
  InputReader in(input);
  auto max_results = in.Int("MaxResults");
  auto next_token = in.String("NextToken");
  auto sort_order = in.String("SortOrder");
  auto sort_by = in.String("SortBy");
  bool include_deleted = in.Bool("IncludePlannedDeletion").value_or(false);
  if (in.error()) return *in.error();
  auto page_size = PageSize(max_results, kDefaultListPage, kMaxListPage);
  if (!page_size.ok()) return page_size.error();
  auto filters = ParseFilters(in.Raw("Filters"));
  if (!filters.ok()) return filters.error();
  auto offset = DecodePageToken(next_token);
  if (!offset.ok()) return offset.error();

  std::vector<const Secret*> secrets;
  for (const Secret* s : host.state().List(ScopeOf(ctx)))
    if ((include_deleted || !s->IsDeleted()) && MatchesFilters(*s, *filters)) secrets.push_back(s);
  // Newest first unless told otherwise.
  if (auto e = SortSecrets(secrets, sort_by.value_or("created-date"), sort_order.value_or("desc")))
    return *e;

  Json list = Json::array();
  std::size_t end = std::min(secrets.size(), *offset + *page_size);
  for (std::size_t i = *offset; i < end; ++i) list.push_back(DescribeJson(*secrets[i], true));
  Json out = {{"SecretList", std::move(list)}};
  if (end < secrets.size()) out["NextToken"] = EncodePageToken(end);
  return out;
}

Result<Json> ListSecretVersionIds(OperationHost& host, const Ctx& ctx, const Json& input) {
  InputReader in(input);
  auto secret_id = in.String("SecretId", true);
  auto max_results = in.Int("MaxResults");
  auto next_token = in.String("NextToken");
  bool include_deprecated = in.Bool("IncludeDeprecated").value_or(false);
  if (in.error()) return *in.error();
  auto page_size = PageSize(max_results, kDefaultListPage, kMaxListPage);
  if (!page_size.ok()) return page_size.error();
  auto offset = DecodePageToken(next_token);
  if (!offset.ok()) return offset.error();
  auto found = FindSecret(host, ctx, *secret_id, true);
  if (!found.ok()) return found.error();
  const Secret& secret = **found;

  // Newest first.
  std::vector<const SecretVersion*> versions;
  for (auto it = secret.versions.rbegin(); it != secret.versions.rend(); ++it)
    if (include_deprecated || !it->deprecated()) versions.push_back(&*it);
  Json list = Json::array();
  std::size_t end = std::min(versions.size(), *offset + *page_size);
  for (std::size_t i = *offset; i < end; ++i) list.push_back(VersionEntry(*versions[i]));
  Json out = ArnAndName(secret);
  out["Versions"] = std::move(list);
  if (end < versions.size()) out["NextToken"] = EncodePageToken(end);
  return out;
}

Result<Json> BatchGetSecretValue(OperationHost& host, const Ctx& ctx, const Json& input) {
  InputReader in(input);
  auto ids = in.Strings("SecretIdList");
  auto max_results = in.Int("MaxResults");
  auto next_token = in.String("NextToken");
  if (in.error()) return *in.error();
  const Json* filter_input = in.Raw("Filters");
  if (ids.has_value() == (filter_input != nullptr))
    return InvalidParameter("Either 'SecretIdList' or 'Filters' must be provided, but not both.");
  if (max_results && !filter_input)
    return InvalidParameter(
        "'Filters' not specified. 'Filters' must also be specified when 'MaxResults' is "
        "provided.");
  if (ids && (ids->empty() || ids->size() > kMaxBatchIds))
    return InvalidParameter("SecretIdList must list between 1 and 20 secrets.");
  auto page_size = PageSize(max_results, kDefaultBatchPage, kMaxBatchPage);
  if (!page_size.ok()) return page_size.error();
  auto filters = ParseFilters(filter_input);
  if (!filters.ok()) return filters.error();
  auto offset = DecodePageToken(next_token);
  if (!offset.ok()) return offset.error();

  // The secrets of this page in request order, each found or failed.
  struct Wanted {
    std::string id;
    Result<const Secret*> secret;
  };
  std::vector<Wanted> wanted;
  Json out = Json::object();
  if (ids) {
    for (const auto& id : *ids) wanted.push_back({id, FindSecret(host, ctx, id, false)});
  } else {
    std::vector<const Secret*> matching;
    for (const Secret* s : host.state().List(ScopeOf(ctx)))
      if (!s->IsDeleted() && MatchesFilters(*s, *filters)) matching.push_back(s);
    std::size_t end = std::min(matching.size(), *offset + *page_size);
    for (std::size_t i = *offset; i < end; ++i) wanted.push_back({matching[i]->arn, matching[i]});
    if (end < matching.size()) out["NextToken"] = EncodePageToken(end);
  }

  Json values = Json::array();
  Json errors = Json::array();
  std::vector<Secret> accessed;
  for (const auto& [id, secret] : wanted) {
    if (!secret.ok()) {
      errors.push_back(ErrorEntry(id, secret.error()));
      continue;
    }
    auto version = SelectVersion(**secret, std::nullopt, std::nullopt);
    if (!version.ok()) {
      errors.push_back(ErrorEntry(id, version.error()));
      continue;
    }
    values.push_back(ValueJson(**secret, **version));
    if ((*secret)->AccessWouldChange((*version)->id, host.Now())) {
      Secret copy = **secret;
      copy.RecordAccess((*version)->id, host.Now());
      accessed.push_back(std::move(copy));
    }
  }
  for (auto& secret : accessed) host.Commit(std::move(secret));
  out["SecretValues"] = std::move(values);
  out["Errors"] = std::move(errors);
  return out;
}

}  // namespace sim::secretsmanager
