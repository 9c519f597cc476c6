"""Runs the keycloak-connect conformance test (keycloak_connect.test.mjs): an Express app protected by
npm's keycloak-connect adapter in bearer-only mode, with tokens from the sim's Keycloak-compatible
identity provider for the dev realm `northwind`.

keycloak-connect checks token expiry against the wall clock, so this runs against the session's
real-clock sim rather than the simulated-clock one."""
from conftest import run_node_test


def test_keycloak_connect(real_clock_sim):
    base = real_clock_sim.issuer().split("/realms/", 1)[0]
    run_node_test("keycloak_connect.test.mjs", ["keycloak-connect", "express"], OIDC_BASE=base)
