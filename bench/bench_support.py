"""Small helpers the side-by-side benchmark scripts share."""
import socket
import tempfile
import time
import urllib.request


def free_port():
    """A loopback port nobody listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss_mib(pid, field="VmRSS"):
    """A process's resident set size in MiB (from /proc); field="VmHWM" for its peak."""
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    raise RuntimeError(f"no {field} for process {pid}")


def wait_ready(url, proc, timeout=30):
    """Polls until `url` answers; raises if `proc` exits first or time runs out."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=1) as r:
                r.read()
                return
        except Exception:
            time.sleep(0.001)
    raise RuntimeError(f"{url} never answered")


def write_wrk_script(method, body, headers):
    """A wrk Lua script replaying one request; returns its path (the caller removes it).
    `body` is text (empty for none)."""
    lua = [f"wrk.method = '{method}'"]
    if body:
        lua.append(f"wrk.body = '{body}'")
    lua += [f"wrk.headers['{k}'] = '{v}'" for k, v in headers.items()]
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as f:
        f.write("\n".join(lua) + "\n")
        return f.name
