"""Runs the @keycloak/keycloak-admin-client conformance test (keycloak_admin_client.test.mjs): npm's
Keycloak admin client logs in to the sim's built-in `master` realm as admin/admin through admin-cli
and manages the dev realm `northwind` through the sim's admin REST API (users, passwords, realm role
mappings, groups, clients), checking the effects with password grants for `backend`.

The sim verifies master tokens on its own clock and the client checks their expiry against the wall
clock, so, to keep it simple, this module starts its own sim on the real clock instead of using the
session's simulated-clock sim."""
import os
import subprocess

import pytest

from conftest import start_sim

HERE = os.path.dirname(os.path.abspath(__file__))
SERVICE = "identity northwind"


@pytest.fixture(scope="module")
def real_clock_sim(tmp_root):
    """A dev sim on the real clock (start_sim's defaults), for this module only."""
    s = start_sim(tmp_root, "dev")
    yield s
    s.stop()


def oidc_base(sim, environment="dev"):
    """The identity provider's base URL: the realm's issuer without /realms/<realm>."""
    for endpoint in sim.health()["endpoints"]:
        if endpoint["environment"] == environment and endpoint["service"] == SERVICE:
            issuer = endpoint["address"]
            assert "/realms/" in issuer, issuer
            return issuer.split("/realms/", 1)[0]
    raise KeyError(SERVICE)


def test_keycloak_admin_client(real_clock_sim):
    assert os.path.isdir(os.path.join(HERE, "node_modules", "@keycloak", "keycloak-admin-client")), \
        "run `npm ci` in tests/conformance (the README's test command does)"
    env = dict(os.environ, OIDC_BASE=oidc_base(real_clock_sim))
    result = subprocess.run(["node", "--test", "--test-reporter=spec", "keycloak_admin_client.test.mjs"],
                            cwd=HERE, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
