// The sim's Keycloak-compatible OpenID Connect provider (realm `northwind`, imported from
// app/keycloak/realm-export.json) through the npm clients people use: `openid-client` (v6, fetch
// based) for discovery, grants, userinfo, introspection and revocation, and `jose` to verify the
// tokens against the realm's JWKS. Started by test_oidc_node_clients.py with:
//   OIDC_ISSUER                    the realm's issuer, http://127.0.0.1:<port>/realms/northwind
//   SIMCTL, SIMCTL_ENDPOINT        simctl and the sim's host:port, to read and move its simulated
//                                  clock (token lifetimes follow that clock, not the wall clock)
// The sim's clock is not the wall clock, so every check of exp/iat passes the sim's time: jose's
// `currentDate`, and openid-client's `clockSkew` (its ID token checks in grant responses).
// Only one wrong password is tried per user: the realm locks an account after 5 failures.
// The code flow plays the browser with fetch: GET the authorization URL, read the login form's
// action, POST the credentials without following the redirect, and hand the Location (the redirect
// URI with the code) to openid-client, which never talks to the login pages itself.
import { describe, test, before } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { promisify } from "node:util";
import * as client from "openid-client";
import {
  createRemoteJWKSet, jwtVerify, decodeJwt, decodeProtectedHeader, generateKeyPair, SignJWT,
  base64url, errors as joseErrors,
} from "jose";

const ISSUER = process.env.OIDC_ISSUER;
const SIMCTL = process.env.SIMCTL;
const SIMCTL_ENDPOINT = process.env.SIMCTL_ENDPOINT;
assert.ok(ISSUER && SIMCTL && SIMCTL_ENDPOINT, "set OIDC_ISSUER, SIMCTL and SIMCTL_ENDPOINT");

const BACKEND = "backend";
const BACKEND_SECRET = "backend-secret";
const ACCESS_TOKEN_LIFESPAN = 300;  // the realm's accessTokenLifespan
const SSO_SESSION_IDLE = 1800;      // ssoSessionIdleTimeout: the refresh token's lifetime
const T = { timeout: 30_000 };

// The public SPA client: PKCE S256 required, redirect and post-logout URIs http://localhost:3000/*.
const FRONTEND = "frontend";
const CALLBACK = "http://localhost:3000/callback";
const SIGNED_OUT = "http://localhost:3000/signed-out";

// The realm's users as README.md lists them: effective realm roles and roles on `backend`.
const USERS = {
  alice: {
    email: "alice@northwind.io",
    realm: ["admin", "default-roles-northwind", "offline_access", "uma_authorization", "user"],
    backend: ["read", "write"],
  },
  bob: {
    email: "bob@example.com",
    realm: ["default-roles-northwind", "offline_access", "uma_authorization", "user"],
    backend: ["read"],
  },
};

async function simNow() {
  const response = await fetch(`http://${SIMCTL_ENDPOINT}/_sim/health`);
  assert.equal(response.status, 200);
  return new Date((await response.json()).clock.now);
}

async function advanceClock(duration) {
  await promisify(execFile)(SIMCTL, ["clock", "advance", duration, "--endpoint", SIMCTL_ENDPOINT]);
}

// A client configuration from discovery, with openid-client's clock set to the sim's. Made afresh
// after the sim's clock moves.
async function configure(clientId = BACKEND, auth = client.ClientSecretBasic(BACKEND_SECRET)) {
  const skew = Math.round(((await simNow()).getTime() - Date.now()) / 1000);
  return client.discovery(new URL(ISSUER), clientId, { [client.clockSkew]: skew }, auth,
                          { execute: [client.allowInsecureRequests] });
}

const password = (config, username, pass, scope = "openid") =>
  client.genericGrantRequest(config, "password", { username, password: pass, scope });

let jwks;
async function verify(token, options = {}) {
  return jwtVerify(token, jwks, { issuer: ISSUER, algorithms: ["RS256"], currentDate: await simNow(), ...options });
}

// Awaits a promise that must reject; returns the error for further checks.
async function rejection(promise) {
  return promise.then((v) => assert.fail(`resolved with ${JSON.stringify(v)?.slice(0, 300)}`), (e) => e);
}

// A token endpoint error as openid-client surfaces it (the JSON error body).
async function oauthError(promise, status, error, description) {
  const err = await rejection(promise);
  assert.ok(err instanceof client.ResponseBodyError, `expected ResponseBodyError, got ${err}`);
  assert.equal(err.status, status);
  assert.equal(err.error, error);
  if (description instanceof RegExp) assert.match(err.error_description, description);
  else if (description !== undefined) assert.equal(err.error_description, description);
  return err;
}

// A protected resource error (userinfo) as openid-client surfaces it: the WWW-Authenticate challenge.
async function bearerChallenge(promise, status, error) {
  const err = await rejection(promise);
  assert.ok(err instanceof client.WWWAuthenticateChallengeError, `expected a WWW-Authenticate challenge, got ${err}`);
  assert.equal(err.status, status);
  assert.equal(err.cause[0].scheme, "bearer");
  assert.equal(err.cause[0].parameters.error, error);
  return err;
}

// OpenID Connect Core 3.1.3.6: base64url of the left half of SHA-256 over the access token.
const atHash = (accessToken) => base64url.encode(createHash("sha256").update(accessToken).digest().subarray(0, 16));

