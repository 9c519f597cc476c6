"""Runs the keycloak-connect conformance test (keycloak_connect.test.mjs): an Express app protected by
npm's keycloak-connect adapter in bearer-only mode, with tokens from the sim's Keycloak-compatible
identity provider for the dev realm `northwind`.

keycloak-connect checks token expiry against the wall clock, so this module starts its own sim on
the real clock instead of using the session's simulated-clock sim."""
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


def test_keycloak_connect(real_clock_sim):
    for package in ("keycloak-connect", "express"):
        assert os.path.isdir(os.path.join(HERE, "node_modules", package)), \
            "run `npm ci` in tests/conformance (the README's test command does)"
    env = dict(os.environ, OIDC_BASE=oidc_base(real_clock_sim))
    result = subprocess.run(["node", "--test", "--test-reporter=spec", "keycloak_connect.test.mjs"], cwd=HERE,
                            env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
