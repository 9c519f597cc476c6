// ListObjects (v1), ListObjectsV2 and ListObjectVersions: keys in UTF-8
// byte order, folded into CommonPrefixes at the delimiter, max-keys per page.

#include <cstdlib>

#include "emulators/s3/api/object_settings.h"
#include "emulators/s3/api/operations.h"
#include "emulators/s3/api/s3_error.h"
#include "emulators/s3/api/s3_xml.h"
#include "sim/aws/crypto.h"
#include "sim/aws/sigv4.h"
#include "sim/aws/xml_writer.h"

namespace sim::s3 {
namespace {

struct ListParams {
  std::string prefix;
  std::string delimiter;
  int max_keys = 1000;
  bool url_encoding = false;
};

ListParams ReadParams(const S3Call& call) {
  ListParams p;
  if (const std::string* v = call.Query("prefix")) p.prefix = *v;
  if (const std::string* v = call.Query("delimiter")) p.delimiter = *v;
  if (const std::string* v = call.Query("max-keys")) {
    if (v->empty() || v->find_first_not_of("0123456789") != std::string::npos)
      throw InvalidArgument("Provided max-keys not an integer or within integer range", "max-keys", *v);
    p.max_keys = static_cast<int>(std::min<long long>(std::atoll(v->c_str()), 1000));
  }
  if (const std::string* v = call.Query("encoding-type")) {
    if (*v != "url") throw InvalidArgument("Invalid Encoding Method specified in Request", "encoding-type", *v);
    p.url_encoding = true;
  }
  return p;
}

// The smallest string after every string that starts with `prefix`.
std::string PastPrefix(std::string prefix) {
  while (!prefix.empty()) {
    auto& c = reinterpret_cast<unsigned char&>(prefix.back());
    if (c != 0xff) {
      ++c;
      return prefix;
    }
    prefix.pop_back();
  }
  return {};  // nothing is past it
}

// Walks keys from `start` (inclusive) in order, calling `emit` for each key
// that matches and `emit_prefix` for each new common prefix, until either
// returns false. `visible` filters keys (ListObjects skips deleted ones).
template <typename Visible, typename Emit, typename EmitPrefix>
void Walk(const Bucket& bucket, const ListParams& p, const std::string& start, Visible visible, Emit emit,
          EmitPrefix emit_prefix) {
  auto it = bucket.objects.lower_bound(std::max(start, p.prefix));
  while (it != bucket.objects.end()) {
    const std::string& key = it->first;
    if (key.compare(0, p.prefix.size(), p.prefix) != 0) break;
    if (!visible(it->second)) {
      ++it;
      continue;
    }
    if (!p.delimiter.empty()) {
      auto at = key.find(p.delimiter, p.prefix.size());
      if (at != std::string::npos) {
        std::string common = key.substr(0, at + p.delimiter.size());
        if (!emit_prefix(common)) return;
        std::string past = PastPrefix(common);
        if (past.empty()) return;
        it = bucket.objects.lower_bound(past);
        continue;
      }
    }
    if (!emit(key, it->second)) return;
    ++it;
  }
}

// Where a listing resumes after `marker` (a key, or a common prefix it
// returned): just after the key, or past everything under the prefix.
std::string ResumeAfter(const ListParams& p, const std::string& marker) {
  if (marker.empty()) return {};
  bool common_prefix = !p.delimiter.empty() && marker.compare(0, p.prefix.size(), p.prefix) == 0 &&
                       marker.size() >= p.delimiter.size() &&
                       marker.find(p.delimiter, p.prefix.size()) == marker.size() - p.delimiter.size();
  if (common_prefix)
    if (std::string past = PastPrefix(marker); !past.empty()) return past;
  return marker + '\0';
}

std::string Encoded(const ListParams& p, const std::string& text) {
  return p.url_encoding ? aws::UriEncode(text, true) : text;
}


void WriteObjectFields(aws::XmlWriter& xml, const ObjectVersion& v) {
  xml.Element("LastModified", IsoTime(v.last_modified));
  xml.Element("ETag", Quoted(v.etag));
  if (v.checksum) {
    xml.Element("ChecksumAlgorithm", v.checksum->algorithm);
    xml.Element("ChecksumType", v.checksum->type);
  }
  xml.Element("Size", std::to_string(v.size()));
}

bool HasCurrent(const KeyEntry& entry) { return entry.Current() != nullptr; }

}  // namespace

aws::HttpResponse ListObjects(S3Context& s3, const S3Call& call, bool v2) {
  const Bucket& bucket = RequireBucket(s3, call);
  ListParams p = ReadParams(call);
  std::string start;  // first key considered (after the marker)
  std::string marker, start_after, token;
  bool fetch_owner = !v2;
  if (v2) {
    if (const std::string* t = call.Query("continuation-token")) {
      token = *t;
      auto decoded = aws::Base64Decode(*t);
      if (!decoded || t->empty())
        throw InvalidArgument("The continuation token provided is incorrect", "continuation-token", *t);
      start = ResumeAfter(p, *decoded);
    } else if (const std::string* s = call.Query("start-after")) {
      start_after = *s;
      if (!s->empty()) start = *s + '\0';  // a key, never a returned prefix
    }
    if (const std::string* f = call.Query("fetch-owner")) fetch_owner = *f == "true";
  } else if (const std::string* m = call.Query("marker")) {
    marker = *m;
    start = ResumeAfter(p, *m);
  }

  std::string body;
  aws::XmlWriter xml(&body);
  StartDocument(xml, "ListBucketResult");
  // The contents go in a second buffer: the summary elements come first.
  std::string contents;
  aws::XmlWriter items(&contents);
  int count = 0;
  bool truncated = false;
  std::string last;  // last key or common prefix returned
  std::vector<std::string> prefixes;
  auto room = [&] {
    if (count < p.max_keys) return true;
    truncated = true;
    return false;
  };
  Walk(
      bucket, p, start, HasCurrent,
      [&](const std::string& key, const KeyEntry& entry) {
        if (!room()) return false;
        const ObjectVersion& v = *entry.Current();
        items.StartElement("Contents");
        items.Element("Key", Encoded(p, key));
        WriteObjectFields(items, v);
        if (fetch_owner) WriteOwner(items, "Owner", v.owner);
        items.Element("StorageClass", v.storage_class);
        items.EndElement();
        ++count;
        last = key;
        return true;
      },
      [&](const std::string& common) {
        if (!room()) return false;
        prefixes.push_back(common);
        ++count;
        last = common;
        return true;
      });

  xml.Element("Name", bucket.name);
  xml.Element("Prefix", Encoded(p, p.prefix));
  if (v2) {
    if (call.HasQuery("continuation-token")) xml.Element("ContinuationToken", token);
    if (call.HasQuery("start-after")) xml.Element("StartAfter", Encoded(p, start_after));
    xml.Element("KeyCount", std::to_string(count));
  } else {
    xml.Element("Marker", Encoded(p, marker));
  }
  xml.Element("MaxKeys", std::to_string(p.max_keys));
  if (!p.delimiter.empty()) xml.Element("Delimiter", Encoded(p, p.delimiter));
  if (p.url_encoding) xml.Element("EncodingType", "url");
  xml.Element("IsTruncated", truncated ? "true" : "false");
  if (truncated && v2) xml.Element("NextContinuationToken", aws::Base64Encode(last));
  if (truncated && !v2 && !p.delimiter.empty()) xml.Element("NextMarker", Encoded(p, last));
  xml.EndElement();
  body.resize(body.size() - std::string_view("</ListBucketResult>").size());
  body += contents;
  for (auto& common : prefixes) common = Encoded(p, common);
  AppendCommonPrefixes(body, prefixes);
  body += "</ListBucketResult>";
  return XmlResponse(call, std::move(body));
}

aws::HttpResponse ListObjectVersions(S3Context& s3, const S3Call& call) {
  const Bucket& bucket = RequireBucket(s3, call);
  ListParams p = ReadParams(call);
  std::string key_marker;
  if (const std::string* m = call.Query("key-marker")) key_marker = *m;
  std::string version_marker;
  if (const std::string* m = call.Query("version-id-marker")) version_marker = *m;
  if (!version_marker.empty() && key_marker.empty())
    throw InvalidArgument("A version-id marker cannot be specified without a key marker.", "version-id-marker",
                          version_marker);
  // Without a version marker the listing resumes after the key marker (a key or a common prefix).
  std::string start = version_marker.empty() ? ResumeAfter(p, key_marker) : key_marker;

  std::string contents;
  aws::XmlWriter items(&contents);
  int count = 0;
  bool truncated = false;
  std::string next_key, next_version;
  std::vector<std::string> prefixes;
  Walk(
      bucket, p, start, [](const KeyEntry& e) { return !e.versions.empty(); },
      [&](const std::string& key, const KeyEntry& entry) {
        bool skipping = !version_marker.empty() && key == key_marker;
        for (std::size_t i = 0; i < entry.versions.size(); ++i) {
          const ObjectVersion& v = entry.versions[i];
          if (skipping) {
            if (v.version_id == version_marker) skipping = false;
            continue;
          }
          if (count >= p.max_keys) {
            truncated = true;
            return false;
          }
          items.StartElement(v.delete_marker ? "DeleteMarker" : "Version");
          items.Element("Key", Encoded(p, key));
          items.Element("VersionId", v.version_id);
          items.Element("IsLatest", i == 0 ? "true" : "false");
          if (v.delete_marker) {
            items.Element("LastModified", IsoTime(v.last_modified));
            WriteOwner(items, "Owner", v.owner);
          } else {
            WriteObjectFields(items, v);
            items.Element("StorageClass", v.storage_class);
            WriteOwner(items, "Owner", v.owner);
          }
          items.EndElement();
          ++count;
          next_key = key;
          next_version = v.version_id;
        }
        return true;
      },
      [&](const std::string& common) {
        if (count >= p.max_keys) {
          truncated = true;
          return false;
        }
        prefixes.push_back(common);
        ++count;
        next_key = common;
        next_version.clear();
        return true;
      });

  std::string body;
  aws::XmlWriter xml(&body);
  StartDocument(xml, "ListVersionsResult");
  xml.Element("Name", bucket.name);
  xml.Element("Prefix", Encoded(p, p.prefix));
  xml.Element("KeyMarker", Encoded(p, key_marker));
  xml.Element("VersionIdMarker", version_marker);
  if (truncated) {
    xml.Element("NextKeyMarker", Encoded(p, next_key));
    if (!next_version.empty()) xml.Element("NextVersionIdMarker", next_version);
  }
  xml.Element("MaxKeys", std::to_string(p.max_keys));
  if (!p.delimiter.empty()) xml.Element("Delimiter", Encoded(p, p.delimiter));
  if (p.url_encoding) xml.Element("EncodingType", "url");
  xml.Element("IsTruncated", truncated ? "true" : "false");
  xml.EndElement();
  body.resize(body.size() - std::string_view("</ListVersionsResult>").size());
  body += contents;
  for (auto& common : prefixes) common = Encoded(p, common);
  AppendCommonPrefixes(body, prefixes);
  body += "</ListVersionsResult>";
  return XmlResponse(call, std::move(body));
}

}  // namespace sim::s3
