"""A realm file written by a real Keycloak: keycloak-connect's npm package
ships the whole-server export its own tests import into Keycloak 6.0.1
(test/fixtures/auth-utils/nodejs-test-realm.json: realms master, nodejs-test
and tokenRealmTest; master's admin has a hashed pbkdf2-sha256 credential in
the pre-12 `hashedSaltedValue` form, password `admin`). The sim imports it as
it is, from node_modules, and logs in with that password."""
import base64
import json
import os
import shutil
import urllib.error
import urllib.parse
import urllib.request

import pytest

from conftest import ENVIRONMENTS, start_sim

HERE = os.path.dirname(os.path.abspath(__file__))
EXPORT = os.path.join(HERE, "node_modules", "keycloak-connect", "test", "fixtures", "auth-utils",
                      "nodejs-test-realm.json")


@pytest.fixture(scope="module")
def real_export_sim(tmp_root):
    assert os.path.isfile(EXPORT), "run `npm ci` in tests/conformance (the README's test command does)"
    environments = os.path.join(tmp_root, "environments-real-keycloak")
    shutil.copytree(ENVIRONMENTS, environments)
    with open(os.path.join(environments, "identity.yaml"), "w") as f:
        f.write(f"dev: [{json.dumps(EXPORT)}]\n")
    s = start_sim(tmp_root, "dev", environments_dir=environments)
    yield s
    s.stop()


def password_grant(url, username, password):
    form = urllib.parse.urlencode({"grant_type": "password", "client_id": "admin-cli",
                                   "username": username, "password": password}).encode()
    try:
        with urllib.request.urlopen(urllib.request.Request(url, data=form), timeout=30) as response:
            return response.status, json.load(response)
    except urllib.error.HTTPError as e:
        return e.code, json.load(e)


def test_every_realm_of_the_export_is_served(real_export_sim):
    for realm in ("master", "nodejs-test", "tokenRealmTest"):
        assert real_export_sim.issuer(realm).endswith(f"/realms/{realm}")


def test_the_exported_admin_logs_in_with_its_known_password(real_export_sim):
    token_url = real_export_sim.issuer("master") + "/protocol/openid-connect/token"
    status, body = password_grant(token_url, "admin", "admin")
    assert status == 200, body
    claims = json.loads(base64.urlsafe_b64decode(body["access_token"].split(".")[1] + "=="))
    assert claims["preferred_username"] == "admin"
    assert "admin" in claims["realm_access"]["roles"]
    status, body = password_grant(token_url, "admin", "not-the-password")
    assert (status, body["error"], body["error_description"]) == \
        (401, "invalid_grant", "Invalid user credentials")
