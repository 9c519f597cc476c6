#pragma once
// Unpadded base64url (RFC 4648 §5, RFC 7515 §2): the encoding of every JWT
// segment and of JWK numbers.

#include <optional>
#include <string>
#include <string_view>

namespace sim::identity {

std::string Base64UrlEncode(std::string_view bytes);

// Strict: the URL alphabet only, no '=' padding, no whitespace, no length of
// 4k+1, and unused low bits of the last character zero. Accepting the
// non-canonical forms would let one signature have several spellings.
std::optional<std::string> Base64UrlDecode(std::string_view text);

}  // namespace sim::identity
