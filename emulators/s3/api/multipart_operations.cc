// Multipart uploads. A completed object is its parts' bytes in order (no
// copy); its ETag is the MD5 of the parts' MD5s, "-N" appended.

#include <pugixml.hpp>

#include <algorithm>
#include <cstdlib>
#include <set>

#include "emulators/s3/api/conditions.h"
#include "emulators/s3/api/copy_source.h"
#include "emulators/s3/api/object_settings.h"
#include "emulators/s3/api/operations.h"
#include "emulators/s3/api/s3_error.h"
#include "emulators/s3/api/s3_xml.h"
#include "emulators/s3/api/xml_input.h"
#include "emulators/s3/checksum/checksum.h"
#include "sim/aws/crypto.h"
#include "sim/aws/text.h"
#include "sim/aws/xml_writer.h"

namespace sim::s3 {
namespace {

constexpr std::uint64_t kMinPartSize = 5ull * 1024 * 1024;

MultipartUpload& RequireUpload(Bucket& bucket, const S3Call& call) {
  const std::string* id = call.Query("uploadId");
  auto it = id ? bucket.uploads.find(*id) : bucket.uploads.end();
  if (it == bucket.uploads.end() || it->second.key != call.key) throw NoSuchUpload(id ? *id : "");
  return it->second;
}

int RequirePartNumber(const S3Call& call) {
  const std::string* text = call.Query("partNumber");
  int n = text && !text->empty() && text->find_first_not_of("0123456789") == std::string::npos && text->size() <= 5
              ? std::atoi(text->c_str())
              : 0;
  if (n < 1 || n > 10000)
    throw InvalidArgument("Part number must be an integer between 1 and 10000, inclusive", "partNumber",
                          text ? *text : "");
  return n;
}

std::string StripQuotes(std::string s) {
  if (s.size() >= 2 && s.front() == '"' && s.back() == '"') return s.substr(1, s.size() - 2);
  return s;
}


aws::HttpResponse PartResponse(const S3Call& call, const UploadPart& part) {
  aws::HttpResponse r = NewResponse(call);
  r.headers.emplace_back("ETag", Quoted(part.etag));
  if (part.checksum) AddChecksumHeaders(r, *part.checksum);
  return r;
}

// The checksum type an upload asks for (x-amz-checksum-type), checked
// against its algorithm as S3 checks it: CRC64NVME is full-object only, the
// SHAs composite only, the 32-bit CRCs either (composite by default).
std::string ChecksumTypeOf(const S3Call& call, std::optional<ChecksumAlgorithm> algorithm) {
  const std::string* asked = call.Header("x-amz-checksum-type");
  if (asked && *asked != "COMPOSITE" && *asked != "FULL_OBJECT")
    throw InvalidRequest("Value for x-amz-checksum-type header is invalid.");
  if (!algorithm) {
    if (asked)
      throw InvalidRequest("The x-amz-checksum-type header can only be used with the x-amz-checksum-algorithm header.");
    return "";
  }
  bool full_object_only = *algorithm == ChecksumAlgorithm::kCrc64Nvme;
  bool composite_only = *algorithm == ChecksumAlgorithm::kSha1 || *algorithm == ChecksumAlgorithm::kSha256;
  std::string type = asked ? *asked : full_object_only ? "FULL_OBJECT" : "COMPOSITE";
  if ((type == "COMPOSITE" && full_object_only) || (type == "FULL_OBJECT" && composite_only)) {
    throw InvalidRequest("The " + type + " checksum type cannot be used with the " +
                         aws::ToLower(ChecksumName(*algorithm)) + " checksum algorithm.");
  }
  return type;
}

// The object's checksum from its parts': a full-object CRC combines the
// parts' CRCs into the whole object's; a composite one is a checksum of the
// parts' checksums, "-N". A full-object value sent with the request must
// match.
// The full-object value a completion sends for a FULL_OBJECT upload, in
// its header (nullptr when none; S3 documents none for a composite one).
const std::string* SentFullObjectChecksum(const S3Call& call, const MultipartUpload& upload) {
  if (upload.checksum_type != "FULL_OBJECT") return nullptr;
  return call.Header("x-amz-checksum-" + aws::ToLower(upload.checksum_algorithm));
}

// The completion's headers, checked before its parts: the checksum type must
// be the upload's, a full-object value well-formed.
void CheckCompletionHeaders(const S3Call& call, const MultipartUpload& upload) {
  if (const std::string* type = call.Header("x-amz-checksum-type");
      type && !upload.checksum_type.empty() && *type != upload.checksum_type)
    throw InvalidRequest("The upload was created using the " + upload.checksum_type +
                         " checksum mode. The complete request must use the same checksum mode.");
  auto algorithm = ParseChecksumAlgorithm(upload.checksum_algorithm);
  if (const std::string* sent = SentFullObjectChecksum(call, upload); sent && algorithm) {
    auto raw = aws::Base64Decode(*sent);
    if (!raw || raw->size() != ChecksumDigestSize(*algorithm))
      throw InvalidRequest("Value for x-amz-checksum-" + aws::ToLower(upload.checksum_algorithm) +
                           " header is invalid.");
  }
}

std::optional<Checksum> CompleteChecksum(const S3Call& call, const MultipartUpload& upload,
                                         const std::vector<const UploadPart*>& parts) {
  if (upload.checksum_algorithm.empty()) return std::nullopt;
  auto algorithm = ParseChecksumAlgorithm(upload.checksum_algorithm);
  if (!algorithm) return std::nullopt;
  const std::string* sent = SentFullObjectChecksum(call, upload);
  std::vector<std::string> digests;
  for (const UploadPart* part : parts) {
    if (!part->checksum || part->checksum->algorithm != upload.checksum_algorithm) return std::nullopt;
    auto raw = aws::Base64Decode(part->checksum->value);
    if (!raw) return std::nullopt;
    digests.push_back(std::move(*raw));
  }
  if (upload.checksum_type != "FULL_OBJECT")
    return Checksum{upload.checksum_algorithm, CompositeChecksumWithPartCount(*algorithm, digests), "COMPOSITE"};
  std::string crc = digests.front();
  for (std::size_t i = 1; i < digests.size(); ++i) {
    auto combined = CombineCrc(*algorithm, crc, digests[i], parts[i]->body->size());
    if (!combined) return std::nullopt;
    crc = *combined;
  }
  Checksum checksum{upload.checksum_algorithm, aws::Base64Encode(crc), "FULL_OBJECT"};
  if (sent && *sent != checksum.value)
    throw S3Error{400, "BadDigest",
                  "The " + upload.checksum_algorithm + " you specified did not match the calculated checksum.", {}, {}};
  return checksum;
}

// A part's checksum as CompleteMultipartUpload lists it, against the one the
// part was stored with. A composite upload must list every part's (S3 refuses
// the completion otherwise); an upload without an algorithm lists none; a
// value that differs from the stored one is an InvalidPart.
bool PartChecksumMatches(const MultipartUpload& upload, const UploadPart& part, pugi::xml_node node) {
  pugi::xml_node given;
  for (auto algorithm : {ChecksumAlgorithm::kCrc32, ChecksumAlgorithm::kCrc32c, ChecksumAlgorithm::kCrc64Nvme,
                         ChecksumAlgorithm::kSha1, ChecksumAlgorithm::kSha256})
    if (pugi::xml_node n = node.child(std::string(ChecksumXmlElement(algorithm)).c_str())) given = n;
  if (upload.checksum_algorithm.empty()) return !given;
  if (!given) {
    if (upload.checksum_type != "COMPOSITE") return true;
    throw InvalidRequest("The upload was created using a " + aws::ToLower(upload.checksum_algorithm) +
                         " checksum. The complete request must include the checksum for each part. It was missing "
                         "for part " + std::to_string(part.number) + " in the request.");
  }
  return std::string(given.name()) == "Checksum" + upload.checksum_algorithm && part.checksum &&
         part.checksum->algorithm == upload.checksum_algorithm && part.checksum->value == given.text().get();
}

}  // namespace

aws::HttpResponse CreateMultipartUpload(S3Context& s3, const S3Call& call) {
  Bucket& bucket = RequireBucket(s3, call);
  ObjectSettings settings = ReadObjectSettings(call);
  MultipartUpload upload;
  upload.id = s3.rng.Draw(64, "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ");
  upload.key = call.key;
  upload.initiated = call.now;
  upload.content_headers = std::move(settings.content_headers);
  upload.metadata = std::move(settings.metadata);
  upload.storage_class = settings.storage_class;
  upload.tags = std::move(settings.tags);
  upload.owner = call.account_id;
  std::optional<ChecksumAlgorithm> algorithm = RequestedChecksumAlgorithm(call);
  if (algorithm) upload.checksum_algorithm = std::string(ChecksumName(*algorithm));
  upload.checksum_type = ChecksumTypeOf(call, algorithm);
  s3.store.SaveUpload(bucket, upload);
  std::string body;
  aws::XmlWriter xml(&body);
  StartDocument(xml, "InitiateMultipartUploadResult");
  xml.Element("Bucket", bucket.name);
  xml.Element("Key", call.key);
  xml.Element("UploadId", upload.id);
  xml.EndElement();
  aws::HttpResponse r = XmlResponse(call, std::move(body));
  if (!upload.checksum_algorithm.empty()) {
    r.headers.emplace_back("x-amz-checksum-algorithm", upload.checksum_algorithm);
    r.headers.emplace_back("x-amz-checksum-type", upload.checksum_type);
  }
  bucket.uploads.emplace(upload.id, std::move(upload));
  return r;
}

void PrepareUploadPart(S3Context& s3, const S3Call& call) {
  Bucket& bucket = RequireBucket(s3, call);
  RequirePartNumber(call);
  RequireUpload(bucket, call);
}

aws::HttpResponse FinishUploadPart(S3Context& s3, const S3Call& call, BodyRef body, const PayloadDigests& digests) {
  Bucket& bucket = RequireBucket(s3, call);
  MultipartUpload& upload = RequireUpload(bucket, call);
  // A part checksummed with another algorithm than its upload's is refused.
  if (!upload.checksum_algorithm.empty() && digests.checksum &&
      digests.checksum->algorithm != upload.checksum_algorithm)
    throw InvalidRequest("Checksum Type mismatch occurred, expected checksum Type: " +
                         aws::ToLower(upload.checksum_algorithm) +
                         ", actual checksum Type: " + aws::ToLower(digests.checksum->algorithm));
  UploadPart part;
  part.number = RequirePartNumber(call);
  part.body = std::move(body);
  part.etag = aws::Hex(digests.md5);
  part.last_modified = call.now;
  part.checksum = digests.checksum;
  // A part may carry a checksum its upload did not announce: then its own
  // algorithm's default type.
  if (part.checksum)
    part.checksum->type = !upload.checksum_type.empty()          ? upload.checksum_type
                          : part.checksum->algorithm == "CRC64NVME" ? "FULL_OBJECT"
                                                                    : "COMPOSITE";
  UploadPart& stored = upload.parts.insert_or_assign(part.number, std::move(part)).first->second;
  s3.store.SaveUpload(bucket, upload);
  return PartResponse(call, stored);
}

aws::HttpResponse UploadPartCopy(S3Context& s3, const S3Call& call) {
  Bucket& bucket = RequireBucket(s3, call);
  int number = RequirePartNumber(call);
  RequireUpload(bucket, call);
  CopySource source = ResolveCopySource(s3, call);
  BodyRef from = source.version->body ? source.version->body : ObjectBody::Empty();
  BodyRef bytes = from;
  if (const std::string* range = call.Header("x-amz-copy-source-range")) {
    std::string_view spec = *range;
    auto dash = spec.find('-');
    bool ok = spec.substr(0, 6) == "bytes=" && dash != std::string_view::npos;
    std::uint64_t first = 0, last = 0;
    if (ok) {
      std::string a(spec.substr(6, dash - 6)), b(spec.substr(dash + 1));
      ok = !a.empty() && !b.empty() && a.find_first_not_of("0123456789") == std::string::npos &&
           b.find_first_not_of("0123456789") == std::string::npos;
      if (ok) {
        first = std::strtoull(a.c_str(), nullptr, 10);
        last = std::strtoull(b.c_str(), nullptr, 10);
        ok = first <= last;
      }
    }
    if (!ok)
      throw InvalidArgument("The x-amz-copy-source-range value must be of the form bytes=first-last where first and "
                            "last are the zero-based offsets of the first and last bytes to copy",
                            "x-amz-copy-source-range", *range);
    if (last >= from->size())
      throw S3Error{400, "InvalidRange", "The requested range is not satisfiable",
                    {{"RangeRequested", *range}, {"ActualObjectSize", std::to_string(from->size())}}, {}};
    bytes = from->Slice(first, last - first + 1);
  }
  MultipartUpload& upload = RequireUpload(bucket, call);
  // A part copied into an upload with a checksum algorithm gets its checksum
  // computed, as an uploaded part carries one.
  std::optional<ChecksumHasher> checksum;
  if (auto algorithm = ParseChecksumAlgorithm(upload.checksum_algorithm)) checksum.emplace(*algorithm);
  Md5Hasher md5;
  DigestBody(*bytes, &md5, checksum ? &*checksum : nullptr);
  UploadPart part;
  part.number = number;
  part.body = bytes;
  part.etag = md5.FinalHex();
  part.last_modified = call.now;
  if (checksum) part.checksum = Checksum{upload.checksum_algorithm, checksum->FinalBase64(), upload.checksum_type};
  UploadPart& stored = upload.parts.insert_or_assign(number, std::move(part)).first->second;
  s3.store.SaveUpload(bucket, upload);
  std::string body;
  aws::XmlWriter xml(&body);
  StartDocument(xml, "CopyPartResult");
  xml.Element("LastModified", IsoTime(stored.last_modified));
  xml.Element("ETag", Quoted(stored.etag));
  if (stored.checksum) xml.Element("Checksum" + stored.checksum->algorithm, stored.checksum->value);
  xml.EndElement();
  aws::HttpResponse r = XmlResponse(call, std::move(body));
  if (!source.bucket->versioning.empty())
    r.headers.emplace_back("x-amz-copy-source-version-id", source.version->version_id);
  return r;
}

aws::HttpResponse CompleteMultipartUpload(S3Context& s3, const S3Call& call) {
  Bucket& bucket = RequireBucket(s3, call);
  MultipartUpload& upload = RequireUpload(bucket, call);
  CheckCompletionHeaders(call, upload);
  pugi::xml_document doc;
  pugi::xml_node root = ParseXmlBody(doc, call.body, "CompleteMultipartUpload");
  if (!root.child("Part")) throw MalformedXml();
  std::vector<const UploadPart*> parts;
  int previous = 0;
  for (pugi::xml_node node : root.children("Part")) {
    int number = node.child("PartNumber").text().as_int(0);
    std::string etag = StripQuotes(node.child("ETag").text().get());
    if (number <= previous)
      throw S3Error{400, "InvalidPartOrder",
                    "The list of parts was not in ascending order. Parts must be ordered by part number.",
                    {{"UploadId", upload.id}}, {}};
    previous = number;
    auto it = upload.parts.find(number);
    if (it == upload.parts.end() || it->second.etag != etag || !PartChecksumMatches(upload, it->second, node))
      throw S3Error{400, "InvalidPart",
                    "One or more of the specified parts could not be found.  The part may not have been uploaded, "
                    "or the specified entity tag may not have matched the part's entity tag.",
                    {{"UploadId", upload.id}, {"PartNumber", std::to_string(number)}, {"ETag", etag}}, {}};
    parts.push_back(&it->second);
  }
  for (std::size_t i = 0; i + 1 < parts.size(); ++i)
    if (parts[i]->body->size() < kMinPartSize)
      throw S3Error{400, "EntityTooSmall", "Your proposed upload is smaller than the minimum allowed size",
                    {{"ProposedSize", std::to_string(parts[i]->body->size())},
                     {"MinSizeAllowed", std::to_string(kMinPartSize)},
                     {"PartNumber", std::to_string(parts[i]->number)},
                     {"ETag", parts[i]->etag}},
                    {}};
  CheckIfNoneMatchStar(bucket, call);

  std::string md5s;
  std::vector<BodyRef> bodies;
  ObjectVersion v;
  for (const UploadPart* part : parts) {
    md5s += *aws::HexDecode(part->etag);
    bodies.push_back(part->body);
    v.part_sizes.push_back(part->body->size());
  }
  v.body = ObjectBody::Concat(bodies);
  v.etag = aws::Md5Hex(md5s) + "-" + std::to_string(parts.size());
  v.checksum = CompleteChecksum(call, upload, parts);
  v.last_modified = call.now;
  v.content_headers = upload.content_headers;
  v.metadata = upload.metadata;
  v.storage_class = upload.storage_class;
  v.tags = upload.tags;
  v.owner = upload.owner;
  std::string upload_id = upload.id;
  const ObjectVersion& stored = PutVersion(s3, bucket, call.key, std::move(v));
  s3.store.EraseUpload(bucket, upload_id);
  bucket.uploads.erase(upload_id);

  std::string body;
  aws::XmlWriter xml(&body);
  StartDocument(xml, "CompleteMultipartUploadResult");
  xml.Element("Location", "/" + bucket.name + "/" + call.key);
  xml.Element("Bucket", bucket.name);
  xml.Element("Key", call.key);
  xml.Element("ETag", Quoted(stored.etag));
  if (stored.checksum) {
    xml.Element("Checksum" + stored.checksum->algorithm, stored.checksum->value);
    xml.Element("ChecksumType", stored.checksum->type);
  }
  xml.EndElement();
  aws::HttpResponse r = XmlResponse(call, std::move(body));
  if (!bucket.versioning.empty()) r.headers.emplace_back("x-amz-version-id", stored.version_id);
  return r;
}

aws::HttpResponse AbortMultipartUpload(S3Context& s3, const S3Call& call) {
  Bucket& bucket = RequireBucket(s3, call);
  MultipartUpload& upload = RequireUpload(bucket, call);
  std::string id = upload.id;
  s3.store.EraseUpload(bucket, id);
  bucket.uploads.erase(id);
  return NewResponse(call, 204);
}

aws::HttpResponse ListParts(S3Context& s3, const S3Call& call) {
  Bucket& bucket = RequireBucket(s3, call);
  MultipartUpload& upload = RequireUpload(bucket, call);
  int marker = 0;
  if (const std::string* m = call.Query("part-number-marker")) marker = std::atoi(m->c_str());
  int max_parts = 1000;
  if (const std::string* m = call.Query("max-parts")) max_parts = std::clamp(std::atoi(m->c_str()), 0, 1000);
  std::string body;
  aws::XmlWriter xml(&body);
  StartDocument(xml, "ListPartsResult");
  xml.Element("Bucket", bucket.name);
  xml.Element("Key", upload.key);
  xml.Element("UploadId", upload.id);
  WriteOwner(xml, "Initiator", upload.owner);
  WriteOwner(xml, "Owner", upload.owner);
  xml.Element("StorageClass", upload.storage_class);
  if (!upload.checksum_algorithm.empty()) xml.Element("ChecksumAlgorithm", upload.checksum_algorithm);
  xml.Element("PartNumberMarker", std::to_string(marker));
  int count = 0, last = marker;
  bool truncated = false;
  std::string parts;
  aws::XmlWriter items(&parts);
  for (auto it = upload.parts.upper_bound(marker); it != upload.parts.end(); ++it) {
    if (count == max_parts) {
      truncated = true;
      break;
    }
    const UploadPart& part = it->second;
    items.StartElement("Part");
    items.Element("PartNumber", std::to_string(part.number));
    items.Element("LastModified", IsoTime(part.last_modified));
    items.Element("ETag", Quoted(part.etag));
    items.Element("Size", std::to_string(part.body->size()));
    if (part.checksum) items.Element("Checksum" + part.checksum->algorithm, part.checksum->value);
    items.EndElement();
    ++count;
    last = part.number;
  }
  xml.Element("NextPartNumberMarker", std::to_string(last));
  xml.Element("MaxParts", std::to_string(max_parts));
  xml.Element("IsTruncated", truncated ? "true" : "false");
  xml.EndElement();
  body.resize(body.size() - std::string_view("</ListPartsResult>").size());
  body += parts + "</ListPartsResult>";
  return XmlResponse(call, std::move(body));
}

aws::HttpResponse ListMultipartUploads(S3Context& s3, const S3Call& call) {
  Bucket& bucket = RequireBucket(s3, call);
  std::string prefix = call.Query("prefix") ? *call.Query("prefix") : "";
  std::string key_marker = call.Query("key-marker") ? *call.Query("key-marker") : "";
  std::string id_marker = call.Query("upload-id-marker") ? *call.Query("upload-id-marker") : "";
  int max_uploads = 1000;
  if (const std::string* m = call.Query("max-uploads")) max_uploads = std::clamp(std::atoi(m->c_str()), 0, 1000);
  std::string delimiter = call.Query("delimiter") ? *call.Query("delimiter") : "";
  std::vector<const MultipartUpload*> uploads;
  std::set<std::string> common_prefixes;  // keys folded at the delimiter
  for (const auto& [id, upload] : bucket.uploads) {
    if (upload.key.compare(0, prefix.size(), prefix) != 0) continue;
    if (!delimiter.empty()) {
      auto at = upload.key.find(delimiter, prefix.size());
      if (at != std::string::npos) {
        common_prefixes.insert(upload.key.substr(0, at + delimiter.size()));
        continue;
      }
    }
    uploads.push_back(&upload);
  }
  std::sort(uploads.begin(), uploads.end(), [](const MultipartUpload* a, const MultipartUpload* b) {
    if (a->key != b->key) return a->key < b->key;
    if (a->initiated != b->initiated) return a->initiated < b->initiated;
    return a->id < b->id;
  });
  std::string body;
  aws::XmlWriter xml(&body);
  StartDocument(xml, "ListMultipartUploadsResult");
  xml.Element("Bucket", bucket.name);
  xml.Element("KeyMarker", key_marker);
  xml.Element("UploadIdMarker", id_marker);
  xml.Element("Prefix", prefix);
  if (!delimiter.empty()) xml.Element("Delimiter", delimiter);
  std::string items_text;
  aws::XmlWriter items(&items_text);
  int count = 0;
  bool truncated = false;
  bool past_marker = key_marker.empty();
  std::string next_key, next_id;
  for (const MultipartUpload* u : uploads) {
    if (!past_marker) {
      if (u->key < key_marker) continue;
      if (u->key == key_marker && (id_marker.empty() || u->id <= id_marker)) {
        if (!id_marker.empty() && u->id == id_marker) past_marker = true;
        continue;
      }
      past_marker = true;
    }
    if (count == max_uploads) {
      truncated = true;
      break;
    }
    items.StartElement("Upload");
    items.Element("Key", u->key);
    items.Element("UploadId", u->id);
    WriteOwner(items, "Initiator", u->owner);
    WriteOwner(items, "Owner", u->owner);
    items.Element("StorageClass", u->storage_class);
    items.Element("Initiated", IsoTime(u->initiated));
    if (!u->checksum_algorithm.empty()) items.Element("ChecksumAlgorithm", u->checksum_algorithm);
    items.EndElement();
    ++count;
    next_key = u->key;
    next_id = u->id;
  }
  if (truncated) {
    xml.Element("NextKeyMarker", next_key);
    xml.Element("NextUploadIdMarker", next_id);
  }
  xml.Element("MaxUploads", std::to_string(max_uploads));
  xml.Element("IsTruncated", truncated ? "true" : "false");
  xml.EndElement();
  body.resize(body.size() - std::string_view("</ListMultipartUploadsResult>").size());
  body += items_text;
  AppendCommonPrefixes(body, {common_prefixes.begin(), common_prefixes.end()});
  body += "</ListMultipartUploadsResult>";
  return XmlResponse(call, std::move(body));
}

}  // namespace sim::s3