// Changes one character in the middle of a JWT's payload (still valid base64url).
function tamper(jwt) {
  const [header, payload, signature] = jwt.split(".");
  const i = Math.floor(payload.length / 2);
  const swapped = payload[i] === "A" ? "B" : "A";
  return [header, payload.slice(0, i) + swapped + payload.slice(i + 1), signature].join(".");
}

before(async () => {
  const config = await configure();
  jwks = createRemoteJWKSet(new URL(config.serverMetadata().jwks_uri));
});

describe("discovery", () => {
  test("openid-client discovers the realm", T, async () => {
    const config = await configure();
    const meta = config.serverMetadata();
    const oidc = `${ISSUER}/protocol/openid-connect`;
    assert.equal(meta.issuer, ISSUER);
    assert.equal(meta.token_endpoint, `${oidc}/token`);
    assert.equal(meta.authorization_endpoint, `${oidc}/auth`);
    assert.equal(meta.userinfo_endpoint, `${oidc}/userinfo`);
    assert.equal(meta.jwks_uri, `${oidc}/certs`);
    assert.equal(meta.introspection_endpoint, `${oidc}/token/introspect`);
    assert.equal(meta.revocation_endpoint, `${oidc}/revoke`);
    assert.equal(meta.end_session_endpoint, `${oidc}/logout`);
    for (const grant of ["authorization_code", "password", "client_credentials", "refresh_token"]) {
      assert.ok(meta.grant_types_supported.includes(grant), grant);
    }
    assert.ok(meta.id_token_signing_alg_values_supported.includes("RS256"));
    assert.ok(meta.token_endpoint_auth_methods_supported.includes("client_secret_basic"));
    assert.ok(meta.token_endpoint_auth_methods_supported.includes("client_secret_post"));
    assert.ok(meta.response_types_supported.includes("code"));
    assert.ok(config.serverMetadata().supportsPKCE("S256"));
    assert.equal(config.clientMetadata().client_id, BACKEND);
  });

  test("the JWKS has the realm's RS256 signing key", T, async () => {
    const config = await configure();
    const response = await fetch(config.serverMetadata().jwks_uri);
    assert.equal(response.status, 200);
    const { keys } = await response.json();
    const rsa = keys.filter((k) => k.kty === "RSA" && k.alg === "RS256" && k.use === "sig");
    assert.equal(rsa.length, 1, JSON.stringify(keys));
    assert.ok(rsa[0].kid && rsa[0].n && rsa[0].e === "AQAB");
    assert.equal(rsa[0].d, undefined, "no private parts in the JWKS");
  });
});

describe("password grant", () => {
  for (const [username, how] of [["alice", "plain credential"], ["bob", "pbkdf2-sha256 credential"]]) {
    test(`${username} (${how}): access, ID and refresh tokens that verify`, T, async () => {
      const expected = USERS[username];
      const config = await configure();
      const tokens = await password(config, username, `${username}-password`);
      assert.equal(tokens.token_type.toLowerCase(), "bearer");
      assert.equal(tokens.expires_in, ACCESS_TOKEN_LIFESPAN);
      assert.equal(tokens.refresh_expires_in, SSO_SESSION_IDLE);
      assert.ok(tokens.scope.split(" ").includes("openid"), tokens.scope);
      assert.ok(tokens.access_token && tokens.id_token && tokens.refresh_token);
      assert.ok(tokens.session_state);

      // Access token
      const header = decodeProtectedHeader(tokens.access_token);
      assert.equal(header.alg, "RS256");
      assert.equal(header.typ, "JWT");
      assert.ok(header.kid);
      const { payload: access } = await verify(tokens.access_token);
      assert.equal(access.typ, "Bearer");
      assert.equal(access.azp, BACKEND);
      assert.equal(access.preferred_username, username);
      assert.equal(access.email, expected.email);
      assert.equal(access.exp - access.iat, ACCESS_TOKEN_LIFESPAN);
      assert.equal(access.iat, Math.floor((await simNow()).getTime() / 1000));
      assert.deepEqual([...access.realm_access.roles].sort(), expected.realm);
      assert.deepEqual([...access.resource_access.backend.roles].sort(), expected.backend);
      assert.equal(access.tenant, "northwind");  // backend's hardcoded-claim mapper
      assert.ok(access.sid && access.sub && access.jti);
      assert.equal(access.sid, tokens.session_state);
      assert.ok(access.scope.split(" ").includes("openid"));

      // ID token: audience is the client
      const { payload: id } = await verify(tokens.id_token, { audience: BACKEND });
      assert.equal(id.typ, "ID");
      assert.equal(id.aud, BACKEND);
      assert.equal(id.azp, BACKEND);
      assert.equal(id.sub, access.sub);
      assert.equal(id.sid, access.sid);
      assert.equal(id.preferred_username, username);
      assert.equal(id.at_hash, atHash(tokens.access_token));
      assert.equal(id.realm_access, undefined, "roles are an access token claim only");
      assert.deepEqual(tokens.claims(), id);  // what openid-client validated
      await rejection(verify(tokens.id_token, { audience: "frontend" }));

      // Refresh token: Keycloak's own format, bound to the same session
      const refresh = decodeJwt(tokens.refresh_token);
      assert.equal(refresh.typ, "Refresh");
      assert.equal(refresh.sid, access.sid);
      assert.equal(refresh.sub, access.sub);
      assert.equal(refresh.azp, BACKEND);
      assert.equal(refresh.exp - refresh.iat, SSO_SESSION_IDLE);
    });
  }

  test("carol (pbkdf2-sha512) and dave (pbkdf2 HMAC-SHA1) log in", T, async () => {
    const config = await configure(BACKEND, client.ClientSecretPost(BACKEND_SECRET));
    for (const username of ["carol", "dave"]) {
      const tokens = await password(config, username, `${username}-password`);
      const { payload } = await verify(tokens.access_token);
      assert.equal(payload.preferred_username, username);
    }
  });

  test("without scope openid: no ID token", T, async () => {
    const config = await configure();
    const tokens = await password(config, "alice", "alice-password", "profile");
    assert.equal(tokens.id_token, undefined);
    assert.ok(tokens.refresh_token);
    assert.ok(!tokens.scope.split(" ").includes("openid"), tokens.scope);
  });
});

