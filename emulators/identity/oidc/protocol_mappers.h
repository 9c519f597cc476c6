#pragma once
// Keycloak's common OIDC protocol mappers, applied to a token's claims:
// oidc-audience-mapper, oidc-usermodel-attribute-mapper,
// oidc-usermodel-property-mapper, oidc-group-membership-mapper and
// oidc-hardcoded-claim-mapper. Each mapper's config says which tokens it
// writes to ("access.token.claim", "id.token.claim", "userinfo.token.claim").
// Other mapper types are left to the token service's built-in claims.

#include <string_view>

#include <nlohmann/json.hpp>

#include "emulators/identity/oidc/directory.h"

namespace sim::identity {

// `token_kind` is "access", "id" or "userinfo". Audiences are appended to
// claims["aud"] (an array) for the caller to merge.
void ApplyProtocolMappers(const DirectoryClient& client, const DirectoryUser& user,
                          std::string_view token_kind, nlohmann::json& claims);

}  // namespace sim::identity
