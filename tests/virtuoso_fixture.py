"""A real Virtuoso (Debian's virtuoso-opensource-7) for the remote-store tests.

The session fixture ``virtuoso`` starts ``virtuoso-t`` on 127.0.0.1 with its
own configuration and database directory (free ports, a copy of the packaged
``virtuoso.ini``), grants SPARQL Update to the anonymous endpoint user, yields
the endpoint, and stops the server and removes its files afterwards. When
``virtuoso-t`` is missing, it tries ``.ci/install-virtuoso.sh`` (root with
apt-get only) and otherwise skips with the reason.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
INI = Path("/etc/virtuoso-opensource-7/virtuoso.ini")
DB_DIR = "/var/lib/virtuoso-opensource-7/db"


@dataclass
class Virtuoso:
    """A running Virtuoso: its SPARQL endpoint and how to reach its SQL port."""

    url: str
    http_port: int
    sql_port: int
    directory: Path
    process: subprocess.Popen

    def isql(self, sql: str) -> str:
        """Run SQL through isql-vt as dba."""
        done = subprocess.run(
            ["isql-vt", str(self.sql_port), "dba", "dba", f"exec={sql}"],
            capture_output=True,
            text=True,
            timeout=60,
        )
        if done.returncode != 0:
            raise RuntimeError(f"isql-vt failed: {done.stdout[-500:]} {done.stderr[-500:]}")
        return done.stdout

    def stop(self) -> None:
        """Shut the server down and wait for it."""
        if self.process.poll() is None:
            try:
                self.isql("shutdown();")
            except (RuntimeError, subprocess.TimeoutExpired, OSError):
                pass
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _installed() -> str | None:
    """Return None when virtuoso-t is usable, else the reason it is not."""
    if shutil.which("virtuoso-t") and shutil.which("isql-vt") and INI.is_file():
        return None
    script = ROOT / ".ci" / "install-virtuoso.sh"
    if os.geteuid() == 0 and shutil.which("apt-get") and script.is_file():
        subprocess.run(["bash", str(script)], capture_output=True, timeout=600)
        if shutil.which("virtuoso-t") and shutil.which("isql-vt") and INI.is_file():
            return None
    return (
        "Virtuoso is not installed and could not be installed here "
        "(run .ci/install-virtuoso.sh as root: apt-get install virtuoso-opensource-7)"
    )


def _config(directory: Path, sql_port: int, http_port: int) -> Path:
    text = INI.read_text(encoding="utf-8", errors="replace").replace(DB_DIR, str(directory))
    out: list[str] = []
    section = ""
    for line in text.splitlines():
        header = re.match(r"^\s*\[(\w[\w ]*)\]", line)
        if header:
            section = header.group(1)
        elif re.match(r"^\s*ServerPort\s*=", line):
            port = sql_port if section == "Parameters" else http_port
            host = "127.0.0.1:" if section in ("Parameters", "HTTPServer") else ""
            line = f"ServerPort = {host}{port}"
        elif re.match(r"^\s*DirsAllowed\s*=", line):
            line = f"DirsAllowed = ., {directory}, /usr/share/virtuoso-opensource-7/vad"
        elif re.match(r"^\s*ResultSetMaxRows\s*=", line):
            line = "ResultSetMaxRows = 1000000"
        elif re.match(r"^\s*ServerRoot\s*=", line) and section == "HTTPServer":
            line = f"ServerRoot = {directory}"
        out.append(line)
    path = directory / "virtuoso.ini"
    path.write_text("\n".join(out) + "\n", encoding="utf-8")
    return path


def start_virtuoso(timeout: float = 120.0) -> Virtuoso:
    """Start a private Virtuoso on 127.0.0.1; raise RuntimeError if it does not come up."""
    import httpx

    directory = Path(tempfile.mkdtemp(prefix="tkg-virtuoso-"))
    sql_port, http_port = _free_port(), _free_port()
    ini = _config(directory, sql_port, http_port)
    log = (directory / "stdout.log").open("w")
    process = subprocess.Popen(
        ["virtuoso-t", "-c", str(ini), "+foreground"],
        cwd=directory,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    server = Virtuoso(
        f"http://127.0.0.1:{http_port}/sparql", http_port, sql_port, directory, process
    )
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(
                f"virtuoso-t exited: {(directory / 'stdout.log').read_text()[-800:]}"
            )
        try:
            r = httpx.get(server.url, params={"query": "ASK {}"}, timeout=5)
            if r.status_code == 200:
                break
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    else:
        server.stop()
        raise RuntimeError(f"Virtuoso did not answer on {server.url} within {timeout:.0f} s")
    server.isql('GRANT SPARQL_UPDATE TO "SPARQL";')
    server.isql("DB.DBA.RDF_DEFAULT_USER_PERMS_SET('nobody', 7);")
    return server


@pytest.fixture(scope="session")
def virtuoso():
    """A running Virtuoso endpoint for the session (skipped with the reason if unavailable)."""
    reason = _installed()
    if reason:
        pytest.skip(reason)
    server = start_virtuoso()
    try:
        yield server
    finally:
        server.stop()
        shutil.rmtree(server.directory, ignore_errors=True)
