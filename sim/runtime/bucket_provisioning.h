#pragma once
// Buckets from environments/<env>/buckets, as the terraform-aws-modules
// s3-bucket module would create them: versioning, tags, encryption, CORS,
// lifecycle rules and the policy, stored on the S3 emulator's buckets.

#include "emulators/s3/s3.h"
#include "sim/env/environment.h"

namespace sim {

s3::BucketSettings BucketSettingsFor(const env::BucketSpec& spec);
void ProvisionBuckets(const env::Environment& environment, s3::S3& s3);

}  // namespace sim
