#pragma once
// Which REST operation a request calls: HTTP method plus requestUri
// template, the most specific fit winning. Shared by rest-json and rest-xml.

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "sim/aws/http_message.h"
#include "sim/aws/model.h"
#include "sim/aws/uri_template.h"
#include "sim/core/result.h"

namespace sim::aws {

// The operation whose method and requestUri fit the request best: its
// required query-string and header members all present (S3's PutObject,
// UploadPart and CopyObject share a template), then most query literals, then
// most such required members, then most literal path characters, then no
// greedy label. A request differing from a template only by a trailing slash
// (SDKs generated from Smithy models drop the one botocore keeps) still
// fits, but after exact fits. UnknownOperationException (404) when none does.
Result<const Operation*> ResolveRestOperation(const ServiceModel& model,
                                              const HttpRequest& request);

// `op`'s template matched against the request, exactly or else leniently
// about a trailing slash; nullopt when it does not fit.
std::optional<UriMatch> MatchOperationUri(
    const Operation& op, const HttpRequest& request,
    const std::vector<std::pair<std::string, std::string>>& query);

}  // namespace sim::aws
