"""Runs the Node S3 conformance tests (@aws-sdk/client-s3 with its default checksums,
@aws-sdk/lib-storage, @aws-sdk/s3-request-presigner) against the sim."""
import pytest

from conftest import run_node_test


@pytest.fixture(scope="module")
def sim(real_clock_sim):
    """Presigned URLs expire by wall time plus how far the sim's clock was
    advanced, and other modules advance the shared sim's clock by days."""
    return real_clock_sim


def test_node_s3_clients(sim):
    run_node_test("s3_clients.test.mjs",
                  ["@aws-sdk/client-s3", "@aws-sdk/lib-storage", "@aws-sdk/s3-request-presigner"],
                  SIM_ENDPOINT=sim.endpoint)
