#include "emulators/s3/api/bucket_names.h"

#include <cctype>

namespace sim::s3 {
namespace {

bool LooksLikeIpv4(std::string_view name) {
  int dots = 0;
  for (char c : name) {
    if (c == '.') ++dots;
    else if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  }
  return dots == 3;
}

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

}  // namespace

bool IsValidBucketName(std::string_view name) {
  if (name.size() < 3 || name.size() > 63) return false;
  for (char c : name)
    if (!(std::islower(static_cast<unsigned char>(c)) || std::isdigit(static_cast<unsigned char>(c)) || c == '.' ||
          c == '-'))
      return false;
  auto alnum = [](char c) { return std::islower(static_cast<unsigned char>(c)) || std::isdigit(static_cast<unsigned char>(c)); };
  if (!alnum(name.front()) || !alnum(name.back())) return false;
  if (name.find("..") != std::string_view::npos) return false;
  if (LooksLikeIpv4(name)) return false;
  for (std::string_view prefix : {"xn--", "sthree-", "amzn-s3-demo-"})
    if (name.substr(0, prefix.size()) == prefix) return false;
  for (std::string_view suffix : {"-s3alias", "--ol-s3", ".mrap", "--x-s3"})
    if (EndsWith(name, suffix)) return false;
  return true;
}

}  // namespace sim::s3
