// Effective roles: direct mappings, groups and their parents, composites
// (transitively, cycles included) and the realm's default role.

#include "emulators/identity/realm/effective_roles.h"

#include <gtest/gtest.h>

#include "tests/emulators/identity/realm/realm_test_support.h"

namespace sim::identity {
namespace {

using Names = std::set<std::string>;

EffectiveRoles RolesOf(const Realm& realm, const char* username) {
  const User* user = realm.FindUser(username);
  EXPECT_NE(user, nullptr) << username;
  return user ? ComputeEffectiveRoles(realm, *user) : EffectiveRoles{};
}

const Names kDefaults = {"default-roles-northwind", "offline_access", "uma_authorization"};

Names WithDefaults(Names names) {
  names.insert(kDefaults.begin(), kDefaults.end());
  return names;
}

TEST(EffectiveRolesTest, StaffGroupGrantsAdminAndItsComposites) {
  EffectiveRoles alice = RolesOf(Northwind(), "alice");
  EXPECT_EQ(alice.realm_roles, WithDefaults({"admin", "user"}));
  // admin includes backend:write, which includes backend:read.
  EXPECT_EQ(alice.client_roles, (std::map<std::string, Names>{{"backend", {"read", "write"}}}));
  EXPECT_TRUE(alice.HasRealmRole("admin"));
  EXPECT_TRUE(alice.HasClientRole("backend", "read"));
  EXPECT_FALSE(alice.HasClientRole("frontend", "read"));
}

TEST(EffectiveRolesTest, SubgroupMembersInheritTheParentGroupsRoles) {
  EffectiveRoles bob = RolesOf(Northwind(), "bob");  // in /customers/premium only
  EXPECT_EQ(bob.realm_roles, WithDefaults({"user"}));
  EXPECT_EQ(bob.client_roles, (std::map<std::string, Names>{{"backend", {"read"}}}));
  EXPECT_FALSE(bob.HasRealmRole("admin"));
}

TEST(EffectiveRolesTest, DirectCompositeRole) {
  EffectiveRoles carol = RolesOf(Northwind(), "carol");
  EXPECT_EQ(carol.realm_roles, WithDefaults({"support"}));
  EXPECT_TRUE(carol.HasClientRole("backend", "read"));
  EXPECT_FALSE(carol.HasClientRole("backend", "write"));
}

TEST(EffectiveRolesTest, ServiceAccountHoldsItsClientRoles) {
  const Realm& realm = Northwind();
  EffectiveRoles roles = ComputeEffectiveRoles(realm, *realm.FindServiceAccount("backend"));
  EXPECT_EQ(roles.realm_roles, kDefaults);
  EXPECT_EQ(roles.client_roles.at("backend"), (Names{"read", "write"}));
}

TEST(EffectiveRolesTest, DefaultRoleAppliesToUsersWithoutMappings) {
  auto realm = ImportRealm(R"({"realm": "r", "users": [{"username": "plain"}]})");
  ASSERT_TRUE(realm.ok()) << realm.error().message;
  EffectiveRoles roles = ComputeEffectiveRoles(*realm, realm->users[0]);
  EXPECT_EQ(roles.realm_roles, (Names{"default-roles-r", "offline_access", "uma_authorization"}));
  EXPECT_TRUE(roles.client_roles.empty());
}

TEST(EffectiveRolesTest, CyclesAndMissingRolesAreHarmless) {
  auto realm = ImportRealm(R"({
    "roles": {
      "realm": [{"name": "a", "composites": {"realm": ["b"]}},
                {"name": "b", "composites": {"realm": ["a", "ghost"], "client": {"api": ["x"]}}}],
      "client": {"api": [{"name": "x", "composites": {"realm": ["a"]}}, {"name": "y"}]}
    },
    "groups": [{"name": "g", "subGroups": [{"name": "h", "clientRoles": {"api": ["y"]}}]}],
    "users": [{"username": "u", "realmRoles": ["a", "nope"], "clientRoles": {"nowhere": ["z"]},
               "groups": ["/g/h", "/missing"]}]
  })");
  ASSERT_TRUE(realm.ok()) << realm.error().message;
  EffectiveRoles roles = ComputeEffectiveRoles(*realm, realm->users[0]);
  EXPECT_EQ(roles.realm_roles, (Names{"a", "b"}));
  EXPECT_EQ(roles.client_roles, (std::map<std::string, Names>{{"api", {"x", "y"}}}));
  EXPECT_EQ(UnresolvedReferences(*realm),
            (std::vector<std::string>{
                R"(roles.realm[1].composites.realm[1]: no realm role "ghost")",
                R"(users[0].realmRoles[1]: no realm role "nope")",
                R"(users[0].clientRoles.nowhere[0]: no role "z" on client "nowhere")",
                R"(users[0].groups[1]: no group "/missing")"}));
}

TEST(EffectiveRolesTest, UnresolvedScopesAndClients) {
  auto realm = ImportRealm(R"({
    "clientScopes": [{"name": "profile"}],
    "clients": [{"clientId": "web", "defaultClientScopes": ["profile", "emial"]}],
    "roles": {"client": {"gone": [{"name": "r"}]}},
    "users": [{"username": "service-account-x", "serviceAccountClientId": "x"}]
  })");
  ASSERT_TRUE(realm.ok()) << realm.error().message;
  EXPECT_EQ(
      UnresolvedReferences(*realm),
      (std::vector<std::string>{R"(roles.client.gone: no client "gone")",
                                R"(clients[0].defaultClientScopes[1]: no client scope "emial")",
                                R"(users[0].serviceAccountClientId: no client "x")"}));
}

}  // namespace
}  // namespace sim::identity
