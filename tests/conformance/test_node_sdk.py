"""Runs the Node conformance tests (AWS SDK for JavaScript v3) against the sim."""
from conftest import run_node_test


def test_node_sdk_secretsmanager(sim):
    run_node_test("secretsmanager.test.mjs", ["@aws-sdk"], SIM_ENDPOINT=sim.endpoint)
