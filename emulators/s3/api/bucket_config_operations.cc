// Bucket configurations S3 stores and returns: the document a client puts
// is checked for its root element and kept as given. Lifecycle rules are
// also executed (lifecycle.cc); CORS rules answer preflights (cors.cc).

#include <nlohmann/json.hpp>
#include <pugixml.hpp>

#include <array>

#include "emulators/s3/api/operations.h"
#include "emulators/s3/api/s3_error.h"
#include "emulators/s3/api/xml_input.h"
#include "emulators/s3/api/s3_xml.h"
#include "emulators/s3/model/lifecycle.h"

namespace sim::s3 {
namespace {

struct ConfigKind {
  std::string_view subresource;
  std::string_view root;           // expected root element ("" for JSON policy)
  int missing_status;              // answer to GET without one
  std::string_view missing_code;
  std::string_view missing_message;
  int put_status;
};

constexpr std::array<ConfigKind, 9> kKinds = {{
    {"tagging", "Tagging", 404, "NoSuchTagSet", "The TagSet does not exist", 204},
    {"policy", "", 404, "NoSuchBucketPolicy", "The bucket policy does not exist", 204},
    {"acl", "AccessControlPolicy", 0, "", "", 200},
    {"cors", "CORSConfiguration", 404, "NoSuchCORSConfiguration", "The CORS configuration does not exist", 200},
    {"lifecycle", "LifecycleConfiguration", 404, "NoSuchLifecycleConfiguration",
     "The lifecycle configuration does not exist", 200},
    {"encryption", "ServerSideEncryptionConfiguration", 0, "", "", 200},
    {"publicAccessBlock", "PublicAccessBlockConfiguration", 404, "NoSuchPublicAccessBlockConfiguration",
     "The public access block configuration was not found", 200},
    {"ownershipControls", "OwnershipControls", 404, "OwnershipControlsNotFoundError",
     "The bucket ownership controls were not found", 200},
    {"object-lock", "ObjectLockConfiguration", 404, "ObjectLockConfigurationNotFoundError",
     "Object Lock configuration does not exist for this bucket", 200},
}};

const ConfigKind& KindOf(const std::string& subresource) {
  for (const auto& kind : kKinds)
    if (kind.subresource == subresource) return kind;
  throw NotImplemented("Bucket subresource " + subresource);
}

// What S3 answers for a bucket that never had one of these set.
std::string DefaultDocument(const std::string& subresource, const Bucket& bucket) {
  std::string ns(kS3Namespace);
  if (subresource == "acl") return OwnerFullControlAcl(bucket.scope.account_id);
  // Since 2023 every bucket encrypts with SSE-S3 unless told otherwise.
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><ServerSideEncryptionConfiguration xmlns=\"" + ns +
         "\"><Rule><ApplyServerSideEncryptionByDefault><SSEAlgorithm>AES256</SSEAlgorithm>"
         "</ApplyServerSideEncryptionByDefault><BucketKeyEnabled>false</BucketKeyEnabled></Rule>"
         "</ServerSideEncryptionConfiguration>";
}

void ValidateBucketTags(const pugi::xml_node& tagging) {
  std::vector<std::string> keys;
  for (pugi::xml_node tag : tagging.child("TagSet").children("Tag")) {
    std::string key = tag.child("Key").text().get();
    std::string value = tag.child("Value").text().get();
    if (key.empty() || key.size() > 128 || value.size() > 256)
      throw S3Error{400, "InvalidTag", "The TagKey you have provided is invalid", {}, {}};
    for (const auto& k : keys)
      if (k == key) throw S3Error{400, "InvalidTag", "Cannot provide multiple Tags with the same key", {}, {}};
    keys.push_back(key);
  }
  if (keys.size() > 50) throw S3Error{400, "InvalidTag", "Bucket tag count cannot be greater than 50", {}, {}};
}

}  // namespace

std::string BucketConfigSubresource(const S3Call& call) {
  for (const auto& kind : kKinds)
    if (call.HasQuery(kind.subresource)) return std::string(kind.subresource);
  return {};
}

aws::HttpResponse PutBucketConfig(S3Context& s3, const S3Call& call, const std::string& subresource) {
  Bucket& bucket = RequireBucket(s3, call);
  const ConfigKind& kind = KindOf(subresource);
  std::string document = call.body;
  if (kind.root.empty()) {
    auto policy = nlohmann::json::parse(document, nullptr, false);
    if (policy.is_discarded() || !policy.is_object())
      throw S3Error{400, "MalformedPolicy", "Policies must be valid JSON and the first byte must be '{'", {}, {}};
  } else if (subresource == "acl" && document.empty()) {
    // A canned ACL (x-amz-acl) instead of a document: nothing to keep.
    return NewResponse(call);
  } else {
    pugi::xml_document doc;
    pugi::xml_node root = ParseXmlBody(doc, document, std::string(kind.root).c_str());
    if (subresource == "tagging") ValidateBucketTags(root);
    if (subresource == "lifecycle") {
      auto rules = ParseLifecycle(document);
      if (!rules) throw MalformedXml();
      if (auto problem = LifecycleProblem(*rules)) throw InvalidArgument(*problem);
    }
  }
  bucket.configs[subresource] = std::move(document);
  s3.store.SaveBucket(bucket);
  return NewResponse(call, kind.put_status);
}

aws::HttpResponse GetBucketConfig(S3Context& s3, const S3Call& call, const std::string& subresource) {
  Bucket& bucket = RequireBucket(s3, call);
  const ConfigKind& kind = KindOf(subresource);
  auto it = bucket.configs.find(subresource);
  if (it == bucket.configs.end()) {
    if (kind.missing_status != 0)
      throw S3Error{kind.missing_status, std::string(kind.missing_code), std::string(kind.missing_message),
                    {{"BucketName", bucket.name}}, {}};
    return XmlResponse(call, DefaultDocument(subresource, bucket));
  }
  aws::HttpResponse r = XmlResponse(call, it->second);
  if (kind.root.empty()) r.SetHeader("Content-Type", "application/json");
  return r;
}

aws::HttpResponse DeleteBucketConfig(S3Context& s3, const S3Call& call, const std::string& subresource) {
  Bucket& bucket = RequireBucket(s3, call);
  KindOf(subresource);
  if (bucket.configs.erase(subresource) > 0) s3.store.SaveBucket(bucket);
  return NewResponse(call, 204);
}

}  // namespace sim::s3
