"""Safe defaults (issue 9): without GOFTAR_AUTH the app listens on 127.0.0.1 only; scripts/run.sh opens it to the
network only with logins on."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import tomllib
import urllib.request
from pathlib import Path

import pytest
from conftest import ROOT


def test_streamlit_config_binds_localhost():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["address"] == "127.0.0.1"


@pytest.fixture
def sandbox(tmp_path):
    """A copy of run.sh beside a fake venv whose `streamlit` prints its arguments (nothing is installed)."""
    (tmp_path / "scripts").mkdir()
    shutil.copy(ROOT / "scripts" / "run.sh", tmp_path / "scripts" / "run.sh")
    (tmp_path / "requirements.txt").write_text("", encoding="utf-8")
    tools = tmp_path / "tools"
    tools.mkdir()
    venv = tmp_path / ".venv" / "bin"
    venv.mkdir(parents=True)
    for path, body in ((tools / "python3", "exit 0"), (venv / "pip", "exit 0"), (venv / "streamlit", 'echo "$@"')):
        path.write_text(f"#!/usr/bin/env bash\n{body}\n", encoding="utf-8")
        path.chmod(0o755)

    def run(**environment: str) -> subprocess.CompletedProcess:
        env = {k: v for k, v in os.environ.items() if k not in ("GOFTAR_AUTH", "GOFTAR_ADDRESS")}
        env.update(environment, PATH=f"{tools}{os.pathsep}{env['PATH']}")
        return subprocess.run(["bash", str(tmp_path / "scripts" / "run.sh")], env=env, capture_output=True,
                              text=True, timeout=60, check=True)

    return run


@pytest.mark.parametrize(("environment", "address", "warned"), [
    ({}, "127.0.0.1", False),  # local mode: full rights, no login, so this machine only
    ({"GOFTAR_ADDRESS": "0.0.0.0"}, "127.0.0.1", True),  # not opened without logins, and says why
    ({"GOFTAR_AUTH": "auth.yaml"}, "0.0.0.0", False),  # logins on: the team can reach it
    ({"GOFTAR_AUTH": "auth.yaml", "GOFTAR_ADDRESS": "10.1.2.3"}, "10.1.2.3", False),  # one chosen interface
])
def test_run_script_address(sandbox, environment, address, warned):
    result = sandbox(**environment)
    assert result.stdout.split() == ["run", "app.py", "--server.address", address]
    assert ("GOFTAR_AUTH" in result.stderr) == warned


def _listening_addresses(port: int) -> set[str]:
    """Local IPv4/IPv6 addresses listening on `port`, from /proc/net (Linux)."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            host, hex_port = local.split(":")
            if state == "0A" and int(hex_port, 16) == port:
                found.add(socket.inet_ntoa(bytes.fromhex(host)[::-1]) if len(host) == 8 else host)
    return found


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/net/tcp").exists(), reason="reads listening sockets from Linux /proc")
def test_app_started_without_an_address_listens_on_localhost_only(tmp_path):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    environment = {k: v for k, v in os.environ.items() if k != "GOFTAR_AUTH"}
    environment["GOFTAR_DATABASE_URL"] = f"sqlite:///{tmp_path / 'goftar.db'}"
    process = subprocess.Popen(  # no --server.address: the project's config decides
        [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.headless", "true",
         "--server.port", str(port)], cwd=ROOT, env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2):
                    break
            except OSError:
                time.sleep(0.5)
        assert _listening_addresses(port) == {"127.0.0.1"}
    finally:
        process.terminate()
        process.wait(timeout=20)
