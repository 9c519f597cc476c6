#include "emulators/s3/api/presigned_v2.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <algorithm>
#include <array>
#include <map>

#include "emulators/s3/api/s3_error.h"
#include "sim/aws/crypto.h"
#include "sim/aws/text.h"

namespace sim::s3 {
namespace {

// The query parameters that are part of the signed resource (botocore's list).
constexpr std::array<std::string_view, 37> kSignedSubresources = {
    "accelerate", "acl", "cors", "defaultObjectAcl", "location", "logging", "partNumber", "policy",
    "requestPayment", "torrent", "versioning", "versionId", "versions", "website", "uploads", "uploadId",
    "response-content-type", "response-content-language", "response-expires", "response-cache-control",
    "response-content-disposition", "response-content-encoding", "delete", "lifecycle", "tagging", "restore",
    "storageClass", "notification", "replication", "analytics", "metrics", "inventory", "select",
    "select-type", "object-lock", "attributes", "legal-hold"};

std::string HmacSha1(std::string_view key, std::string_view data) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  HMAC(EVP_sha1(), key.data(), static_cast<int>(key.size()), reinterpret_cast<const unsigned char*>(data.data()),
       data.size(), out, &length);
  return std::string(reinterpret_cast<char*>(out), length);
}

std::string Trimmed(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return std::string(s);
}

std::string StringToSign(const aws::HttpRequest& request, const std::string& bucket_in_host,
                         const std::string& expires) {
  std::string out = request.method + "\n";
  const std::string* md5 = request.Header("Content-MD5");
  const std::string* type = request.Header("Content-Type");
  out += (md5 ? Trimmed(*md5) : "") + "\n" + (type ? Trimmed(*type) : "") + "\n" + expires + "\n";
  std::map<std::string, std::string> amz;
  for (const auto& [name, value] : request.headers) {
    std::string lower = aws::ToLower(name);
    if (lower.rfind("x-amz-", 0) != 0) continue;
    std::string& joined = amz[lower];
    joined += (joined.empty() ? "" : ",") + Trimmed(value);
  }
  for (const auto& [name, value] : amz) out += name + ":" + value + "\n";
  if (!bucket_in_host.empty()) out += "/" + bucket_in_host;
  out += std::string(request.Path());
  // Signed subresources, sorted by name, values decoded.
  std::vector<std::pair<std::string, std::string>> signed_params;
  std::string_view query = request.RawQuery();
  while (!query.empty()) {
    auto amp = query.find('&');
    std::string_view item = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    auto eq = item.find('=');
    std::string name(item.substr(0, eq));
    if (std::find(kSignedSubresources.begin(), kSignedSubresources.end(), name) == kSignedSubresources.end()) continue;
    signed_params.emplace_back(name, eq == std::string_view::npos ? std::string("\x01")
                                                                  : aws::UrlDecode(item.substr(eq + 1), false));
  }
  std::stable_sort(signed_params.begin(), signed_params.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  for (std::size_t i = 0; i < signed_params.size(); ++i) {
    out += i == 0 ? "?" : "&";
    out += signed_params[i].first;
    if (signed_params[i].second != "\x01") out += "=" + signed_params[i].second;
  }
  return out;
}

}  // namespace

bool IsPresignedV2(const aws::HttpRequest& request) {
  std::string_view query = request.RawQuery();
  return query.find("AWSAccessKeyId=") != std::string_view::npos &&
         query.find("Signature=") != std::string_view::npos;
}

const aws::Credential& VerifyPresignedV2(const aws::HttpRequest& request, const std::string& bucket_in_host,
                                         const aws::Dispatcher& auth) {
  std::string key, signature, expires;
  for (const auto& [name, value] : aws::ParseQueryString(request.RawQuery())) {
    if (name == "AWSAccessKeyId") key = value;
    else if (name == "Signature") signature = value;
    else if (name == "Expires") expires = value;
  }
  if (key.empty() || signature.empty() || expires.empty() ||
      expires.find_first_not_of("0123456789") != std::string::npos)
    throw S3Error{403, "AccessDenied",
                  "Query-string authentication requires the Signature, Expires and AWSAccessKeyId parameters"};
  const aws::Credential* credential = auth.FindCredential(key);
  if (!credential)
    throw S3Error{403, "InvalidAccessKeyId", "The AWS Access Key Id you provided does not exist in our records.",
                  {{"AWSAccessKeyId", key}}};
  std::string to_sign = StringToSign(request, bucket_in_host, expires);
  std::string expected = aws::Base64Encode(HmacSha1(credential->secret_access_key, to_sign));
  if (!aws::ConstantTimeEquals(expected, signature))
    throw S3Error{403, "SignatureDoesNotMatch",
                  "The request signature we calculated does not match the signature you provided. Check your key "
                  "and signing method.",
                  {{"AWSAccessKeyId", key}, {"StringToSign", to_sign}, {"SignatureProvided", signature}}};
  auto now = std::chrono::duration_cast<std::chrono::seconds>(auth.PresignedNow().time_since_epoch()).count();
  // Digits only (checked above); more than 18 of them is beyond any clock.
  if (expires.size() <= 18 && now > std::stoll(expires))
    throw S3Error{403, "AccessDenied", "Request has expired", {{"Expires", expires}}};
  return *credential;
}

}  // namespace sim::s3
