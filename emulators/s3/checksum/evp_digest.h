#pragma once
// One streaming OpenSSL 3 EVP digest for the S3 hashers (MD5 for ETags and
// Content-MD5, SHA-1 and SHA-256 for x-amz-checksum-*). sim/aws/crypto keeps
// its fetched digests private and offers only a SHA-256 hasher, hence this.

#include <string>
#include <string_view>

struct evp_md_st;
struct evp_md_ctx_st;

namespace sim::s3 {

enum class EvpAlgorithm { kMd5, kSha1, kSha256 };

class EvpDigest {
 public:
  explicit EvpDigest(EvpAlgorithm algorithm);
  ~EvpDigest();
  EvpDigest(EvpDigest&& other) noexcept;
  EvpDigest& operator=(EvpDigest&& other) noexcept;
  EvpDigest(const EvpDigest&) = delete;
  EvpDigest& operator=(const EvpDigest&) = delete;

  void Update(std::string_view data);
  // Raw digest of everything fed since construction or the last Final; resets.
  std::string Final();

 private:
  const evp_md_st* md_;
  evp_md_ctx_st* ctx_;
};

}  // namespace sim::s3
