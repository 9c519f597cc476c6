"""Direct HTTP checks of the sim's Keycloak-compatible OpenID Connect provider (realm `northwind`,
app/keycloak/realm-export.json): discovery, JWKS, and the token endpoint's error bodies as Keycloak
words them. The client libraries are exercised by test_oidc_node_clients.py."""
import base64
import json
import urllib.error
import urllib.parse
import urllib.request

import pytest

BACKEND = ("backend", "backend-secret")


def call(url, form=None, auth=None, method=None):
    """(status, headers, parsed JSON body or None) of a request; form is sent urlencoded."""
    data = urllib.parse.urlencode(form).encode() if form is not None else None
    request = urllib.request.Request(url, data=data, method=method)
    if data is not None:
        request.add_header("Content-Type", "application/x-www-form-urlencoded")
    if auth:
        request.add_header("Authorization", "Basic " + base64.b64encode(":".join(auth).encode()).decode())
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            status, headers, body = response.status, response.headers, response.read()
    except urllib.error.HTTPError as e:
        status, headers, body = e.code, e.headers, e.read()
    return status, headers, (json.loads(body) if body else None)


@pytest.fixture(scope="module")
def realm(sim):
    return sim.issuer()


@pytest.fixture(scope="module")
def token_endpoint(realm):
    return realm + "/protocol/openid-connect/token"


def test_issuer_is_on_loopback(realm):
    assert realm.startswith("http://127.0.0.1:")
    assert realm.endswith("/realms/northwind")


def test_discovery(realm):
    status, headers, doc = call(realm + "/.well-known/openid-configuration")
    assert status == 200
    assert headers["Content-Type"].startswith("application/json")
    oidc = realm + "/protocol/openid-connect"
    assert doc["issuer"] == realm
    assert doc["authorization_endpoint"] == oidc + "/auth"
    assert doc["token_endpoint"] == oidc + "/token"
    assert doc["userinfo_endpoint"] == oidc + "/userinfo"
    assert doc["jwks_uri"] == oidc + "/certs"
    assert doc["introspection_endpoint"] == oidc + "/token/introspect"
    assert doc["revocation_endpoint"] == oidc + "/revoke"
    assert doc["end_session_endpoint"] == oidc + "/logout"
    assert {"authorization_code", "password", "client_credentials", "refresh_token"} <= set(doc["grant_types_supported"])
    assert "RS256" in doc["id_token_signing_alg_values_supported"]
    assert "code" in doc["response_types_supported"]
    assert "S256" in doc["code_challenge_methods_supported"]
    assert {"client_secret_basic", "client_secret_post"} <= set(doc["token_endpoint_auth_methods_supported"])
    assert "openid" in doc["scopes_supported"]
    assert "public" in doc["subject_types_supported"]


def test_jwks_has_an_rs256_signing_key(realm):
    status, _, jwks = call(realm + "/protocol/openid-connect/certs")
    assert status == 200
    keys = [k for k in jwks["keys"] if k.get("alg") == "RS256"]
    assert len(keys) == 1, jwks
    key = keys[0]
    assert key["kty"] == "RSA" and key["use"] == "sig"
    assert key["kid"] and key["n"] and key["e"] == "AQAB"
    assert "d" not in key and "p" not in key


def test_tokens_carry_the_jwks_kid(realm, token_endpoint):
    status, _, tokens = call(token_endpoint, {"grant_type": "client_credentials"}, auth=BACKEND)
    assert status == 200, tokens
    header_b64 = tokens["access_token"].split(".")[0]
    header = json.loads(base64.urlsafe_b64decode(header_b64 + "=" * (-len(header_b64) % 4)))
    _, _, jwks = call(realm + "/protocol/openid-connect/certs")
    assert header["alg"] == "RS256"
    assert header["kid"] in {k["kid"] for k in jwks["keys"]}
    assert tokens["token_type"] == "Bearer"
    assert "refresh_token" not in tokens


def test_missing_grant_type(token_endpoint):
    status, headers, body = call(token_endpoint, {"client_id": "backend", "client_secret": "backend-secret"})
    assert status == 400
    assert headers["Content-Type"].startswith("application/json")
    assert body == {"error": "invalid_request", "error_description": "Missing form parameter: grant_type"}


def test_unsupported_grant_type(token_endpoint):
    status, _, body = call(token_endpoint, {"grant_type": "urn:example:nothing"}, auth=BACKEND)
    assert status == 400
    assert body == {"error": "unsupported_grant_type", "error_description": "Unsupported grant_type"}


def test_wrong_client_secret(token_endpoint):
    status, _, body = call(token_endpoint, {"grant_type": "client_credentials"}, auth=("backend", "wrong"))
    assert status == 401
    assert body == {"error": "unauthorized_client", "error_description": "Invalid client or Invalid client credentials"}


def test_unknown_user(token_endpoint):
    status, _, body = call(token_endpoint, {"grant_type": "password", "username": "nobody", "password": "x"},
                           auth=BACKEND)
    assert status == 401
    assert body == {"error": "invalid_grant", "error_description": "Invalid user credentials"}


def test_token_response_fields(token_endpoint):
    status, headers, tokens = call(token_endpoint, {"grant_type": "password", "username": "dave",
                                                    "password": "dave-password", "scope": "openid"}, auth=BACKEND)
    assert status == 200, tokens
    assert headers["Cache-Control"] == "no-store"
    assert tokens["token_type"] == "Bearer"
    assert tokens["expires_in"] == 300
    assert tokens["refresh_expires_in"] == 1800
    assert tokens["not-before-policy"] == 0
    assert tokens["session_state"]
    assert set(tokens["scope"].split()) == {"openid", "profile", "email"}
    assert tokens["access_token"] and tokens["id_token"] and tokens["refresh_token"]


@pytest.mark.parametrize("path", ["/.well-known/openid-configuration", "/protocol/openid-connect/certs"])
def test_unknown_realm_is_404(realm, path):
    unknown = realm.rsplit("/", 1)[0] + "/no-such-realm"
    status, _, body = call(unknown + path)
    assert status == 404
    assert body == {"error": "Realm does not exist"}


def test_unknown_realm_token_endpoint_is_404(realm):
    unknown = realm.rsplit("/", 1)[0] + "/no-such-realm"
    status, _, body = call(unknown + "/protocol/openid-connect/token", {"grant_type": "client_credentials"},
                           auth=BACKEND)
    assert status == 404
    assert body == {"error": "Realm does not exist"}


def test_realm_info_publishes_the_jwks_key(sim):
    """GET /realms/<realm>: the public key older Keycloak adapters read."""
    status, _, info = call(sim.issuer())
    assert status == 200
    assert info["realm"] == "northwind"
    assert info["token-service"] == sim.issuer() + "/protocol/openid-connect"
    der = base64.b64decode(info["public_key"])
    _, _, jwks = call(sim.issuer() + "/protocol/openid-connect/certs")
    modulus = base64.urlsafe_b64decode(jwks["keys"][0]["n"] + "==")
    assert modulus in der  # the same RSA key, DER-encoded
