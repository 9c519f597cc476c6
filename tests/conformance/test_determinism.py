"""Same seed + same steps = same journal, byte for byte (simulated clock)."""
import json

from conftest import client, start_sim


def run_steps(tmp_root, seed):
    s = start_sim(tmp_root, "dev", "--ephemeral", "--clock", "sim", "--start", "2026-03-01T00:00:00Z",
                  "--seed", str(seed))
    try:
        sm = client(s, "secretsmanager", region="eu-west-2")
        arn = sm.create_secret(Name="det/one", SecretString="a")["ARN"]
        sm.put_secret_value(SecretId="det/one", SecretString="b")
        sm.get_random_password(PasswordLength=20)
        sm.delete_secret(SecretId="det/one", RecoveryWindowInDays=7)
        s.simctl("clock", "advance", "8d")
        journal = json.loads(s.simctl("journal", "--limit", "100000", "--json").stdout)
        return arn, journal["entries"]
    finally:
        s.stop()


def test_same_seed_same_journal(tmp_root):
    arn_a, first = run_steps(tmp_root, 7)
    arn_b, second = run_steps(tmp_root, 7)
    assert arn_a == arn_b
    assert first == second
    actions = [e["action"] for e in first]
    assert "PurgeSecret" in actions or any("Purge" in a for a in actions), actions


def test_other_seed_other_ids(tmp_root):
    arn_a, first = run_steps(tmp_root, 7)
    arn_c, third = run_steps(tmp_root, 8)
    assert arn_a != arn_c
    assert [e["request_id"] for e in first] != [e["request_id"] for e in third]