describe("client credentials grant", () => {
  test("backend's service account: an access token, no refresh or ID token", T, async () => {
    const config = await configure();
    const tokens = await client.clientCredentialsGrant(config);
    assert.equal(tokens.refresh_token, undefined);
    assert.equal(tokens.id_token, undefined);
    assert.equal(tokens.expires_in, ACCESS_TOKEN_LIFESPAN);
    const { payload } = await verify(tokens.access_token);
    assert.equal(payload.typ, "Bearer");
    assert.equal(payload.azp, BACKEND);
    assert.equal(payload.preferred_username, "service-account-backend");
    assert.deepEqual([...payload.resource_access.backend.roles].sort(), ["read", "write"]);
    assert.deepEqual([...payload.realm_access.roles].sort(),
                     ["default-roles-northwind", "offline_access", "uma_authorization"]);

    const introspected = await client.tokenIntrospection(config, tokens.access_token);
    assert.equal(introspected.active, true);
    assert.equal(introspected.client_id, BACKEND);
    assert.equal(introspected.username, "service-account-backend");
  });

  test("client_secret_post works as well as client_secret_basic", T, async () => {
    const config = await configure(BACKEND, client.ClientSecretPost(BACKEND_SECRET));
    const tokens = await client.clientCredentialsGrant(config);
    await verify(tokens.access_token);
  });
});

describe("refresh token grant", () => {
  test("refreshing gives new tokens and a new refresh token", T, async () => {
    const config = await configure();
    const first = await password(config, "alice", "alice-password");
    const second = await client.refreshTokenGrant(config, first.refresh_token);
    assert.ok(second.access_token && second.id_token && second.refresh_token);
    assert.notEqual(second.refresh_token, first.refresh_token);
    assert.notEqual(second.access_token, first.access_token);
    const { payload: a1 } = await verify(first.access_token);
    const { payload: a2 } = await verify(second.access_token);
    assert.notEqual(a2.jti, a1.jti);
    assert.equal(a2.sid, a1.sid, "same session");
    assert.equal(a2.sub, a1.sub);
    const { payload: id } = await verify(second.id_token, { audience: BACKEND });
    assert.equal(id.at_hash, atHash(second.access_token));
    // and the new refresh token refreshes again
    const third = await client.refreshTokenGrant(config, second.refresh_token);
    await verify(third.access_token);
  });

  test("a used refresh token is refused (revokeRefreshToken, refreshTokenMaxReuse 0)", T, async () => {
    const config = await configure();
    const first = await password(config, "bob", "bob-password");
    await client.refreshTokenGrant(config, first.refresh_token);
    await oauthError(client.refreshTokenGrant(config, first.refresh_token), 400, "invalid_grant",
                     "Maximum allowed refresh token reuse exceeded");
  });

  test("another client cannot use backend's refresh token", T, async () => {
    const config = await configure();
    const tokens = await password(config, "alice", "alice-password");
    const frontend = await configure("frontend", client.None());
    await oauthError(client.refreshTokenGrant(frontend, tokens.refresh_token), 400, "invalid_grant");
  });
});

describe("userinfo", () => {
  test("fetchUserInfo returns the claims of the token's subject", T, async () => {
    const config = await configure();
    const tokens = await password(config, "alice", "alice-password");
    const sub = tokens.claims().sub;
    const info = await client.fetchUserInfo(config, tokens.access_token, sub);
    assert.equal(info.sub, sub);
    assert.equal(info.preferred_username, "alice");
    assert.equal(info.email, USERS.alice.email);
    assert.equal(info.given_name, "Alice");
    assert.equal(info.tenant, "northwind");
    assert.equal(info.realm_access, undefined, "the roles mappers do not add to userinfo");
    // openid-client refuses a response for another subject
    await rejection(client.fetchUserInfo(config, tokens.access_token, "someone-else"));
  });

  test("bob's subject matches his ID token", T, async () => {
    const config = await configure();
    const tokens = await password(config, "bob", "bob-password");
    const info = await client.fetchUserInfo(config, tokens.access_token, tokens.claims().sub);
    assert.equal(info.preferred_username, "bob");
  });

  test("a token without the openid scope is refused: 403 insufficient_scope", T, async () => {
    const config = await configure();
    const tokens = await password(config, "alice", "alice-password", "profile");
    const sub = decodeJwt(tokens.access_token).sub;
    await bearerChallenge(client.fetchUserInfo(config, tokens.access_token, sub), 403, "insufficient_scope");
  });
});

