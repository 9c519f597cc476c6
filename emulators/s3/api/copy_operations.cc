// CopyObject: the new version shares the source's bytes.

#include "emulators/s3/api/copy_source.h"
#include "emulators/s3/api/object_settings.h"
#include "emulators/s3/api/operations.h"
#include "emulators/s3/api/s3_error.h"
#include "emulators/s3/api/s3_xml.h"
#include "emulators/s3/checksum/checksum.h"
#include "sim/aws/crypto.h"
#include "sim/aws/text.h"
#include "sim/aws/xml_writer.h"

namespace sim::s3 {
namespace {

// The largest object CopyObject copies in one request, as in S3.
constexpr std::uint64_t kMaxCopySize = 5ull * 1024 * 1024 * 1024;

std::string Directive(const S3Call& call, const char* header) {
  std::string value = call.HeaderOr(header, "COPY");
  if (value != "COPY" && value != "REPLACE")
    throw InvalidArgument("Unknown " + std::string(header) + " value", header, value);
  return value;
}

}  // namespace

aws::HttpResponse CopyObject(S3Context& s3, const S3Call& call) {
  Bucket& bucket = RequireBucket(s3, call);
  CopySource source = ResolveCopySource(s3, call);
  const ObjectVersion& from = *source.version;
  if (from.size() > kMaxCopySize)
    throw InvalidRequest("The specified copy source is larger than the maximum allowable size for a copy source: 5368709120");
  std::string metadata_directive = Directive(call, "x-amz-metadata-directive");
  std::string tagging_directive = Directive(call, "x-amz-tagging-directive");
  ObjectSettings settings = ReadObjectSettings(call);
  // Copying a named older version onto its key is how a version is restored.
  bool same_object = source.bucket == &bucket && source.key == call.key && !source.version_named;
  if (same_object && metadata_directive == "COPY" && !call.Header("x-amz-storage-class") &&
      !call.Header("x-amz-server-side-encryption") && !call.Header("x-amz-checksum-algorithm"))
    throw InvalidRequest(
        "This copy request is illegal because it is trying to copy an object to itself without changing the "
        "object's metadata, storage class, website redirect location or encryption attributes.");

  ObjectVersion v;
  v.body = from.body ? from.body : ObjectBody::Empty();
  v.last_modified = call.now;
  v.owner = call.account_id;
  v.storage_class = call.Header("x-amz-storage-class") ? settings.storage_class : from.storage_class;
  if (metadata_directive == "REPLACE") {
    v.content_headers = settings.content_headers;
    v.metadata = settings.metadata;
  } else {
    v.content_headers = from.content_headers;
    v.metadata = from.metadata;
  }
  v.tags = tagging_directive == "REPLACE" ? settings.tags : from.tags;

  // The copy is one part: a multipart source's ETag and composite checksum
  // are recomputed over the bytes; otherwise they carry over.
  std::optional<ChecksumAlgorithm> algorithm = RequestedChecksumAlgorithm(call);
  if (!algorithm && from.checksum) algorithm = ParseChecksumAlgorithm(from.checksum->algorithm);
  bool recompute_etag = !from.part_sizes.empty();
  bool recompute_checksum = algorithm && !(from.checksum && from.checksum->type == "FULL_OBJECT" &&
                                           from.checksum->algorithm == ChecksumName(*algorithm));
  Md5Hasher md5;
  std::optional<ChecksumHasher> checksum;
  if (recompute_checksum) checksum.emplace(*algorithm);
  if (recompute_etag || recompute_checksum)
    DigestBody(*v.body, recompute_etag ? &md5 : nullptr, checksum ? &*checksum : nullptr);
  v.etag = recompute_etag ? md5.FinalHex() : from.etag;
  if (checksum) v.checksum = Checksum{std::string(ChecksumName(*algorithm)), checksum->FinalBase64(), "FULL_OBJECT"};
  else if (algorithm) v.checksum = from.checksum;

  std::string source_version = from.version_id;
  bool source_versioned = !source.bucket->versioning.empty();
  const ObjectVersion& stored = PutVersion(s3, bucket, call.key, std::move(v));

  std::string body;
  aws::XmlWriter xml(&body);
  StartDocument(xml, "CopyObjectResult");
  xml.Element("LastModified", IsoTime(stored.last_modified));
  xml.Element("ETag", Quoted(stored.etag));
  if (stored.checksum) {
    xml.Element("ChecksumType", stored.checksum->type);
    xml.Element("Checksum" + stored.checksum->algorithm, stored.checksum->value);
  }
  xml.EndElement();
  aws::HttpResponse r = XmlResponse(call, std::move(body));
  if (!bucket.versioning.empty()) r.headers.emplace_back("x-amz-version-id", stored.version_id);
  if (source_versioned) r.headers.emplace_back("x-amz-copy-source-version-id", source_version);
  return r;
}

}  // namespace sim::s3
