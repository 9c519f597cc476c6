// The sim's Keycloak-compatible OpenID Connect provider (realm `northwind`) behind npm's
// `keycloak-connect` adapter: a tiny Express app in bearer-only mode whose routes are protected by
// a realm role (`realm:admin`), a client role on `backend` (`write`) or just a valid token. The
// tokens come from the sim's token endpoint with plain fetch (password and client_credentials
// grants for the confidential client `backend`). Started by test_keycloak_connect.py with:
//   OIDC_BASE   the identity provider's base URL, http://127.0.0.1:<port> (the realm's issuer is
//               OIDC_BASE/realms/northwind)
// keycloak-connect checks `exp` against the wall clock (Token#isExpired uses Date.now()), so the
// sim behind this test runs on the real clock, not the conformance suite's simulated one.
//
// What keycloak-connect (v26) does with a bearer token, from its source: BearerStore takes the
// `Authorization: Bearer` header, GrantManager#validateToken checks exp (wall clock), that it is
// signed, `typ` === "Bearer", `iss` === <auth-server-url>/realms/<realm>, then the RS256 signature
// with the JWKS key whose `kid` matches, fetched once from <realm>/protocol/openid-connect/certs
// (no realm-info request, no introspection in bearer-only mode). Any failure leaves no grant, and
// protect() in bearer-only mode answers every unauthenticated or unauthorised request with
// keycloak.accessDenied: 403 "Access denied" (no 401, no WWW-Authenticate, no redirect).
// Only correct passwords are used: the realm locks an account after 5 failures.
import { describe, test, before, after, mock } from "node:test";
import assert from "node:assert/strict";
import http from "node:http";
import express from "express";
import Keycloak from "keycloak-connect";

const OIDC_BASE = process.env.OIDC_BASE;
assert.ok(OIDC_BASE, "set OIDC_BASE (http://127.0.0.1:<port>, the part of the issuer before /realms/)");
const REALM = "northwind";
const ISSUER = `${OIDC_BASE}/realms/${REALM}`;
const TOKEN_ENDPOINT = `${ISSUER}/protocol/openid-connect/token`;
const BACKEND = "backend";
const BACKEND_SECRET = "backend-secret";
const ACCESS_TOKEN_LIFESPAN = 300;  // the realm's accessTokenLifespan
const T = { timeout: 30_000 };

// Every request keycloak-connect sends to the identity provider. It uses node:http's request()
// (looked up at call time), while this test's own requests go through fetch (undici), so wrapping
// http.request records exactly the adapter's traffic.
const oidcHost = new URL(OIDC_BASE).host;
const adapterRequests = [];
const realRequest = http.request;
http.request = function (options, ...rest) {
  if (options && typeof options === "object" && !(options instanceof URL) && options.host === oidcHost) {
    adapterRequests.push(`${options.method || "GET"} ${options.path}`);
  }
  return realRequest.call(this, options, ...rest);
};

function keycloakConfig(authServerUrl = OIDC_BASE) {
  return {
    realm: REALM,
    "auth-server-url": authServerUrl,
    resource: BACKEND,
    "bearer-only": true,
    credentials: { secret: BACKEND_SECRET },
    "confidential-port": 0,
    "ssl-required": "none",
  };
}

// An Express app protected by a keycloak-connect instance, listening on a free loopback port.
async function startApp(keycloak) {
  const app = express();
  app.use(keycloak.middleware());
  const whoami = (request, response) => {
    const token = request.kauth.grant.access_token;
    response.json({
      username: token.content.preferred_username,
      realmRoles: token.content.realm_access?.roles ?? [],
    });
  };
  app.get("/admin", keycloak.protect("realm:admin"), whoami);
  app.get("/write", keycloak.protect("write"), whoami);  // a role on the `resource` client, backend
  app.get("/me", keycloak.protect(), whoami);
  const server = http.createServer(app);
  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  return { server, url: `http://127.0.0.1:${server.address().port}` };
}

async function tokenRequest(params) {
  const response = await fetch(TOKEN_ENDPOINT, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ client_id: BACKEND, client_secret: BACKEND_SECRET, ...params }),
  });
  const body = await response.json();
  assert.equal(response.status, 200, JSON.stringify(body));
  return body;
}

const passwordGrant = (username) =>
  tokenRequest({ grant_type: "password", username, password: `${username}-password`, scope: "openid" });

const decode = (jwt) => JSON.parse(Buffer.from(jwt.split(".")[1], "base64url").toString());

// GET a route of the app, with `Authorization: Bearer <token>` when a token is given.
async function get(base, path, token, headers = {}) {
  if (token !== undefined) headers = { ...headers, authorization: `Bearer ${token}` };
  const response = await fetch(`${base}${path}`, { headers, redirect: "manual" });
  const text = await response.text();
  return { status: response.status, text, json: () => JSON.parse(text), headers: response.headers };
}

