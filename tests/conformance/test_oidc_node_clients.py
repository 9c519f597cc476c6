"""Runs the Node OpenID Connect client conformance tests (openid-client and jose) against the
sim's Keycloak-compatible identity provider for the dev realm `northwind`."""
import os
import subprocess

from conftest import SIMCTL

HERE = os.path.dirname(os.path.abspath(__file__))
SERVICE = "identity northwind"


def issuer(sim, environment="dev"):
    """The realm's issuer URL, from the sim's health endpoints."""
    for endpoint in sim.health()["endpoints"]:
        if endpoint["environment"] == environment and endpoint["service"] == SERVICE:
            return endpoint["address"]
    raise KeyError(SERVICE)


def test_node_oidc_clients(sim):
    for package in ("openid-client", "jose"):
        assert os.path.isdir(os.path.join(HERE, "node_modules", package)), \
            "run `npm ci` in tests/conformance (the README's test command does)"
    env = dict(os.environ,
               OIDC_ISSUER=issuer(sim),
               # Lets the tests read and move the simulated clock (token expiry).
               SIMCTL=SIMCTL,
               SIMCTL_ENDPOINT=f"127.0.0.1:{sim.port}")
    result = subprocess.run(["node", "--test", "--test-reporter=spec", "oidc_clients.test.mjs"], cwd=HERE,
                            env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
