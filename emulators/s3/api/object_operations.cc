// GetObject, HeadObject, PutObject, DeleteObject(s), object tagging, ACL and
// attributes. CopyObject lives in copy_operations.cc.

#include <pugixml.hpp>

#include <cstdlib>

#include "emulators/s3/api/conditions.h"
#include "emulators/s3/api/object_settings.h"
#include "emulators/s3/api/operations.h"
#include "emulators/s3/api/s3_error.h"
#include "emulators/s3/api/xml_input.h"
#include "emulators/s3/api/s3_xml.h"
#include "sim/aws/crypto.h"
#include "sim/aws/xml_writer.h"

namespace sim::s3 {
namespace {

// Bodies up to this size are read into the response; bigger ones stream.
constexpr std::uint64_t kInlineBody = 256 * 1024;

struct ByteRange {
  std::uint64_t first = 0;
  std::uint64_t last = 0;  // inclusive
};

// "bytes=a-b", "bytes=a-", "bytes=-n". S3 ignores what it cannot parse
// (several ranges, other units) and serves the whole object; a range that
// starts past the end is 416.
std::optional<ByteRange> ParseRange(const std::string& header, std::uint64_t size) {
  std::string_view spec = header;
  if (spec.substr(0, 6) != "bytes=") return std::nullopt;
  spec.remove_prefix(6);
  if (spec.find(',') != std::string_view::npos) return std::nullopt;
  auto dash = spec.find('-');
  if (dash == std::string_view::npos) return std::nullopt;
  std::string first_text(spec.substr(0, dash)), last_text(spec.substr(dash + 1));
  auto number = [](const std::string& s, std::uint64_t* out) {
    if (s.empty() || s.find_first_not_of("0123456789") != std::string::npos) return false;
    *out = std::strtoull(s.c_str(), nullptr, 10);
    return true;
  };
  std::uint64_t a = 0, b = 0;
  auto unsatisfiable = [&] {
    return S3Error{416, "InvalidRange", "The requested range is not satisfiable",
                   {{"RangeRequested", header}, {"ActualObjectSize", std::to_string(size)}},
                   {{"Content-Range", "bytes */" + std::to_string(size)}}};
  };
  if (first_text.empty()) {  // suffix: the last n bytes
    if (!number(last_text, &b)) return std::nullopt;
    if (b == 0 || size == 0) throw unsatisfiable();
    b = std::min(b, size);
    return ByteRange{size - b, size - 1};
  }
  if (!number(first_text, &a)) return std::nullopt;
  if (last_text.empty()) {
    b = size == 0 ? 0 : size - 1;
  } else if (!number(last_text, &b) || b < a) {
    return std::nullopt;
  }
  if (a >= size) throw unsatisfiable();
  return ByteRange{a, std::min(b, size - 1)};
}

void ApplyResponseOverrides(aws::HttpResponse& r, const S3Call& call) {
  static const std::pair<const char*, const char*> kOverrides[] = {
      {"response-content-type", "Content-Type"},         {"response-content-language", "Content-Language"},
      {"response-expires", "Expires"},                   {"response-cache-control", "Cache-Control"},
      {"response-content-disposition", "Content-Disposition"}, {"response-content-encoding", "Content-Encoding"}};
  for (const auto& [param, header] : kOverrides) {
    const std::string* value = call.Query(param);
    if (!value) continue;
    // Decoded from the query: a CR or LF would split the response head.
    if (value->find_first_of(std::string_view("\r\n\0", 3)) != std::string::npos)
      throw InvalidArgument("Header value contains an invalid character", param, "");
    r.SetHeader(header, *value);
  }
}

void SetBody(aws::HttpResponse& r, const BodyRef& body, bool head) {
  if (head) {
    // HEAD: the length is announced, nothing is read.
    r.body_source = body;
  } else if (body->size() <= kInlineBody) {
    r.body = body->ReadAll();
  } else {
    r.body_source = body;
  }
}

Pairs ParseTagSet(const std::string& xml_text) {
  pugi::xml_document doc;
  pugi::xml_node tagging = ParseXmlBody(doc, xml_text, "Tagging");
  Pairs tags;
  for (pugi::xml_node tag : tagging.child("TagSet").children("Tag")) {
    std::string key = tag.child("Key").text().get();
    for (const auto& [existing, _] : tags)
      if (existing == key)
        throw S3Error{400, "InvalidTag", "Cannot provide multiple Tags with the same key", {}, {}};
    tags.emplace_back(key, tag.child("Value").text().get());
  }
  return tags;
}

ObjectVersion& MutableVersion(Bucket& bucket, const S3Call& call) {
  return const_cast<ObjectVersion&>(RequireVersion(bucket, call));
}

}  // namespace

aws::HttpResponse GetObject(S3Context& s3, const S3Call& call, bool head) {
  const Bucket& bucket = RequireBucket(s3, call);
  const ObjectVersion& v = RequireVersion(bucket, call);
  aws::HttpResponse r = NewResponse(call);
  if (EvaluateConditions(ReadConditions(call, false), v) == ConditionOutcome::kNotModified) {
    r.status = 304;
    r.headers.emplace_back("ETag", Quoted(v.etag));
    r.headers.emplace_back("Last-Modified", HttpTime(v.last_modified));
    return r;
  }
  AddObjectHeaders(r, bucket, v, call);
  ApplyResponseOverrides(r, call);
  std::optional<ByteRange> range;
  if (const std::string* part = call.Query("partNumber")) {
    int n = std::atoi(part->c_str());
    int count = v.part_sizes.empty() ? 1 : static_cast<int>(v.part_sizes.size());
    if (n < 1 || n > 10000) throw InvalidArgument("Part number must be an integer between 1 and 10000, inclusive", "partNumber", *part);
    if (n > count) throw S3Error{416, "InvalidPartNumber", "The requested partnumber is not satisfiable", {}, {}};
    if (!v.part_sizes.empty()) {
      std::uint64_t start = 0;
      for (int i = 0; i + 1 < n; ++i) start += v.part_sizes[static_cast<std::size_t>(i)];
      std::uint64_t length = v.part_sizes[static_cast<std::size_t>(n - 1)];
      if (length > 0) range = ByteRange{start, start + length - 1};
      r.headers.emplace_back("x-amz-mp-parts-count", std::to_string(count));
    }
  } else if (const std::string* header = call.Header("Range")) {
    range = ParseRange(*header, v.size());
  }
  if (!range) {
    SetBody(r, v.body ? v.body : ObjectBody::Empty(), head);
    return r;
  }
  r.status = 206;
  r.headers.emplace_back("Content-Range", "bytes " + std::to_string(range->first) + "-" +
                                              std::to_string(range->last) + "/" + std::to_string(v.size()));
  SetBody(r, v.body->Slice(range->first, range->last - range->first + 1), head);
  return r;
}

ObjectSettings PreparePutObject(S3Context& s3, const S3Call& call) {
  const Bucket& bucket = RequireBucket(s3, call);
  ObjectSettings settings = ReadObjectSettings(call);  // bad settings are refused before the body
  CheckIfNoneMatchStar(bucket, call);
  CheckIfMatch(bucket, call);
  return settings;
}

aws::HttpResponse FinishPutObject(S3Context& s3, const S3Call& call, ObjectSettings settings, BodyRef body,
                                  const PayloadDigests& digests) {
  Bucket& bucket = RequireBucket(s3, call);
  // Checked again: other writes may have landed while the body streamed in.
  CheckIfNoneMatchStar(bucket, call);
  CheckIfMatch(bucket, call);
  ObjectVersion v;
  v.body = std::move(body);
  v.etag = aws::Hex(digests.md5);
  v.last_modified = call.now;
  v.content_headers = std::move(settings.content_headers);
  v.metadata = std::move(settings.metadata);
  v.storage_class = settings.storage_class;
  v.tags = std::move(settings.tags);
  v.checksum = digests.checksum;
  v.owner = call.account_id;
  const ObjectVersion& stored = PutVersion(s3, bucket, call.key, std::move(v));
  aws::HttpResponse r = NewResponse(call);
  r.headers.emplace_back("ETag", Quoted(stored.etag));
  if (!bucket.versioning.empty()) r.headers.emplace_back("x-amz-version-id", stored.version_id);
  if (stored.checksum) AddChecksumHeaders(r, *stored.checksum);
  return r;
}

// Removes one version (or, without a version id, the object or its newest
// state under versioning). Returns the version id removed or the delete
// marker created, and whether it is a delete marker.
namespace {
struct Deleted {
  std::string version_id;
  bool delete_marker = false;
  bool versioned = false;
};

Deleted DeleteOne(S3Context& s3, Bucket& bucket, const std::string& key, const std::string* version_id,
                  const S3Call& call) {
  Deleted out;
  out.versioned = !bucket.versioning.empty();
  auto it = bucket.objects.find(key);
  if (version_id) {
    out.version_id = *version_id;
    if (it == bucket.objects.end()) return out;
    auto& versions = it->second.versions;
    for (auto v = versions.begin(); v != versions.end(); ++v) {
      if (v->version_id != *version_id) continue;
      out.delete_marker = v->delete_marker;
      s3.store.EraseVersion(bucket, key, v->version_id);
      versions.erase(v);
      break;
    }
    if (versions.empty()) bucket.objects.erase(it);
    return out;
  }
  if (bucket.versioning.empty()) {
    if (it != bucket.objects.end()) {
      s3.store.EraseVersion(bucket, key, "null");
      bucket.objects.erase(it);
    }
    return out;
  }
  ObjectVersion marker;
  marker.delete_marker = true;
  marker.last_modified = call.now;
  marker.owner = call.account_id;
  const ObjectVersion& stored = PutVersion(s3, bucket, key, std::move(marker));
  out.version_id = stored.version_id;
  out.delete_marker = true;
  return out;
}
}  // namespace

aws::HttpResponse DeleteObject(S3Context& s3, const S3Call& call) {
  Bucket& bucket = RequireBucket(s3, call);
  CheckIfMatch(bucket, call);
  Deleted d = DeleteOne(s3, bucket, call.key, call.Query("versionId"), call);
  aws::HttpResponse r = NewResponse(call, 204);
  if (d.versioned && !d.version_id.empty()) r.headers.emplace_back("x-amz-version-id", d.version_id);
  if (d.delete_marker) r.headers.emplace_back("x-amz-delete-marker", "true");
  return r;
}

aws::HttpResponse DeleteObjects(S3Context& s3, const S3Call& call) {
  Bucket& bucket = RequireBucket(s3, call);
  if (!call.Header("Content-MD5") && !call.Header("x-amz-checksum-crc32") && !call.Header("x-amz-checksum-crc32c") &&
      !call.Header("x-amz-checksum-sha1") && !call.Header("x-amz-checksum-sha256") &&
      !call.Header("x-amz-checksum-crc64nvme") && !call.Header("x-amz-sdk-checksum-algorithm"))
    throw InvalidRequest("Missing required header for this request: Content-MD5");
  pugi::xml_document doc;
  pugi::xml_node root = ParseXmlBody(doc, call.body, "Delete");
  bool quiet = std::string_view(root.child("Quiet").text().get()) == "true";
  std::vector<pugi::xml_node> objects;
  for (pugi::xml_node object : root.children("Object")) objects.push_back(object);
  if (objects.empty() || objects.size() > 1000) throw MalformedXml();
  std::string body;
  aws::XmlWriter xml(&body);
  StartDocument(xml, "DeleteResult");
  for (pugi::xml_node object : objects) {
    std::string key = object.child("Key").text().get();
    pugi::xml_node version_node = object.child("VersionId");
    std::string version_id = version_node.text().get();
    if (key.empty()) {
      xml.StartElement("Error");
      xml.Element("Key", key);
      xml.Element("Code", "InvalidArgument");
      xml.Element("Message", "Invalid key");
      xml.EndElement();
      continue;
    }
    Deleted d = DeleteOne(s3, bucket, key, version_node ? &version_id : nullptr, call);
    if (quiet) continue;
    xml.StartElement("Deleted");
    xml.Element("Key", key);
    if (version_node) xml.Element("VersionId", version_id);
    if (d.delete_marker) {
      xml.Element("DeleteMarker", "true");
      if (!version_node) xml.Element("DeleteMarkerVersionId", d.version_id);
    }
    xml.EndElement();
  }
  xml.EndElement();
  return XmlResponse(call, std::move(body));
}

aws::HttpResponse PutObjectTagging(S3Context& s3, const S3Call& call) {
  Bucket& bucket = RequireBucket(s3, call);
  ObjectVersion& v = MutableVersion(bucket, call);
  Pairs tags = ParseTagSet(call.body);
  ValidateObjectTags(tags);
  v.tags = std::move(tags);
  s3.store.SaveVersion(bucket, call.key, v);
  aws::HttpResponse r = NewResponse(call);
  if (!bucket.versioning.empty()) r.headers.emplace_back("x-amz-version-id", v.version_id);
  return r;
}

aws::HttpResponse GetObjectTagging(S3Context& s3, const S3Call& call) {
  const Bucket& bucket = RequireBucket(s3, call);
  const ObjectVersion& v = RequireVersion(bucket, call);
  aws::HttpResponse r = XmlResponse(call, TaggingXml(v.tags));
  if (!bucket.versioning.empty()) r.headers.emplace_back("x-amz-version-id", v.version_id);
  return r;
}

aws::HttpResponse DeleteObjectTagging(S3Context& s3, const S3Call& call) {
  Bucket& bucket = RequireBucket(s3, call);
  ObjectVersion& v = MutableVersion(bucket, call);
  v.tags.clear();
  s3.store.SaveVersion(bucket, call.key, v);
  aws::HttpResponse r = NewResponse(call, 204);
  if (!bucket.versioning.empty()) r.headers.emplace_back("x-amz-version-id", v.version_id);
  return r;
}

aws::HttpResponse GetObjectAttributes(S3Context& s3, const S3Call& call) {
  const Bucket& bucket = RequireBucket(s3, call);
  const ObjectVersion& v = RequireVersion(bucket, call);
  const std::string* wanted_header = call.Header("x-amz-object-attributes");
  if (!wanted_header || wanted_header->empty())
    throw InvalidArgument("Invalid attribute name specified.", "x-amz-object-attributes", "");
  std::string wanted = "," + *wanted_header + ",";
  std::erase(wanted, ' ');
  auto asks = [&](const char* name) { return wanted.find("," + std::string(name) + ",") != std::string::npos; };
  std::string body;
  aws::XmlWriter xml(&body);
  StartDocument(xml, "GetObjectAttributesResponse");
  if (asks("ETag")) xml.Element("ETag", v.etag);
  if (asks("Checksum") && v.checksum) {
    xml.StartElement("Checksum");
    xml.Element("Checksum" + v.checksum->algorithm, v.checksum->value);
    xml.Element("ChecksumType", v.checksum->type);
    xml.EndElement();
  }
  if (asks("ObjectParts") && !v.part_sizes.empty()) {
    xml.StartElement("ObjectParts");
    xml.Element("TotalPartsCount", std::to_string(v.part_sizes.size()));
    xml.EndElement();
  }
  if (asks("StorageClass")) xml.Element("StorageClass", v.storage_class);
  if (asks("ObjectSize")) xml.Element("ObjectSize", std::to_string(v.size()));
  xml.EndElement();
  aws::HttpResponse r = XmlResponse(call, std::move(body));
  r.headers.emplace_back("Last-Modified", HttpTime(v.last_modified));
  if (!bucket.versioning.empty()) r.headers.emplace_back("x-amz-version-id", v.version_id);
  return r;
}

aws::HttpResponse GetObjectAcl(S3Context& s3, const S3Call& call) {
  const Bucket& bucket = RequireBucket(s3, call);
  const ObjectVersion& v = RequireVersion(bucket, call);
  return XmlResponse(call, OwnerFullControlAcl(v.owner));
}

aws::HttpResponse PutObjectAcl(S3Context& s3, const S3Call& call) {
  const Bucket& bucket = RequireBucket(s3, call);
  RequireVersion(bucket, call);
  // Object ACLs are accepted and not kept: the sim enforces no permissions.
  if (!call.body.empty()) {
    pugi::xml_document doc;
    ParseXmlBody(doc, call.body, "AccessControlPolicy");
  }
  return NewResponse(call);
}

}  // namespace sim::s3