// keycloak-connect's default accessDenied(): 403 with the plain body "Access denied".
function assertDenied(result, what) {
  assert.equal(result.status, 403, `${what}: ${result.status} ${result.text}`);
  assert.equal(result.text, "Access denied", what);
  assert.equal(result.headers.get("location"), null, `${what}: bearer-only never redirects to login`);
}

function assertAllowed(result, username, what) {
  assert.equal(result.status, 200, `${what}: ${result.status} ${result.text}`);
  assert.equal(result.json().username, username, what);
}

// Why keycloak-connect rejects an access token: the adapter's own validation (the one its grant
// attacher runs on the Bearer header), with its error message.
let keycloak;
async function rejectionReason(accessToken, adapter = keycloak) {
  const err = await adapter.grantManager.createGrant({ access_token: accessToken })
    .then(() => assert.fail("keycloak-connect accepted the token"), (e) => e);
  return err.message;
}

// A token the app must deny, and the reason keycloak-connect gives for rejecting it.
async function assertRejected(base, path, token, reason, what, adapter = keycloak) {
  assertDenied(await get(base, path, token), what);
  assert.equal(await rejectionReason(token, adapter), `Grant validation failed. Reason: invalid token (${reason})`, what);
}

// A JWT with its payload's claims changed and its header and signature kept.
function withClaims(jwt, change) {
  const [header, , signature] = jwt.split(".");
  const claims = decode(jwt);
  change(claims);
  return [header, Buffer.from(JSON.stringify(claims)).toString("base64url"), signature].join(".");
}

let app;
const tokens = {};

before(async () => {
  keycloak = new Keycloak({}, keycloakConfig());
  app = await startApp(keycloak);
  tokens.alice = await passwordGrant("alice");
  tokens.bob = await passwordGrant("bob");
  tokens.service = await tokenRequest({ grant_type: "client_credentials", scope: "openid" });
});

after(async () => {
  http.request = realRequest;
  await new Promise((resolve) => app?.server.close(resolve) ?? resolve());
});

describe("tokens from the sim", () => {
  test("are issued on the real clock with the claims keycloak-connect checks", T, () => {
    const now = Date.now() / 1000;
    for (const name of ["alice", "bob", "service"]) {
      const access = decode(tokens[name].access_token);
      assert.equal(access.typ, "Bearer", name);
      assert.equal(access.iss, ISSUER, name);
      assert.equal(access.azp, BACKEND, name);
      assert.equal(access.exp - access.iat, ACCESS_TOKEN_LIFESPAN, name);
      // keycloak-connect compares exp with Date.now(): the sim must be on the wall clock.
      assert.ok(Math.abs(access.iat - now) < 60, `${name}: iat ${access.iat} is not the wall clock (${now})`);
    }
    assert.ok(decode(tokens.alice.access_token).realm_access.roles.includes("admin"));
    assert.ok(!decode(tokens.bob.access_token).realm_access.roles.includes("admin"));
  });
});

describe("keycloak.protect('realm:admin')", () => {
  test("alice (realm role admin) gets in", T, async () => {
    const result = await get(app.url, "/admin", tokens.alice.access_token);
    assertAllowed(result, "alice", "alice /admin");
    assert.ok(result.json().realmRoles.includes("admin"));
  });

  test("bob (no admin role) is denied with 403", T, async () => {
    assertDenied(await get(app.url, "/admin", tokens.bob.access_token), "bob /admin");
  });

  test("the backend's service account (no admin role) is denied with 403", T, async () => {
    assertDenied(await get(app.url, "/admin", tokens.service.access_token), "service account /admin");
  });
});

describe("keycloak.protect('write'): a role on the backend client", () => {
  test("alice (backend write) gets in, bob (backend read only) is denied", T, async () => {
    assertAllowed(await get(app.url, "/write", tokens.alice.access_token), "alice", "alice /write");
    assertDenied(await get(app.url, "/write", tokens.bob.access_token), "bob /write");
  });
});

describe("keycloak.protect(): any valid token", () => {
  test("bob, alice and the service account get in", T, async () => {
    assertAllowed(await get(app.url, "/me", tokens.bob.access_token), "bob", "bob /me");
    assertAllowed(await get(app.url, "/me", tokens.alice.access_token), "alice", "alice /me");
    assertAllowed(await get(app.url, "/me", tokens.service.access_token), `service-account-${BACKEND}`,
                  "service account /me");
  });

  test("a refreshed access token is accepted too", T, async () => {
    const refreshed = await tokenRequest({ grant_type: "refresh_token", refresh_token: tokens.bob.refresh_token });
    assertAllowed(await get(app.url, "/me", refreshed.access_token), "bob", "bob /me, refreshed token");
  });
});

