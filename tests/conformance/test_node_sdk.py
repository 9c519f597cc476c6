"""Runs the Node conformance tests (AWS SDK for JavaScript v3) against the sim."""
import os
import subprocess

HERE = os.path.dirname(os.path.abspath(__file__))


def test_node_sdk_secretsmanager(sim):
    assert os.path.isdir(os.path.join(HERE, "node_modules", "@aws-sdk")), \
        "run `npm ci` in tests/conformance (the README's test command does)"
    result = subprocess.run(["node", "--test", "secretsmanager.test.mjs"], cwd=HERE,
                            env=dict(os.environ, SIM_ENDPOINT=sim.endpoint),
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