describe("introspection, revocation and logout", () => {
  test("introspection: active with the token's claims", T, async () => {
    const config = await configure();
    const tokens = await password(config, "bob", "bob-password");
    const info = await client.tokenIntrospection(config, tokens.access_token);
    assert.equal(info.active, true);
    assert.equal(info.username, "bob");
    assert.equal(info.client_id, BACKEND);
    assert.equal(info.token_type, "Bearer");
    assert.equal(info.sub, tokens.claims().sub);
    assert.equal(info.iss, ISSUER);
    assert.ok(info.exp > info.iat);
    const refresh = await client.tokenIntrospection(config, tokens.refresh_token);
    assert.equal(refresh.active, true);
    assert.equal((await client.tokenIntrospection(config, "not-a-token")).active, false);
  });

  test("logout ends the session: tokens inactive, refresh refused", T, async () => {
    const config = await configure();
    const tokens = await password(config, "alice", "alice-password");
    const sub = tokens.claims().sub;
    const response = await fetch(config.serverMetadata().end_session_endpoint, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ client_id: BACKEND, client_secret: BACKEND_SECRET, refresh_token: tokens.refresh_token }),
    });
    assert.equal(response.status, 204);
    assert.equal((await client.tokenIntrospection(config, tokens.access_token)).active, false);
    assert.equal((await client.tokenIntrospection(config, tokens.refresh_token)).active, false);
    await oauthError(client.refreshTokenGrant(config, tokens.refresh_token), 400, "invalid_grant", "Session not active");
    await bearerChallenge(client.fetchUserInfo(config, tokens.access_token, sub), 401, "invalid_token");
    // the signature still verifies: logout is only visible to those who ask the server
    await verify(tokens.access_token);
  });

  test("revoking the refresh token ends the client's session", T, async () => {
    const config = await configure();
    const tokens = await password(config, "bob", "bob-password");
    await client.tokenRevocation(config, tokens.refresh_token, { token_type_hint: "refresh_token" });
    assert.equal((await client.tokenIntrospection(config, tokens.refresh_token)).active, false);
    assert.equal((await client.tokenIntrospection(config, tokens.access_token)).active, false);
    await oauthError(client.refreshTokenGrant(config, tokens.refresh_token), 400, "invalid_grant");
  });

  test("revoking an access token makes it inactive", T, async () => {
    const config = await configure();
    const tokens = await password(config, "alice", "alice-password");
    await client.tokenRevocation(config, tokens.access_token, { token_type_hint: "access_token" });
    assert.equal((await client.tokenIntrospection(config, tokens.access_token)).active, false);
    await bearerChallenge(client.fetchUserInfo(config, tokens.access_token, tokens.claims().sub), 401, "invalid_token");
  });
});

// A browser for the login pages: the form action (an HTML attribute, so `&amp;`-escaped) and
// any cookies the login page sets, carried to the POST as a browser would.
const unescapeHtml = (text) => text.replace(/&(amp|lt|gt|quot|#39);/g,
  (_, entity) => ({ amp: "&", lt: "<", gt: ">", quot: '"', "#39": "'" })[entity]);

function loginForm(html) {
  const form = html.match(/<form\b[^>]*\bid="kc-form-login"[^>]*>/);
  assert.ok(form, `no login form in ${html.slice(0, 500)}`);
  const action = form[0].match(/\baction="([^"]*)"/);
  assert.ok(action, form[0]);
  assert.match(form[0], /\bmethod="post"/i);
  assert.match(html, /<input\b[^>]*\bname="username"/);
  assert.match(html, /<input\b[^>]*\bname="password"/);
  return new URL(unescapeHtml(action[1]));
}

const cookiesOf = (response) => response.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");

// GETs an authorization URL (no redirects followed): the response, its body and, for a login
// page, the form's action.
async function openLoginPage(url) {
  const response = await fetch(url, { redirect: "manual" });
  const html = await response.text();
  const action = response.status === 200 ? loginForm(html) : undefined;
  return { response, html, action, cookies: cookiesOf(response) };
}

async function submitLogin(page, username, pass) {
  const headers = { "content-type": "application/x-www-form-urlencoded" };
  if (page.cookies) headers.cookie = page.cookies;
  const response = await fetch(page.action, {
    method: "POST", redirect: "manual", headers, body: new URLSearchParams({ username, password: pass }),
  });
  const html = await response.text();
  const next = { response, html, cookies: [page.cookies, cookiesOf(response)].filter(Boolean).join("; ") };
  if (response.status === 200) next.action = loginForm(html);
  return next;
}

// The client's side of a login: PKCE verifier, state and nonce, and the authorization URL.
async function authorizationRequest(config, parameters = {}) {
  const pkceCodeVerifier = client.randomPKCECodeVerifier();
  const expectedState = client.randomState();
  const expectedNonce = client.randomNonce();
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: CALLBACK,
    scope: "openid profile email",
    state: expectedState,
    nonce: expectedNonce,
    code_challenge: await client.calculatePKCECodeChallenge(pkceCodeVerifier),
    code_challenge_method: "S256",
    ...parameters,
  });
  return { url, checks: { pkceCodeVerifier, expectedState, expectedNonce } };
}

// Logs a user in through the login form; returns the checks and the callback URL (the 302's Location).
async function browserLogin(config, username, pass = `${username}-password`, parameters = {}) {
  const request = await authorizationRequest(config, parameters);
  const page = await openLoginPage(request.url);
  assert.equal(page.response.status, 200, page.html.slice(0, 500));
  const answer = await submitLogin(page, username, pass);
  assert.equal(answer.response.status, 302, answer.html.slice(0, 500));
  const location = answer.response.headers.get("location");
  assert.ok(location, "a Location header");
  return { ...request, callback: new URL(location) };
}

