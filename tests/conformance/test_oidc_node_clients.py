"""Runs the Node OpenID Connect client conformance tests (openid-client and jose) against the
sim's Keycloak-compatible identity provider for the dev realm `northwind`."""
from conftest import SIMCTL, run_node_test


def test_node_oidc_clients(sim):
    run_node_test("oidc_clients.test.mjs", ["openid-client", "jose"],
                  OIDC_ISSUER=sim.issuer(),
                  # Lets the tests read and move the simulated clock (token expiry).
                  SIMCTL=SIMCTL,
                  SIMCTL_ENDPOINT=f"127.0.0.1:{sim.port}")
