#include "emulators/s3/model/lifecycle.h"

#include <pugixml.hpp>

#include <cstdlib>

#include "sim/aws/timestamp_format.h"

namespace sim::s3 {
namespace {

using std::chrono::hours;

std::optional<int> IntChild(const pugi::xml_node& node, const char* name) {
  pugi::xml_node child = node.child(name);
  if (!child) return std::nullopt;
  return child.text().as_int();
}

std::optional<TimePoint> DateChild(const pugi::xml_node& node, const char* name) {
  pugi::xml_node child = node.child(name);
  if (!child) return std::nullopt;
  auto seconds = aws::ParseTimestampText(child.text().get());
  if (!seconds) return std::nullopt;
  return TimePoint(Duration(static_cast<std::int64_t>(*seconds * 1000)));
}

void ReadFilter(const pugi::xml_node& filter, LifecycleRule& rule) {
  if (pugi::xml_node p = filter.child("Prefix")) rule.prefix = p.text().get();
  if (pugi::xml_node t = filter.child("Tag")) rule.tags.emplace_back(t.child("Key").text().get(), t.child("Value").text().get());
  if (pugi::xml_node n = filter.child("ObjectSizeGreaterThan")) rule.size_greater_than = n.text().as_ullong();
  if (pugi::xml_node n = filter.child("ObjectSizeLessThan")) rule.size_less_than = n.text().as_ullong();
  if (pugi::xml_node a = filter.child("And")) {
    if (pugi::xml_node p = a.child("Prefix")) rule.prefix = p.text().get();
    for (pugi::xml_node t : a.children("Tag")) rule.tags.emplace_back(t.child("Key").text().get(), t.child("Value").text().get());
    if (pugi::xml_node n = a.child("ObjectSizeGreaterThan")) rule.size_greater_than = n.text().as_ullong();
    if (pugi::xml_node n = a.child("ObjectSizeLessThan")) rule.size_less_than = n.text().as_ullong();
  }
}

bool Matches(const LifecycleRule& rule, const std::string& key, const ObjectVersion& v) {
  if (key.compare(0, rule.prefix.size(), rule.prefix) != 0) return false;
  for (const auto& [k, value] : rule.tags) {
    bool found = false;
    for (const auto& [tk, tv] : v.tags) found = found || (tk == k && tv == value);
    if (!found) return false;
  }
  if (rule.size_greater_than && !(v.size() > *rule.size_greater_than)) return false;
  if (rule.size_less_than && !(v.size() < *rule.size_less_than)) return false;
  return true;
}

// When "`from` + days" takes effect: rounded up to midnight UTC.
TimePoint Due(TimePoint from, int days) { return NextMidnight(from + hours(24LL * days)); }

}  // namespace

TimePoint NextMidnight(TimePoint t) {
  auto day = std::chrono::floor<std::chrono::days>(t);
  TimePoint midnight = std::chrono::time_point_cast<Duration>(day);
  return midnight == t ? t : midnight + hours(24);
}

std::optional<std::vector<LifecycleRule>> ParseLifecycle(const std::string& document) {
  pugi::xml_document doc;
  if (!doc.load_buffer(document.data(), document.size())) return std::nullopt;
  pugi::xml_node root = doc.child("LifecycleConfiguration");
  if (!root) return std::nullopt;
  std::vector<LifecycleRule> rules;
  for (pugi::xml_node node : root.children("Rule")) {
    LifecycleRule rule;
    rule.id = node.child("ID").text().get();
    rule.status = node.child("Status").text().get();
    rule.enabled = rule.status == "Enabled";
    if (pugi::xml_node p = node.child("Prefix")) rule.prefix = p.text().get();
    if (pugi::xml_node f = node.child("Filter")) ReadFilter(f, rule);
    if (pugi::xml_node e = node.child("Expiration")) {
      rule.expiration_days = IntChild(e, "Days");
      rule.expiration_date = DateChild(e, "Date");
      rule.expired_object_delete_marker = std::string_view(e.child("ExpiredObjectDeleteMarker").text().get()) == "true";
    }
    if (pugi::xml_node n = node.child("NoncurrentVersionExpiration")) {
      rule.noncurrent_days = IntChild(n, "NoncurrentDays");
      rule.newer_noncurrent_versions = IntChild(n, "NewerNoncurrentVersions");
    }
    if (pugi::xml_node t = node.child("Transition")) {
      rule.transition_days = IntChild(t, "Days");
      rule.transition_date = DateChild(t, "Date");
      rule.transition_storage_class = t.child("StorageClass").text().get();
    }
    if (pugi::xml_node a = node.child("AbortIncompleteMultipartUpload"))
      rule.abort_multipart_days = IntChild(a, "DaysAfterInitiation");
    rules.push_back(std::move(rule));
  }
  return rules;
}

std::optional<std::string> LifecycleProblem(const std::vector<LifecycleRule>& rules) {
  if (rules.empty() || rules.size() > 1000) return "The lifecycle configuration must have between 1 and 1000 rules";
  for (const auto& rule : rules) {
    if (rule.status != "Enabled" && rule.status != "Disabled") return "Status must be Enabled or Disabled";
    if (rule.id.size() > 255) return "ID length should not exceed allowed limit of 255";
    if (rule.expiration_days && *rule.expiration_days <= 0) return "'Days' for Expiration action must be a positive integer";
    if (rule.noncurrent_days && *rule.noncurrent_days <= 0)
      return "'NoncurrentDays' for NoncurrentVersionExpiration action must be a positive integer";
    if (rule.transition_days && *rule.transition_days < 0) return "'Days' in Transition action must be nonnegative";
    if (rule.abort_multipart_days && *rule.abort_multipart_days <= 0)
      return "'DaysAfterInitiation' for AbortIncompleteMultipartUpload action must be a positive integer";
    if (rule.newer_noncurrent_versions && *rule.newer_noncurrent_versions <= 0)
      return "'NewerNoncurrentVersions' must be a positive integer";
    bool any_action = rule.expiration_days || rule.expiration_date || rule.expired_object_delete_marker ||
                      rule.noncurrent_days || rule.transition_days || rule.transition_date ||
                      rule.abort_multipart_days;
    if (!any_action) return "At least one action needs to be specified in a rule";
  }
  return std::nullopt;
}

std::vector<LifecycleAction> ApplyLifecycle(S3Store& store, Bucket& bucket, TimePoint now,
                                            const std::function<std::string()>& new_version_id) {
  std::vector<LifecycleAction> actions;
  auto config = bucket.configs.find("lifecycle");
  if (config == bucket.configs.end()) return actions;
  auto rules = ParseLifecycle(config->second);
  if (!rules) return actions;
  bool versioned = !bucket.versioning.empty();

  for (const LifecycleRule& rule : *rules) {
    if (!rule.enabled) continue;
    std::vector<std::string> emptied;
    for (auto it = bucket.objects.lower_bound(rule.prefix); it != bucket.objects.end(); ++it) {
      const std::string& key = it->first;
      if (key.compare(0, rule.prefix.size(), rule.prefix) != 0) break;
      auto& versions = it->second.versions;
      if (versions.empty()) continue;

      // Noncurrent versions: each stopped being current when the one before it (newer) was made.
      if (rule.noncurrent_days) {
        int kept = 0;
        for (std::size_t i = 1; i < versions.size();) {
          const ObjectVersion& v = versions[i];
          bool eligible = !v.delete_marker ? Matches(rule, key, v) : key.compare(0, rule.prefix.size(), rule.prefix) == 0;
          if (eligible && rule.newer_noncurrent_versions && kept < *rule.newer_noncurrent_versions) {
            ++kept;
            ++i;
            continue;
          }
          if (eligible && now >= Due(versions[i - 1].last_modified, *rule.noncurrent_days)) {
            store.EraseVersion(bucket, key, v.version_id);
            actions.push_back({"NoncurrentVersionExpiration", key});
            versions.erase(versions.begin() + static_cast<std::ptrdiff_t>(i));
            continue;
          }
          ++i;
        }
      }

      ObjectVersion& current = versions.front();
      if (!current.delete_marker && Matches(rule, key, current)) {
        bool expire = (rule.expiration_days && now >= Due(current.last_modified, *rule.expiration_days)) ||
                      (rule.expiration_date && now >= *rule.expiration_date);
        bool transition = !rule.transition_storage_class.empty() && current.storage_class != rule.transition_storage_class &&
                          ((rule.transition_days && now >= Due(current.last_modified, *rule.transition_days)) ||
                           (rule.transition_date && now >= *rule.transition_date));
        if (expire && !versioned) {
          store.EraseVersion(bucket, key, current.version_id);
          versions.erase(versions.begin());
          actions.push_back({"Expiration", key});
        } else if (expire) {
          ObjectVersion marker;
          marker.delete_marker = true;
          marker.last_modified = now;
          marker.owner = current.owner;
          marker.seq = bucket.next_seq++;
          marker.version_id = bucket.versioning == "Enabled" ? new_version_id() : "null";
          if (marker.version_id == "null") {
            for (auto v = versions.begin(); v != versions.end(); ++v)
              if (v->version_id == "null") {
                versions.erase(v);
                break;
              }
          }
          versions.insert(versions.begin(), std::move(marker));
          store.SaveVersion(bucket, key, versions.front());
          actions.push_back({"Expiration", key});
        } else if (transition) {
          current.storage_class = rule.transition_storage_class;
          store.SaveVersion(bucket, key, current);
          actions.push_back({"Transition", key});
        }
      }
      // A delete marker with nothing behind it is removed.
      if (rule.expired_object_delete_marker && versions.size() == 1 && versions.front().delete_marker) {
        store.EraseVersion(bucket, key, versions.front().version_id);
        versions.clear();
        actions.push_back({"ExpiredObjectDeleteMarker", key});
      }
      if (versions.empty()) emptied.push_back(key);
    }
    for (const auto& key : emptied) bucket.objects.erase(key);

    if (rule.abort_multipart_days) {
      std::vector<std::string> aborted;
      for (const auto& [id, upload] : bucket.uploads)
        if (upload.key.compare(0, rule.prefix.size(), rule.prefix) == 0 &&
            now >= Due(upload.initiated, *rule.abort_multipart_days))
          aborted.push_back(id);
      for (const auto& id : aborted) {
        actions.push_back({"AbortIncompleteMultipartUpload", bucket.uploads[id].key});
        store.EraseUpload(bucket, id);
        bucket.uploads.erase(id);
      }
    }
  }
  return actions;
}

}  // namespace sim::s3