// The error page Keycloak shows instead of redirecting (unknown client, bad redirect_uri...).
function assertErrorPage(page, status, message) {
  assert.equal(page.response.status, status, page.html.slice(0, 500));
  assert.match(page.response.headers.get("content-type"), /^text\/html/);
  assert.equal(page.response.headers.get("location"), null);
  assert.ok(page.html.includes(message), `expected "${message}" in ${page.html.slice(0, 500)}`);
  assert.ok(!/kc-form-login/.test(page.html), "no login form on an error page");
}

describe("code flow", () => {
  test("frontend (public, PKCE S256): login form, code, tokens, userinfo, refresh, logout", T, async () => {
    const config = await configure(FRONTEND, client.None());
    const meta = config.serverMetadata();
    assert.ok(meta.supportsPKCE("S256"));

    // The authorization request, as openid-client builds it
    const { url, checks } = await authorizationRequest(config);
    assert.equal(url.origin + url.pathname, meta.authorization_endpoint);
    assert.equal(url.searchParams.get("client_id"), FRONTEND);
    assert.equal(url.searchParams.get("response_type"), "code");
    assert.equal(url.searchParams.get("code_challenge"), await client.calculatePKCECodeChallenge(checks.pkceCodeVerifier));

    // The login page: an HTML form posting to the realm's login-actions
    const page = await openLoginPage(url);
    assert.equal(page.response.status, 200, page.html.slice(0, 500));
    assert.match(page.response.headers.get("content-type"), /^text\/html/);
    assert.equal(page.action.origin + page.action.pathname, `${ISSUER}/login-actions/authenticate`);
    for (const name of ["session_code", "execution", "tab_id"]) assert.ok(page.action.searchParams.get(name), name);
    assert.equal(page.action.searchParams.get("client_id"), FRONTEND);
    assert.ok(!page.html.includes("Invalid username or password."));

    // Submitting it: a redirect to the callback with state, session_state, iss and the code
    const answer = await submitLogin(page, "alice", "alice-password");
    assert.equal(answer.response.status, 302, answer.html.slice(0, 500));
    const callback = new URL(answer.response.headers.get("location"));
    assert.equal(callback.origin + callback.pathname, CALLBACK);
    assert.equal(callback.searchParams.get("state"), checks.expectedState);
    assert.equal(callback.searchParams.get("iss"), ISSUER);
    assert.ok(callback.searchParams.get("code"));
    assert.ok(callback.searchParams.get("session_state"));
    assert.equal(callback.searchParams.get("error"), null);

    // The code exchange: openid-client checks state, iss, the ID token and its nonce
    const tokens = await client.authorizationCodeGrant(config, callback, checks);
    assert.equal(tokens.token_type.toLowerCase(), "bearer");
    assert.equal(tokens.expires_in, ACCESS_TOKEN_LIFESPAN);
    assert.ok(tokens.access_token && tokens.id_token && tokens.refresh_token);
    assert.ok(tokens.scope.split(" ").includes("openid"), tokens.scope);
    assert.equal(tokens.session_state, callback.searchParams.get("session_state"));

    // ID token, checked again with jose: audience frontend, our nonce, bound to the access token
    const { payload: id } = await verify(tokens.id_token, { audience: FRONTEND });
    assert.equal(id.typ, "ID");
    assert.equal(id.nonce, checks.expectedNonce);
    assert.equal(id.azp, FRONTEND);
    assert.equal(id.preferred_username, "alice");
    assert.equal(id.email, USERS.alice.email);
    assert.equal(id.sid, tokens.session_state);
    assert.equal(id.at_hash, atHash(tokens.access_token));
    assert.equal(id.iat, Math.floor((await simNow()).getTime() / 1000));
    assert.equal(id.exp - id.iat, ACCESS_TOKEN_LIFESPAN);
    assert.deepEqual(tokens.claims(), id);
    await rejection(verify(tokens.id_token, { audience: BACKEND }));

    // Access token: issued to frontend, for backend (the audience mapper)
    const { payload: access } = await verify(tokens.access_token, { audience: BACKEND });
    assert.equal(access.typ, "Bearer");
    assert.equal(access.azp, FRONTEND);
    assert.equal(access.sub, id.sub);
    assert.equal(access.sid, id.sid);
    assert.equal(access.preferred_username, "alice");
    assert.deepEqual([...access.realm_access.roles].sort(), USERS.alice.realm);
    assert.deepEqual([...access.resource_access.backend.roles].sort(), USERS.alice.backend);
    assert.equal(access.tenant, undefined, "backend's hardcoded claim is not on frontend's tokens");
    assert.equal(access.nonce, undefined);
    const refresh = decodeJwt(tokens.refresh_token);
    assert.equal(refresh.typ, "Refresh");
    assert.equal(refresh.azp, FRONTEND);
    assert.equal(refresh.sid, id.sid);

    // Userinfo with the access token
    const info = await client.fetchUserInfo(config, tokens.access_token, id.sub);
    assert.equal(info.sub, id.sub);
    assert.equal(info.preferred_username, "alice");
    assert.equal(info.email, USERS.alice.email);

    // The backend can introspect frontend's token (a confidential client asking)
    const backend = await configure();
    const introspected = await client.tokenIntrospection(backend, tokens.access_token);
    assert.equal(introspected.active, true);
    assert.equal(introspected.client_id, FRONTEND);
    assert.equal(introspected.username, "alice");

    // Refresh (a public client: client_id only), same session, new tokens
    const refreshed = await client.refreshTokenGrant(config, tokens.refresh_token);
    assert.ok(refreshed.access_token && refreshed.id_token && refreshed.refresh_token);
    assert.notEqual(refreshed.refresh_token, tokens.refresh_token);
    const { payload: id2 } = await verify(refreshed.id_token, { audience: FRONTEND });
    assert.equal(id2.sub, id.sub);
    assert.equal(id2.sid, id.sid);
    assert.equal(id2.at_hash, atHash(refreshed.access_token));
    const { payload: access2 } = await verify(refreshed.access_token, { audience: BACKEND });
    assert.equal(access2.azp, FRONTEND);
    assert.notEqual(access2.jti, access.jti);

    // RP-initiated logout: back to the post-logout URI with our state
    const logoutState = client.randomState();
    const logout = client.buildEndSessionUrl(config, {
      id_token_hint: refreshed.id_token, post_logout_redirect_uri: SIGNED_OUT, state: logoutState,
    });
    assert.equal(logout.origin + logout.pathname, meta.end_session_endpoint);
    assert.equal(logout.searchParams.get("client_id"), FRONTEND);
    const out = await fetch(logout, { redirect: "manual" });
    assert.equal(out.status, 302, await out.text());
    const back = new URL(out.headers.get("location"));
    assert.equal(back.origin + back.pathname, SIGNED_OUT);
    assert.equal(back.searchParams.get("state"), logoutState);

    // The session is over: the refresh token no longer works, nor the access tokens
    await oauthError(client.refreshTokenGrant(config, refreshed.refresh_token), 400, "invalid_grant");
    await bearerChallenge(client.fetchUserInfo(config, refreshed.access_token, id.sub), 401, "invalid_token");
    assert.equal((await client.tokenIntrospection(backend, refreshed.access_token)).active, false);
  });

  test("bob logs in too: his own subject, nonce and session", T, async () => {
    const config = await configure(FRONTEND, client.None());
    const first = await browserLogin(config, "bob");
    const second = await browserLogin(config, "bob");
    const a = await client.authorizationCodeGrant(config, first.callback, first.checks);
    const b = await client.authorizationCodeGrant(config, second.callback, second.checks);
    assert.equal(a.claims().preferred_username, "bob");
    assert.equal(a.claims().nonce, first.checks.expectedNonce);
    assert.equal(b.claims().nonce, second.checks.expectedNonce);
    assert.equal(a.claims().sub, b.claims().sub);
    assert.notEqual(a.claims().sid, b.claims().sid, "two logins without cookies: two sessions");
    const { payload } = await verify(a.access_token, { audience: BACKEND });
    assert.deepEqual([...payload.resource_access.backend.roles].sort(), USERS.bob.backend);
  });

  test("a wrong password shows the form again with the message; the new form then works", T, async () => {
    const config = await configure(FRONTEND, client.None());
    const { url, checks } = await authorizationRequest(config);
    const page = await openLoginPage(url);
    // dave: the one wrong password tried for him (brute-force protection); nobody: no such user
    const wrong = await submitLogin(page, "dave", "not-daves-password");
    assert.equal(wrong.response.status, 200, wrong.html.slice(0, 500));
    assert.equal(wrong.response.headers.get("location"), null);
    assert.ok(wrong.html.includes("Invalid username or password."), wrong.html.slice(0, 500));
    assert.equal(wrong.action.pathname, page.action.pathname);
    const unknown = await submitLogin(wrong, "nobody", "whatever");
    assert.equal(unknown.response.status, 200);
    assert.ok(unknown.html.includes("Invalid username or password."));

    const right = await submitLogin(unknown, "dave", "dave-password");
    assert.equal(right.response.status, 302, right.html.slice(0, 500));
    const tokens = await client.authorizationCodeGrant(config, new URL(right.response.headers.get("location")), checks);
    assert.equal(tokens.claims().preferred_username, "dave");
    assert.equal(tokens.claims().nonce, checks.expectedNonce);
  });

  test("a wrong PKCE verifier: 400 invalid_grant, and the code is spent", T, async () => {
    const config = await configure(FRONTEND, client.None());
    const { callback, checks } = await browserLogin(config, "alice");
    await oauthError(
      client.authorizationCodeGrant(config, callback, { ...checks, pkceCodeVerifier: client.randomPKCECodeVerifier() }),
      400, "invalid_grant", "PKCE verification failed: Code mismatch");
    // Keycloak removes a code when it is presented, whatever happens next
    await oauthError(client.authorizationCodeGrant(config, callback, checks), 400, "invalid_grant", "Code not valid");
  });

  test("replaying the callback: 400 invalid_grant, and the session it started ends", T, async () => {
    const config = await configure(FRONTEND, client.None());
    const { callback, checks } = await browserLogin(config, "bob");
    const tokens = await client.authorizationCodeGrant(config, callback, checks);
    await oauthError(client.authorizationCodeGrant(config, callback, checks), 400, "invalid_grant", "Code not valid");
    await oauthError(client.refreshTokenGrant(config, tokens.refresh_token), 400, "invalid_grant");
  });

  test("the token request's redirect_uri must be the authorization request's", T, async () => {
    const config = await configure(FRONTEND, client.None());
    const { callback, checks } = await browserLogin(config, "alice");
    // openid-client sends the callback URL without its query as redirect_uri
    const elsewhere = new URL(callback);
    elsewhere.pathname = "/elsewhere";
    await oauthError(client.authorizationCodeGrant(config, elsewhere, checks), 400, "invalid_grant", "Incorrect redirect_uri");
  });

  test("a state mismatch is caught by openid-client before the code is sent", T, async () => {
    const config = await configure(FRONTEND, client.None());
    const { callback, checks } = await browserLogin(config, "alice");
    const err = await rejection(client.authorizationCodeGrant(config, callback, { ...checks, expectedState: client.randomState() }));
    assert.ok(err instanceof client.ClientError, String(err));
    assert.equal(err.code, "OAUTH_INVALID_RESPONSE");
    assert.match(err.cause.message, /"state"/);
    // nothing reached the token endpoint: the code still works with the right state
    const tokens = await client.authorizationCodeGrant(config, callback, checks);
    assert.equal(tokens.claims().nonce, checks.expectedNonce);
  });

  test("a nonce mismatch is caught by openid-client in the ID token", T, async () => {
    const config = await configure(FRONTEND, client.None());
    const { callback, checks } = await browserLogin(config, "bob");
    const err = await rejection(client.authorizationCodeGrant(config, callback, { ...checks, expectedNonce: client.randomNonce() }));
    assert.ok(err instanceof client.ClientError, String(err));
    assert.equal(err.code, "OAUTH_JWT_CLAIM_COMPARISON_FAILED");
    assert.match(err.cause.message, /"nonce"/);
  });

  test("an unregistered redirect_uri or an unknown client: a 400 page, no redirect", T, async () => {
    const config = await configure(FRONTEND, client.None());
    for (const redirect_uri of ["http://evil.example/callback", "http://localhost:3001/callback",
                                "http://localhost:3000.evil.example/callback", "https://localhost:3000/callback"]) {
      const { url } = await authorizationRequest(config, { redirect_uri });
      assertErrorPage(await openLoginPage(url), 400, "Invalid parameter: redirect_uri");
    }
    const { url } = await authorizationRequest(config, { client_id: "no-such-client" });
    assertErrorPage(await openLoginPage(url), 400, "Client not found.");
  });

  // Keycloak's RedirectUtils: a pattern `<prefix>/*` also matches `<prefix>` itself (it retries
  // without the trailing slash), so the app's bare origin is a valid redirect URI.
  test("the bare origin matches http://localhost:3000/*", T, async () => {
    const config = await configure(FRONTEND, client.None());
    // (not exchanged: openid-client would send the callback as http://localhost:3000/, another URI)
    const { callback, checks } = await browserLogin(config, "bob", "bob-password", { redirect_uri: "http://localhost:3000" });
    assert.equal(callback.origin, "http://localhost:3000");
    assert.equal(callback.searchParams.get("state"), checks.expectedState);
    assert.ok(callback.searchParams.get("code"));
  });

  test("frontend requires PKCE S256: an error redirect openid-client reports", T, async () => {
    const config = await configure(FRONTEND, client.None());
    for (const [change, description] of [
      [(url) => { url.searchParams.delete("code_challenge"); url.searchParams.delete("code_challenge_method"); },
       "Missing parameter: code_challenge"],
      [(url) => url.searchParams.set("code_challenge_method", "plain"),
       "Invalid parameter: code challenge method is not configured one"],
    ]) {
      const { url, checks } = await authorizationRequest(config);
      change(url);
      const page = await openLoginPage(url);
      assert.equal(page.response.status, 302, page.html.slice(0, 500));
      const callback = new URL(page.response.headers.get("location"));
      assert.equal(callback.origin + callback.pathname, CALLBACK);
      assert.equal(callback.searchParams.get("error"), "invalid_request");
      assert.equal(callback.searchParams.get("error_description"), description);
      assert.equal(callback.searchParams.get("state"), checks.expectedState);
      assert.equal(callback.searchParams.get("code"), null);
      const err = await rejection(client.authorizationCodeGrant(config, callback, checks));
      assert.ok(err instanceof client.AuthorizationResponseError, String(err));
      assert.equal(err.error, "invalid_request");
      assert.equal(err.error_description, description);
    }
  });

  test("the code verifier is required at the token endpoint", T, async () => {
    const config = await configure(FRONTEND, client.None());
    const { callback, checks } = await browserLogin(config, "bob");
    const { pkceCodeVerifier, ...withoutVerifier } = checks;
    await oauthError(client.authorizationCodeGrant(config, callback, withoutVerifier), 400, "invalid_grant",
                     "PKCE code verifier not specified");
  });

  // Keycloak's LogoutEndpoint checks post_logout_redirect_uri before it touches the session.
  async function badPostLogout() {
    const config = await configure(FRONTEND, client.None());
    const { callback, checks } = await browserLogin(config, "alice");
    const tokens = await client.authorizationCodeGrant(config, callback, checks);
    const logout = client.buildEndSessionUrl(config, {
      id_token_hint: tokens.id_token, post_logout_redirect_uri: "http://evil.example/bye", state: client.randomState(),
    });
    return { config, tokens, page: await openLoginPage(logout) };
  }

  test("logout to an unregistered post_logout_redirect_uri: a 400 page, no redirect", T, async () => {
    const { page } = await badPostLogout();
    assertErrorPage(page, 400, "Invalid redirect uri");
  });

  // Keycloak checks post_logout_redirect_uri before it ends anything.
  test("a refused logout keeps the session", T, async () => {
    const { config, tokens } = await badPostLogout();
    const refreshed = await client.refreshTokenGrant(config, tokens.refresh_token);
    assert.equal(refreshed.claims().sid, tokens.claims().sid);
  });
});