describe("requests without a valid access token", () => {
  test("no Authorization header: 403 (bearer-only mode denies, it neither redirects nor answers 401)", T, async () => {
    for (const path of ["/me", "/admin"]) assertDenied(await get(app.url, path), `no token ${path}`);
  });

  test("an Authorization header that is not Bearer: 403", T, async () => {
    const basic = `Basic ${Buffer.from(`${BACKEND}:${BACKEND_SECRET}`).toString("base64")}`;
    assertDenied(await get(app.url, "/me", undefined, { authorization: basic }), "Basic auth /me");
  });

  test("garbage as the bearer token: 403 (an undecodable token counts as expired)", T, async () => {
    await assertRejected(app.url, "/me", "not-a-jwt", "expired", "garbage /me");
  });

  test("bob's token with admin added to its payload (signature kept): 403", T, async () => {
    const forged = withClaims(tokens.bob.access_token, (claims) => claims.realm_access.roles.push("admin"));
    assert.ok(decode(forged).realm_access.roles.includes("admin"));
    await assertRejected(app.url, "/admin", forged, "public key signature", "forged admin /admin");
    await assertRejected(app.url, "/me", forged, "public key signature", "forged admin /me");
  });

  test("alice's token with exp an hour later (signature kept): 403", T, async () => {
    const forged = withClaims(tokens.alice.access_token, (claims) => { claims.exp += 3600; });
    await assertRejected(app.url, "/me", forged, "public key signature", "extended exp /me");
  });

  test("one character of the payload changed: 403", T, async () => {
    const [header, payload, signature] = tokens.bob.access_token.split(".");
    const i = Math.floor(payload.length / 2);
    const tampered = [header, payload.slice(0, i) + (payload[i] === "A" ? "B" : "A") + payload.slice(i + 1),
                      signature].join(".");
    assertDenied(await get(app.url, "/me", tampered), "tampered payload /me");
    // Either the payload no longer parses (keycloak-connect then takes exp as 0) or the signature fails.
    assert.match(await rejectionReason(tampered), /invalid token \((expired|public key signature)\)$/);
  });

  test("alice's header and payload with bob's signature: 403", T, async () => {
    const [header, payload] = tokens.alice.access_token.split(".");
    const signature = tokens.bob.access_token.split(".")[2];
    await assertRejected(app.url, "/admin", [header, payload, signature].join("."), "public key signature",
                         "swapped signature /admin");
  });

  test("the signature removed: 403", T, async () => {
    const [header, payload] = tokens.alice.access_token.split(".");
    await assertRejected(app.url, "/me", `${header}.${payload}.`, "public key signature", "unsigned /me");
  });

  test("an ID token or a refresh token instead of the access token: 403 (typ is not Bearer)", T, async () => {
    assert.equal(decode(tokens.alice.id_token).typ, "ID");
    await assertRejected(app.url, "/me", tokens.alice.id_token, "wrong type", "ID token /me");
    assert.equal(decode(tokens.alice.refresh_token).typ, "Refresh");
    await assertRejected(app.url, "/me", tokens.alice.refresh_token, "wrong type", "refresh token /me");
  });

  test("an expired access token: 403 (the wall clock moved past exp)", T, async () => {
    const { exp } = decode(tokens.alice.access_token);
    assertAllowed(await get(app.url, "/me", tokens.alice.access_token), "alice", "alice /me before exp");
    // Only Date is mocked (keycloak-connect's Token#isExpired reads Date.now()); timers run as usual.
    mock.timers.enable({ apis: ["Date"], now: (exp + 1) * 1000 });
    try {
      await assertRejected(app.url, "/me", tokens.alice.access_token, "expired", "alice /me after exp");
    } finally {
      mock.timers.reset();
    }
    assertAllowed(await get(app.url, "/me", tokens.alice.access_token), "alice", "alice /me, clock restored");
  });

  test("an adapter configured for another issuer (localhost instead of 127.0.0.1) denies the sim's tokens", T, async () => {
    const adapter = new Keycloak({}, keycloakConfig(OIDC_BASE.replace("127.0.0.1", "localhost")));
    const other = await startApp(adapter);
    try {
      await assertRejected(other.url, "/me", tokens.alice.access_token, "wrong ISS", "wrong issuer /me", adapter);
    } finally {
      await new Promise((resolve) => other.server.close(resolve));
    }
  });
});

describe("the adapter's traffic to the identity provider", () => {
  test("only the realm's JWKS, fetched once and cached (no realm-info or introspection request)", T, async () => {
    assert.deepEqual(adapterRequests, [`GET /realms/${REALM}/protocol/openid-connect/certs`]);
  });
});

