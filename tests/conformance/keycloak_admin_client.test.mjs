// The sim's Keycloak-compatible admin REST API driven by npm's `@keycloak/keycloak-admin-client`
// (v26, ESM): the client logs in to the built-in `master` realm as admin/admin through `admin-cli`
// (password grant), then manages the application realm `northwind` (users, passwords, realm role
// mappings, group membership, clients). Changes are checked the way an application sees them: a
// plain fetch password grant for the new user against the confidential client `backend`.
// Started by test_keycloak_admin_client.py with:
//   OIDC_BASE   the identity provider's base URL, http://127.0.0.1:<port> (the realm's issuer is
//               OIDC_BASE/realms/northwind; the admin API is OIDC_BASE/admin/realms/...)
//
// What the admin client (v26) sends, from its source: auth() POSTs the form to
// <baseUrl>/realms/<realmName>/protocol/openid-connect/token and keeps the access token; every
// call then goes through fetch with "Authorization: Bearer <token>" to
// <baseUrl>/admin/realms/<realmName>/<resource>. users.create reads the new id from the last
// segment of the Location header; findOne and roles.findOneByName turn a 404 into null; any other
// non-2xx answer rejects with a NetworkError carrying `response` (status) and `responseData`.
// Before each call it refreshes the token (refresh_token grant against the *current* realmName)
// when the token expires within 5 s; master tokens live 60 s, so the whole file must finish well
// inside a minute of before()'s login (it takes a second or two).
// Only correct passwords are used: the realm locks an account after 5 failures.
import { describe, test, before, after } from "node:test";
import assert from "node:assert/strict";
import KcAdminClient from "@keycloak/keycloak-admin-client";

const OIDC_BASE = process.env.OIDC_BASE;
assert.ok(OIDC_BASE, "set OIDC_BASE (http://127.0.0.1:<port>, the part of the issuer before /realms/)");
const REALM = "northwind";
const TOKEN_ENDPOINT = `${OIDC_BASE}/realms/${REALM}/protocol/openid-connect/token`;
const BACKEND = "backend";
const BACKEND_SECRET = "backend-secret";
const T = { timeout: 30_000 };

// Every request to the sim and its answer's status, the admin client's and this test's alike
// (the client uses the global fetch, looked up at call time). Calls the sim does not route
// (404 "Unable to find matching target resource method", 405, 501) are reported in after().
const simHost = new URL(OIDC_BASE).host;
const requests = [];
const realFetch = globalThis.fetch;
globalThis.fetch = async function (input, init = {}) {
  const url = new URL(input instanceof Request ? input.url : String(input));
  const method = init.method || (input instanceof Request ? input.method : "GET");
  const response = await realFetch.call(this, input, init);
  if (url.host === simHost) {
    let body = "";
    if (!response.ok) body = await response.clone().text();
    requests.push({ method, path: url.pathname + url.search, status: response.status, body });
  }
  return response;
};
function unrouted() {
  return requests.filter(
    (r) => r.status === 405 || r.status === 501 ||
      (r.status === 404 && r.body.includes("Unable to find matching target resource method")));
}

function decodeJwt(jwt) {
  return JSON.parse(Buffer.from(jwt.split(".")[1], "base64url").toString("utf8"));
}

// A password grant for `backend`, as an application would send it: the raw response.
async function passwordGrant(username, password) {
  return fetch(TOKEN_ENDPOINT, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      grant_type: "password", client_id: BACKEND, client_secret: BACKEND_SECRET, username, password,
    }),
  });
}
async function accessTokenFor(username, password) {
  const response = await passwordGrant(username, password);
  const body = await response.json();
  assert.equal(response.status, 200, JSON.stringify(body));
  return body.access_token;
}

// The NetworkError a rejected call throws, with the HTTP status it carried.
async function rejectedStatus(promise) {
  try {
    await promise;
  } catch (error) {
    assert.ok(error.response, `expected a NetworkError with a response, got ${error}`);
    return error.response.status;
  }
  assert.fail("the call succeeded");
}