describe("errors as Keycloak words them", () => {
  test("wrong password: 401 invalid_grant", T, async () => {
    const config = await configure();
    await oauthError(password(config, "carol", "not-carols-password"), 401, "invalid_grant", "Invalid user credentials");
    await oauthError(password(config, "nobody", "whatever"), 401, "invalid_grant", "Invalid user credentials");
  });

  test("wrong client secret: 401 unauthorized_client", T, async () => {
    for (const auth of [client.ClientSecretBasic("wrong-secret"), client.ClientSecretPost("wrong-secret")]) {
      const config = await configure(BACKEND, auth);
      await oauthError(password(config, "alice", "alice-password"), 401, "unauthorized_client",
                       "Invalid client or Invalid client credentials");
      await oauthError(client.clientCredentialsGrant(config), 401, "unauthorized_client");
    }
  });

  test("a public client may not use client_credentials", T, async () => {
    const config = await configure("frontend", client.None());
    await oauthError(client.clientCredentialsGrant(config), 401, "unauthorized_client", /service account/);
  });

  test("a client without direct access grants may not use password", T, async () => {
    const config = await configure("frontend", client.None());
    await oauthError(password(config, "alice", "alice-password"), 400, "unauthorized_client",
                     "Client not allowed for direct access grants");
  });

  test("a tampered token: jose rejects its signature, userinfo says invalid_token", T, async () => {
    const config = await configure();
    const tokens = await password(config, "bob", "bob-password");
    const forged = tamper(tokens.access_token);
    const err = await rejection(verify(forged));
    assert.ok(err instanceof joseErrors.JWSSignatureVerificationFailed, String(err));
    await bearerChallenge(client.fetchUserInfo(config, forged, client.skipSubjectCheck), 401, "invalid_token");
    assert.equal((await client.tokenIntrospection(config, forged)).active, false);
  });

  test("a token signed by another key is rejected", T, async () => {
    const config = await configure();
    const tokens = await password(config, "alice", "alice-password");
    const claims = decodeJwt(tokens.access_token);
    const { kid } = decodeProtectedHeader(tokens.access_token);
    const { privateKey } = await generateKeyPair("RS256");
    // same claims and kid as a real token, a key of our own
    const forged = await new SignJWT(claims).setProtectedHeader({ alg: "RS256", typ: "JWT", kid }).sign(privateKey);
    const err = await rejection(verify(forged));
    assert.ok(err instanceof joseErrors.JWSSignatureVerificationFailed, String(err));
    // a kid the realm does not publish
    const unknown = await new SignJWT(claims).setProtectedHeader({ alg: "RS256", typ: "JWT", kid: "not-the-realms" })
      .sign(privateKey);
    const err2 = await rejection(verify(unknown));
    assert.ok(err2 instanceof joseErrors.JWKSNoMatchingKey, String(err2));
    for (const token of [forged, unknown]) {
      await bearerChallenge(client.fetchUserInfo(config, token, client.skipSubjectCheck), 401, "invalid_token");
      assert.equal((await client.tokenIntrospection(config, token)).active, false);
    }
  });

  test("an unsigned (alg none) token is rejected", T, async () => {
    const config = await configure();
    const tokens = await password(config, "alice", "alice-password");
    const [, payload] = tokens.access_token.split(".");
    const none = `${base64url.encode(JSON.stringify({ alg: "none", typ: "JWT" }))}.${payload}.`;
    await rejection(verify(none));
    await bearerChallenge(client.fetchUserInfo(config, none, client.skipSubjectCheck), 401, "invalid_token");
    assert.equal((await client.tokenIntrospection(config, none)).active, false);
  });
});

