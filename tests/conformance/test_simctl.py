"""simctl as a user runs it: up/status/down, env, services, clock, exit codes,
clear one-line errors, and state that survives a crash."""
import json
import os
import signal
import socket
import subprocess

from conftest import ENVIRONMENTS, SIMCTL, Sim, client, start_sim


def run(*args, cwd=None):
    return subprocess.run([SIMCTL, *args], capture_output=True, text=True, timeout=60, cwd=cwd)


def test_help_everywhere():
    assert run("--help").returncode == 0
    for cmd in ("up", "status", "down", "env", "services", "clock", "fault", "journal"):
        out = run(cmd, "--help")
        assert out.returncode == 0, cmd
        assert "usage: simctl" in out.stdout, cmd


def test_usage_errors_exit_2():
    assert run("frobnicate").returncode == 2
    assert run("up", "--no-such-flag").returncode == 2
    assert run("up", "--port", "99999").returncode == 2


def test_env_list_show_export():
    out = run("env", "list", "--environments-dir", ENVIRONMENTS)
    assert out.returncode == 0
    assert out.stdout.split() == ["dev", "prod", "uat"]
    shown = json.loads(run("env", "show", "prod", "--json", "--environments-dir", ENVIRONMENTS).stdout)
    assert shown["account_id"] == "731926504812" and shown["region"] == "eu-west-1"
    assert shown["inventory"]["secrets"]
    exported = run("env", "export", "uat", "--environments-dir", ENVIRONMENTS).stdout
    assert "export AWS_ENDPOINT_URL=" in exported
    assert "export AWS_ACCESS_KEY_ID='284610397455'" in exported
    assert "export AWS_REGION='eu-west-2'" in exported


def test_missing_environment_is_one_clear_line(tmp_path):
    out = run("up", "nowhere", "--port", "0", "--state-dir", str(tmp_path), "--environments-dir", ENVIRONMENTS)
    assert out.returncode == 1
    assert out.stderr.startswith("simctl: ") and out.stderr.count("\n") == 1
    assert "nowhere" in out.stderr


def test_port_in_use_is_one_clear_line(tmp_path):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        out = run("up", "dev", "--ephemeral", "--port", str(port), "--state-dir", str(tmp_path),
                  "--environments-dir", ENVIRONMENTS)
    assert out.returncode == 1
    assert f"127.0.0.1:{port}" in out.stderr and "in use" in out.stderr


def test_services_lists_coverage():
    out = json.loads(run("services", "--json").stdout)
    sm = next(s for s in out if s["service"] == "secretsmanager")
    assert "GetSecretValue" in sm["implemented"] and "BatchGetSecretValue" in sm["implemented"]
    s3 = next(s for s in out if s["service"] == "s3")
    assert "PutObject" in s3["implemented"] and "CompleteMultipartUpload" in s3["implemented"]
    assert "PutBucketWebsite" in s3["missing"] and "PutObject" not in s3["missing"]
    rds = next(s for s in out if s["service"] == "rds")
    assert rds["implemented"] == [] and "CreateDBInstance" in rds["missing"]


def test_status_without_sim_exits_3(tmp_path):
    out = run("status", "--state-dir", str(tmp_path))
    assert out.returncode == 3
    assert run("down", "--state-dir", str(tmp_path)).returncode == 3


def test_detach_status_down(tmp_path):
    out = run("up", "dev", "--detach", "--ephemeral", "--port", "0", "--state-dir", str(tmp_path),
              "--environments-dir", ENVIRONMENTS)
    assert out.returncode == 0, out.stderr
    assert "ready in" in out.stdout and "detached: pid" in out.stdout
    try:
        status = run("status", "--json", "--state-dir", str(tmp_path))
        assert status.returncode == 0, status.stderr
        assert json.loads(status.stdout)["status"] == "running"
        again = run("up", "dev", "--detach", "--port", "0", "--state-dir", str(tmp_path),
                    "--environments-dir", ENVIRONMENTS)
        assert again.returncode == 1 and "already running" in again.stderr
    finally:
        down = run("down", "--state-dir", str(tmp_path))
    assert down.returncode == 0, down.stderr
    assert run("status", "--state-dir", str(tmp_path)).returncode == 3


def test_clock_refuses_to_move_real_time(tmp_root):
    s = start_sim(tmp_root, "dev", "--ephemeral")
    try:
        out = s.simctl("clock", "advance", "1d", check=False)
        assert out.returncode == 1 and "real time" in out.stderr
        shown = json.loads(s.simctl("clock", "--json").stdout)
        assert shown["simulated"] is False
    finally:
        s.stop()


def test_acknowledged_writes_survive_kill_9(tmp_root):
    s = start_sim(tmp_root, "dev")
    sm = client(s, "secretsmanager", region="eu-west-2")
    sm.create_secret(Name="crash/kept", SecretString="durable")
    sm.put_secret_value(SecretId="crash/kept", SecretString="durable-2")
    os.kill(s.proc.pid, signal.SIGKILL)
    s.proc.wait()
    restarted = Sim(["dev"], s.state_dir)
    try:
        sm2 = client(restarted, "secretsmanager", region="eu-west-2")
        assert sm2.get_secret_value(SecretId="crash/kept")["SecretString"] == "durable-2"
        prev = sm2.get_secret_value(SecretId="crash/kept", VersionStage="AWSPREVIOUS")
        assert prev["SecretString"] == "durable"
    finally:
        restarted.stop()


def test_hcl_syntax_error_names_file_line_col(tmp_path):
    import shutil
    envs = tmp_path / "environments"
    shutil.copytree(ENVIRONMENTS, envs)
    unit = envs / "dev" / "rds" / "terragrunt.hcl"
    unit.write_text(unit.read_text().replace("inputs = {", "inputs = {\n  broken = = 1", 1))
    for args in (["env", "show", "dev"], ["up", "dev", "--ephemeral", "--port", "0", "--state-dir", str(tmp_path)]):
        out = run(*args, "--environments-dir", str(envs))
        assert out.returncode == 1, args
        assert out.stderr.count("\n") == 1, out.stderr
        assert "dev/rds/terragrunt.hcl:" in out.stderr, out.stderr


def test_several_environments_each_in_its_own_account(tmp_root):
    s = start_sim(tmp_root, "dev", "uat", "--ephemeral")
    try:
        dev = client(s, "secretsmanager", region="eu-west-2")
        uat = client(s, "secretsmanager", region="eu-west-2", key="284610397455")
        dev_names = {x["Name"] for x in dev.list_secrets(MaxResults=100)["SecretList"]}
        uat_list = uat.list_secrets(MaxResults=100)["SecretList"]
        uat_names = {x["Name"] for x in uat_list}
        assert "northwind/dev/app/secret-key" in dev_names and not any("/uat/" in n for n in dev_names)
        assert "northwind/uat/app/secret-key" in uat_names and not any("/dev/" in n for n in uat_names)
        assert all(":284610397455:" in x["ARN"] for x in uat_list)
        # uat declares no values: the sim generated them, as Terraform's random_password would.
        value = uat.get_secret_value(SecretId="northwind/uat/app/secret-key")["SecretString"]
        assert len(value) == 64
    finally:
        s.stop()
