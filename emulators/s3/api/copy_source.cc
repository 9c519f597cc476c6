#include "emulators/s3/api/copy_source.h"

#include "emulators/s3/api/conditions.h"
#include "emulators/s3/api/s3_error.h"

namespace sim::s3 {

CopySource ResolveCopySource(S3Context& s3, const S3Call& call) {
  const std::string* header = call.Header("x-amz-copy-source");
  if (!header) throw InvalidArgument("Copy Source must mention the source bucket and key: sourcebucket/sourcekey", "x-amz-copy-source", "");
  std::string_view text = *header;
  std::string version_id;
  bool version_named = false;
  if (auto q = text.find('?'); q != std::string_view::npos) {
    for (const auto& [k, v] : aws::ParseQueryString(text.substr(q + 1)))
      if (k == "versionId") {
        version_id = v;
        version_named = true;
      }
    text = text.substr(0, q);
  }
  std::string decoded = aws::UrlDecode(text, false);
  std::string_view path = decoded;
  if (!path.empty() && path.front() == '/') path.remove_prefix(1);
  auto slash = path.find('/');
  if (slash == std::string_view::npos || slash == 0 || slash + 1 == path.size())
    throw InvalidArgument("Copy Source must mention the source bucket and key: sourcebucket/sourcekey",
                          "x-amz-copy-source", *header);
  CopySource source;
  source.key = std::string(path.substr(slash + 1));
  S3Call lookup = call;
  lookup.bucket = std::string(path.substr(0, slash));
  lookup.key = source.key;
  lookup.query.clear();
  if (version_named) lookup.query.emplace_back("versionId", version_id);
  source.bucket = &RequireBucket(s3, lookup);
  source.version = &RequireVersion(*source.bucket, lookup);
  source.version_named = version_named;
  // On a copy a true If-None-Match (or false If-Modified-Since) fails too.
  if (EvaluateConditions(ReadConditions(call, true), *source.version) == ConditionOutcome::kNotModified)
    throw PreconditionFailed(call.Header("x-amz-copy-source-if-none-match") ? "x-amz-copy-source-If-None-Match"
                                                                            : "x-amz-copy-source-If-Modified-Since");
  return source;
}

void DigestBody(const ObjectBody& body, Md5Hasher* md5, ChecksumHasher* checksum) {
  std::string buffer(1024 * 1024, '\0');
  for (std::uint64_t offset = 0; offset < body.size();) {
    std::size_t n = body.Read(offset, buffer.data(), buffer.size());
    std::string_view piece(buffer.data(), n);
    if (md5) md5->Update(piece);
    if (checksum) checksum->Update(piece);
    offset += n;
  }
}

}  // namespace sim::s3