// Moves the shared sim's clock by a few minutes: keep this suite last.
describe("expiry on the simulated clock", () => {
  test("past accessTokenLifespan: jose says exp, userinfo refuses, refresh still works", T, async () => {
    const config = await configure();
    const tokens = await password(config, "bob", "bob-password");
    const sub = tokens.claims().sub;
    await verify(tokens.access_token);
    assert.equal((await client.fetchUserInfo(config, tokens.access_token, sub)).sub, sub);

    await advanceClock(`${ACCESS_TOKEN_LIFESPAN + 60}s`);

    for (const [token, options] of [[tokens.access_token, {}], [tokens.id_token, { audience: BACKEND }]]) {
      const err = await rejection(verify(token, options));
      assert.ok(err instanceof joseErrors.JWTExpired, String(err));
      assert.equal(err.claim, "exp");
    }
    const later = await configure();  // openid-client's clock follows the sim's
    await bearerChallenge(client.fetchUserInfo(later, tokens.access_token, sub), 401, "invalid_token");
    assert.equal((await client.tokenIntrospection(later, tokens.access_token)).active, false);

    // the session is idle for less than ssoSessionIdleTimeout: the refresh token still works
    const refreshed = await client.refreshTokenGrant(later, tokens.refresh_token);
    const { payload } = await verify(refreshed.access_token);
    assert.equal(payload.iat, Math.floor((await simNow()).getTime() / 1000));
    assert.equal((await client.fetchUserInfo(later, refreshed.access_token, sub)).sub, sub);
  });
});
