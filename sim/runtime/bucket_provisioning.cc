#include "sim/runtime/bucket_provisioning.h"

#include <nlohmann/json.hpp>

#include "sim/aws/xml_writer.h"

namespace sim {
namespace {

using nlohmann::json;
constexpr const char* kNamespace = "http://s3.amazonaws.com/doc/2006-03-01/";

std::string Text(const json& j) {
  if (j.is_string()) return j.get<std::string>();
  if (j.is_number_integer()) return std::to_string(j.get<long long>());
  if (j.is_boolean()) return j.get<bool>() ? "true" : "false";
  return j.dump();
}

// An object or the first element of a list (the module accepts both).
const json* One(const json& rule, const char* name) {
  auto it = rule.find(name);
  if (it == rule.end() || it->is_null()) return nullptr;
  if (it->is_array()) return it->empty() ? nullptr : &it->front();
  return &*it;
}

std::string LifecycleXml(const json& rules) {
  std::string out;
  aws::XmlWriter xml(&out);
  xml.Declaration();
  xml.StartElement("LifecycleConfiguration");
  xml.Attribute("xmlns", kNamespace);
  for (const auto& rule : rules) {
    xml.StartElement("Rule");
    if (rule.contains("id")) xml.Element("ID", Text(rule["id"]));
    xml.StartElement("Filter");
    const json* filter = One(rule, "filter");
    xml.Element("Prefix", filter && filter->contains("prefix") ? Text((*filter)["prefix"]) : "");
    xml.EndElement();
    bool enabled = !rule.contains("enabled") || rule["enabled"] == true;
    xml.Element("Status", enabled ? "Enabled" : "Disabled");
    for (const json& t : rule.value("transition", json::array())) {
      xml.StartElement("Transition");
      if (t.contains("days")) xml.Element("Days", Text(t["days"]));
      if (t.contains("storage_class")) xml.Element("StorageClass", Text(t["storage_class"]));
      xml.EndElement();
    }
    if (const json* e = One(rule, "expiration"); e && e->contains("days")) {
      xml.StartElement("Expiration");
      xml.Element("Days", Text((*e)["days"]));
      xml.EndElement();
    }
    if (const json* e = One(rule, "noncurrent_version_expiration"); e) {
      xml.StartElement("NoncurrentVersionExpiration");
      xml.Element("NoncurrentDays", Text(e->contains("days") ? (*e)["days"] : (*e)["noncurrent_days"]));
      xml.EndElement();
    }
    if (rule.contains("abort_incomplete_multipart_upload_days")) {
      xml.StartElement("AbortIncompleteMultipartUpload");
      xml.Element("DaysAfterInitiation", Text(rule["abort_incomplete_multipart_upload_days"]));
      xml.EndElement();
    }
    xml.EndElement();
  }
  xml.EndElement();
  return out;
}

std::string CorsXml(const json& rules) {
  std::string out;
  aws::XmlWriter xml(&out);
  xml.Declaration();
  xml.StartElement("CORSConfiguration");
  xml.Attribute("xmlns", kNamespace);
  for (const auto& rule : rules) {
    xml.StartElement("CORSRule");
    for (const auto& h : rule.value("allowed_headers", json::array())) xml.Element("AllowedHeader", Text(h));
    for (const auto& m : rule.value("allowed_methods", json::array())) xml.Element("AllowedMethod", Text(m));
    for (const auto& o : rule.value("allowed_origins", json::array())) xml.Element("AllowedOrigin", Text(o));
    for (const auto& e : rule.value("expose_headers", json::array())) xml.Element("ExposeHeader", Text(e));
    if (rule.contains("max_age_seconds")) xml.Element("MaxAgeSeconds", Text(rule["max_age_seconds"]));
    xml.EndElement();
  }
  xml.EndElement();
  return out;
}

std::string EncryptionXml(const env::BucketSpec& spec) {
  std::string out;
  aws::XmlWriter xml(&out);
  xml.Declaration();
  xml.StartElement("ServerSideEncryptionConfiguration");
  xml.Attribute("xmlns", kNamespace);
  xml.StartElement("Rule");
  xml.StartElement("ApplyServerSideEncryptionByDefault");
  xml.Element("SSEAlgorithm", spec.sse_algorithm);
  if (!spec.kms_key_id.empty()) xml.Element("KMSMasterKeyID", spec.kms_key_id);
  xml.EndElement();
  xml.Element("BucketKeyEnabled", spec.bucket_key_enabled ? "true" : "false");
  xml.EndElement();
  xml.EndElement();
  return out;
}

}  // namespace

s3::BucketSettings BucketSettingsFor(const env::BucketSpec& spec) {
  s3::BucketSettings settings;
  settings.name = spec.name;
  settings.versioning = spec.versioning;
  for (const auto& [k, v] : spec.tags) settings.tags.emplace_back(k, v);
  if (!spec.sse_algorithm.empty()) settings.configs["encryption"] = EncryptionXml(spec);
  if (!spec.lifecycle_rules.empty()) settings.configs["lifecycle"] = LifecycleXml(spec.lifecycle_rules);
  if (!spec.cors_rules.empty()) settings.configs["cors"] = CorsXml(spec.cors_rules);
  if (!spec.policy.empty()) settings.configs["policy"] = spec.policy;
  return settings;
}

void ProvisionBuckets(const env::Environment& environment, s3::S3& s3) {
  for (const auto& spec : environment.inventory.buckets)
    s3.Provision({environment.account_id, environment.region}, BucketSettingsFor(spec));
}

}  // namespace sim
