#include "emulators/identity/realm/realm.h"

#include <algorithm>

namespace sim::identity {
namespace {

template <class T, class Pred>
const T* FindIf(const std::vector<T>& items, Pred pred) {
  auto it = std::find_if(items.begin(), items.end(), pred);
  return it == items.end() ? nullptr : &*it;
}

const Group* FindGroupIn(const std::vector<Group>& groups, std::string_view id) {
  for (const Group& g : groups) {
    if (g.id == id) return &g;
    if (const Group* found = FindGroupIn(g.sub_groups, id)) return found;
  }
  return nullptr;
}

}  // namespace

std::string Lowercase(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::string Client::pkce_method() const {
  auto it = attributes.find("pkce.code.challenge.method");
  return it == attributes.end() ? "" : it->second;
}

const Credential* User::password() const {
  return FindIf(credentials, [](const Credential& c) { return c.type == kPasswordType; });
}

const Role* Realm::FindRealmRole(std::string_view name) const {
  return FindIf(realm_roles, [&](const Role& r) { return r.name == name; });
}

const Role* Realm::FindClientRole(std::string_view client_id, std::string_view name) const {
  auto it = client_roles.find(std::string(client_id));
  if (it == client_roles.end()) return nullptr;
  return FindIf(it->second, [&](const Role& r) { return r.name == name; });
}

const Client* Realm::FindClient(std::string_view client_id) const {
  return FindIf(clients, [&](const Client& c) { return c.client_id == client_id; });
}

const Client* Realm::FindClientById(std::string_view id) const {
  return FindIf(clients, [&](const Client& c) { return c.id == id; });
}

const ClientScope* Realm::FindClientScope(std::string_view name) const {
  return FindIf(client_scopes, [&](const ClientScope& s) { return s.name == name; });
}

const User* Realm::FindUser(std::string_view username) const {
  std::string wanted = Lowercase(username);
  return FindIf(users, [&](const User& u) { return u.username == wanted; });
}

const User* Realm::FindUserByEmail(std::string_view email) const {
  std::string wanted = Lowercase(email);
  if (wanted.empty()) return nullptr;
  return FindIf(users, [&](const User& u) { return u.email == wanted; });
}

const User* Realm::FindServiceAccount(std::string_view client_id) const {
  return FindIf(users, [&](const User& u) { return u.service_account_client_id == client_id; });
}

std::vector<const Group*> Realm::GroupChain(std::string_view path) const {
  std::vector<const Group*> chain;
  const std::vector<Group>* level = &groups;
  while (!path.empty()) {
    if (path.front() == '/') {
      path.remove_prefix(1);
      continue;
    }
    std::string_view name = path.substr(0, path.find('/'));
    path.remove_prefix(name.size());
    const Group* group = FindIf(*level, [&](const Group& g) { return g.name == name; });
    if (group == nullptr) return {};
    chain.push_back(group);
    level = &group->sub_groups;
  }
  return chain;
}

const Group* Realm::FindGroupById(std::string_view id) const {
  return id.empty() ? nullptr : FindGroupIn(groups, id);
}

}  // namespace sim::identity