describe("@keycloak/keycloak-admin-client against the sim", () => {
  const kc = new KcAdminClient({ baseUrl: OIDC_BASE, realmName: "master" });
  let adminToken;
  const NEW_USER = "erin";
  const NEW_PASSWORD = "erin-password-1";
  let newUserId;

  before(async () => {
    await kc.auth({ username: "admin", password: "admin", grantType: "password", clientId: "admin-cli" });
    adminToken = kc.accessToken;
    const claims = decodeJwt(adminToken);
    assert.equal(claims.iss, `${OIDC_BASE}/realms/master`);
    assert.equal(claims.preferred_username, "admin");
    kc.setConfig({ realmName: REALM });
  });

  after(() => {
    const missing = unrouted();
    if (missing.length > 0) {
      console.log("calls the sim does not implement:\n" +
        missing.map((r) => `  ${r.method} ${r.path} -> ${r.status} ${r.body}`).join("\n"));
    }
  });

  test("auth() logged in to master with a refreshable admin-cli token", T, () => {
    assert.ok(kc.accessToken);
    assert.ok(kc.refreshToken);
    assert.equal(kc.isTokenExpired(), false);
    const claims = decodeJwt(kc.accessToken);
    assert.equal(claims.azp, "admin-cli");
    assert.ok(claims.exp - claims.iat <= 60, `master tokens live 60 s, got ${claims.exp - claims.iat}`);
  });

  test("users.find({search}) and users.findOne({id}) return alice", T, async () => {
    const found = await kc.users.find({ search: "alice" });
    assert.ok(Array.isArray(found));
    const alice = found.find((u) => u.username === "alice");
    assert.ok(alice, JSON.stringify(found));
    assert.ok(alice.id);
    assert.equal(alice.enabled, true);

    const exact = await kc.users.find({ username: "alice", exact: true });
    assert.deepEqual(exact.map((u) => u.username), ["alice"]);

    const one = await kc.users.findOne({ id: alice.id });
    assert.equal(one.id, alice.id);
    assert.equal(one.username, "alice");
    assert.equal(one.enabled, true);
    assert.equal(typeof one.createdTimestamp, "number");

    const none = await kc.users.find({ search: "no-such-user-anywhere" });
    assert.deepEqual(none, []);
  });

  test("users.count counts the realm's users", T, async () => {
    const count = await kc.users.count();
    assert.equal(typeof count, "number");
    const all = await kc.users.find({ max: 1000 });
    assert.equal(count, all.length);
    assert.ok(count >= 4, `alice, bob, carol, dave at least; got ${count}`);
    assert.equal(await kc.users.count({ search: "alice" }), 1);
  });

  test("users.create returns the new id; count goes up by one", T, async () => {
    const before = await kc.users.count();
    const created = await kc.users.create({
      username: NEW_USER, email: `${NEW_USER}@northwind.example`, enabled: true,
      firstName: "Erin", lastName: "Example",
    });
    assert.ok(created.id, JSON.stringify(created));
    newUserId = created.id;
    assert.equal(await kc.users.count(), before + 1);

    const user = await kc.users.findOne({ id: newUserId });
    assert.equal(user.username, NEW_USER);
    assert.equal(user.email, `${NEW_USER}@northwind.example`);
    assert.equal(user.firstName, "Erin");
    assert.equal(user.lastName, "Example");
    assert.equal(user.enabled, true);
    const byEmail = await kc.users.find({ email: `${NEW_USER}@northwind.example` });
    assert.deepEqual(byEmail.map((u) => u.id), [newUserId]);
  });

  test("a duplicate username is rejected with 409", T, async () => {
    assert.equal(await rejectedStatus(kc.users.create({ username: NEW_USER, enabled: true })), 409);
    assert.equal(await rejectedStatus(kc.users.create({ username: "alice", enabled: true })), 409);
  });

  test("users.resetPassword lets the new user log in with a password grant", T, async () => {
    const noPassword = await passwordGrant(NEW_USER, NEW_PASSWORD);
    assert.equal(noPassword.status, 401, "no credential yet");
    await noPassword.body?.cancel();

    await kc.users.resetPassword({
      id: newUserId, credential: { type: "password", value: NEW_PASSWORD, temporary: false },
    });
    const credentials = await kc.users.getCredentials({ id: newUserId });
    assert.deepEqual(credentials.map((c) => c.type), ["password"]);

    const response = await passwordGrant(NEW_USER, NEW_PASSWORD);
    const body = await response.json();
    assert.equal(response.status, 200, JSON.stringify(body));
    const claims = decodeJwt(body.access_token);
    assert.equal(claims.preferred_username, NEW_USER);
    assert.equal(claims.sub, newUserId);
    assert.equal(claims.email, `${NEW_USER}@northwind.example`);
    assert.ok(!(claims.realm_access?.roles ?? []).includes("admin"));
  });

  test("roles.findOneByName + users.addRealmRoleMappings put admin in the next token", T, async () => {
    const admin = await kc.roles.findOneByName({ name: "admin" });
    assert.equal(admin.name, "admin");
    assert.ok(admin.id);
    assert.equal(await kc.roles.findOneByName({ name: "no-such-role" }), null);

    await kc.users.addRealmRoleMappings({ id: newUserId, roles: [{ id: admin.id, name: admin.name }] });
    const mapped = await kc.users.listRealmRoleMappings({ id: newUserId });
    assert.ok(mapped.some((r) => r.name === "admin" && r.id === admin.id), JSON.stringify(mapped));

    const token = await accessTokenFor(NEW_USER, NEW_PASSWORD);
    const roles = decodeJwt(token).realm_access?.roles ?? [];
    assert.ok(roles.includes("admin"), JSON.stringify(roles));

    const holders = await kc.roles.findUsersWithRole({ name: "admin" });
    assert.ok(holders.some((u) => u.id === newUserId), JSON.stringify(holders));
  });

  test("groups.find + users.addToGroup / listGroups / delFromGroup", T, async () => {
    const groups = await kc.groups.find();
    assert.ok(Array.isArray(groups));
    const staff = groups.find((g) => g.path === "/staff");
    assert.ok(staff, JSON.stringify(groups));
    assert.equal(staff.name, "staff");
    assert.ok(groups.some((g) => g.path === "/customers"), JSON.stringify(groups));

    assert.deepEqual(await kc.users.listGroups({ id: newUserId }), []);
    await kc.users.addToGroup({ id: newUserId, groupId: staff.id });
    const joined = await kc.users.listGroups({ id: newUserId });
    assert.deepEqual(joined.map((g) => g.path), ["/staff"]);
    assert.equal(joined[0].id, staff.id);

    await kc.users.delFromGroup({ id: newUserId, groupId: staff.id });
    assert.deepEqual(await kc.users.listGroups({ id: newUserId }), []);
  });

  test("clients.find({clientId}) returns backend", T, async () => {
    const clients = await kc.clients.find({ clientId: BACKEND });
    assert.equal(clients.length, 1, JSON.stringify(clients));
    assert.equal(clients[0].clientId, BACKEND);
    assert.ok(clients[0].id);
    assert.equal(clients[0].directAccessGrantsEnabled, true);
    const one = await kc.clients.findOne({ id: clients[0].id });
    assert.equal(one.clientId, BACKEND);
  });

  test("users.update changes the representation and the next token", T, async () => {
    const current = await kc.users.findOne({ id: newUserId });
    await kc.users.update({ id: newUserId }, { ...current, firstName: "Erinn", email: "erinn@northwind.example" });
    const user = await kc.users.findOne({ id: newUserId });
    assert.equal(user.firstName, "Erinn");
    assert.equal(user.lastName, "Example");
    assert.equal(user.email, "erinn@northwind.example");
    const claims = decodeJwt(await accessTokenFor(NEW_USER, NEW_PASSWORD));
    assert.equal(claims.given_name, "Erinn");
    assert.equal(claims.email, "erinn@northwind.example");

    await kc.users.update({ id: newUserId }, { ...user, enabled: false });
    assert.equal((await kc.users.findOne({ id: newUserId })).enabled, false);
    const disabled = await passwordGrant(NEW_USER, NEW_PASSWORD);
    assert.equal(disabled.status, 400, "a disabled user's grant is refused (invalid_grant)");
    assert.equal((await disabled.json()).error, "invalid_grant");
  });

  test("users.del removes the user: findOne is null, count goes down, no more logins", T, async () => {
    const before = await kc.users.count();
    await kc.users.del({ id: newUserId });
    assert.equal(await kc.users.findOne({ id: newUserId }), null);
    assert.equal(await kc.users.count(), before - 1);
    assert.equal(await rejectedStatus(kc.users.del({ id: newUserId })), 404);
    const gone = await passwordGrant(NEW_USER, NEW_PASSWORD);
    assert.equal(gone.status, 401);
    await gone.body?.cancel();
  });

  test("tokens that are not a master admin's are refused with 401", T, async () => {
    const aliceToken = await accessTokenFor("alice", "alice-password");
    try {
      kc.setAccessToken(aliceToken);
      assert.equal(await rejectedStatus(kc.users.find()), 401);
      kc.setAccessToken("not-a-jwt");
      assert.equal(await rejectedStatus(kc.users.count()), 401);
    } finally {
      kc.setAccessToken(adminToken);
    }
    assert.equal(typeof (await kc.users.count()), "number");
  });

  test("every call the client made was one the sim routes", T, () => {
    assert.deepEqual(unrouted().map((r) => `${r.method} ${r.path} -> ${r.status}`), []);
  });
});
