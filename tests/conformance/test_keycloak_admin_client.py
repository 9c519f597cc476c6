"""Runs the @keycloak/keycloak-admin-client conformance test (keycloak_admin_client.test.mjs): npm's
Keycloak admin client logs in to the sim's built-in `master` realm as admin/admin through admin-cli
and manages the dev realm `northwind` through the sim's admin REST API (users, passwords, realm role
mappings, groups, clients), checking the effects with password grants for `backend`.

The client checks token expiry against the wall clock, so this runs against the session's
real-clock sim rather than the simulated-clock one."""
from conftest import run_node_test


def test_keycloak_admin_client(real_clock_sim):
    base = real_clock_sim.issuer().split("/realms/", 1)[0]
    run_node_test("keycloak_admin_client.test.mjs", ["@keycloak/keycloak-admin-client"], OIDC_BASE=base)
