"""Attack a live `tkg serve` and the command line with the cases of issue 12; then 50 clients.

Builds a store from examples/ (the curated fact sheets) in a temporary
directory, starts ``python -m graph serve`` on 127.0.0.1 (a free port; loopback
only, nothing leaves the machine) with small limits, and runs every case:
hostile queries (deep nesting, queries past the deadline, many at once, past
the memory cap), hostile bodies (chunked without Content-Length, a huge
Content-Length, a huge query string, idle connections), updates and LOAD
(no token, wrong token, SERVICE, a LOAD from a server that never answers, too
big, invalid facts, file:, a valid one), queries during updates, a read-only
server seeing new reports, bad files, damaged stores, a full disk (a
file-size limit, like a full disk without root; /dev/full for exports),
killed and concurrent loads. Each case prints one line: ``handled`` (the right
status or one clear error line, no traceback, no signal, nothing lost) or
``FAILED`` with what was seen. Then 50 concurrent clients send a small SELECT
for a fixed time (keep-alive HTTP/1.1 from one asyncio process), through the
query workers and, for comparison in the same run, through a second server on
the thread path (``--workers 0``). Peak RSS of the server process (and of its
workers) is sampled every 0.1 s throughout.

The exit code is 1 when any case failed (or requests/s stayed under
``--min-rps``). ``--quick`` runs a reduced set with a 2 s load (the test suite's
smoke test).

    python bench/attack.py            # every case, 10 s load (under 3 minutes)
    python bench/attack.py --quick    # a reduced set (about 20 s)

Timings depend on the machine's load: the load average is printed with the figures.
"""

from __future__ import annotations

import argparse
import asyncio
import http.server
import json
import os
import resource
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
TOKEN = "attack-token"
TIMEOUT = 2.0
WORKERS = 2
WORKER_MEMORY_MB = 200
MAX_REQUEST = 50_000
LOAD_TIMEOUT = 2.0
MAX_LOAD = 100_000
ENDLESS_COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
ENDLESS_CONSTRUCT = (
    "CONSTRUCT { ?a ?b ?x } WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i "
    "BIND(CONCAT(STR(?c), STR(?f), STR(?i)) AS ?x) }"
)
MEMORY_HOG = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?c ?f"
PERSONS = "SELECT ?p ?name WHERE { ?p a tkg:Person ; rdfs:label ?name } LIMIT 20"


# -- processes ---------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _proc_table() -> dict[int, int]:
    table = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                table[int(entry.name)] = int(
                    (entry / "stat").read_text().rsplit(")", 1)[1].split()[1]
                )
            except (OSError, IndexError, ValueError):
                continue
    return table


def descendants(pid: int) -> list[int]:
    table = _proc_table()
    found, frontier = [], [pid]
    while frontier:
        parent = frontier.pop()
        kids = [p for p, pp in table.items() if pp == parent]
        found += kids
        frontier += kids
    return found


def cpu_seconds(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def busy(pids: list[int], seconds: float = 1.5) -> list[int]:
    """The processes among ``pids`` that used more than a third of a CPU over ``seconds``."""
    before = {p: cpu_seconds(p) for p in pids}
    time.sleep(seconds)
    return [p for p in pids if cpu_seconds(p) - before[p] > seconds / 3]


class Server:
    """A ``python -m graph serve`` process, its URL, and its peak memory (sampled)."""

    def __init__(self, store: Path, log: Path, *options: str):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self._log = open(log, "w")  # noqa: SIM115
        self.log_path = log
        self.process = subprocess.Popen(
            [sys.executable, "-m", "graph", "serve", "--store", str(store)]
            + ["--port", str(self.port), *options],
            cwd=ROOT,
            stdout=self._log,
            stderr=subprocess.STDOUT,
        )
        self.peak_server = 0.0
        self.peak_worker = 0.0
        self._stop = threading.Event()
        self._sampler = threading.Thread(target=self._sample, daemon=True)
        deadline = time.monotonic() + 120
        while True:
            if self.process.poll() is not None:
                raise SystemExit(f"tkg serve exited at start:\n{log.read_text()[-2000:]}")
            try:
                if get(self.url + "/health", timeout=1)[0] == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise SystemExit("tkg serve did not start in 120 s")
            time.sleep(0.1)
        self._sampler.start()

    @property
    def pid(self) -> int:
        return self.process.pid

    def _sample(self) -> None:
        while not self._stop.is_set():
            self.peak_server = max(self.peak_server, rss_mb(self.pid))
            for child in descendants(self.pid):
                self.peak_worker = max(self.peak_worker, rss_mb(child))
            time.sleep(0.1)

    def alive(self) -> bool:
        return self.process.poll() is None

    def stop(self) -> None:
        self._stop.set()
        self.process.terminate()
        try:
            self.process.wait(15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(5)
        self._log.close()


# -- HTTP --------------------------------------------------------------------------


def request(
    method: str,
    url: str,
    *,
    data: bytes | None = None,
    headers: dict[str, str] | None = None,
    timeout: float = 60,
) -> tuple[int, str]:
    req = urllib.request.Request(url, data=data, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return r.status, r.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode("utf-8", "replace")


def get(url: str, timeout: float = 60, **params: str) -> tuple[int, str]:
    query = "?" + urllib.parse.urlencode(params) if params else ""
    return request("GET", url + query, timeout=timeout)


def post_form(
    url: str, timeout: float = 60, token: str | None = None, **form: str
) -> tuple[int, str]:
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    return request(
        "POST", url, data=urllib.parse.urlencode(form).encode(), headers=headers, timeout=timeout
    )


# -- a small source of fact files for LOAD ---------------------------------------------


class _Source(http.server.BaseHTTPRequestHandler):
    pages: dict[str, tuple[str, bytes]] = {}

    def do_GET(self) -> None:  # noqa: N802
        if self.path not in self.pages:
            self.send_error(404)
            return
        ctype, body = self.pages[self.path]
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.end_headers()  # no Content-Length: the size limit must count while reading
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


# -- the run ---------------------------------------------------------------------------


class Attack:
    def __init__(self, work: Path, quick: bool):
        self.work = work
        self.quick = quick
        self.results: list[tuple[str, bool, str]] = []

    def case(self, name: str, check: Callable[[], str]) -> None:
        """Run one case: ``check`` returns a detail, or raises AssertionError with what was seen."""
        started = time.monotonic()
        try:
            detail = check()
            ok = True
        except AssertionError as e:
            detail, ok = str(e) or "assertion failed", False
        except Exception as e:  # a case that breaks the script is a failed case, named
            detail, ok = f"{type(e).__name__}: {e}", False
        seconds = time.monotonic() - started
        self.results.append((name, ok, detail))
        state = "handled" if ok else "FAILED "
        print(f"  {state} {name:<34} {seconds:5.1f} s  {detail}"[:220], flush=True)

    def tkg(
        self, *args: str, limit_as_mb: int = 0, limit_fsize: int = 0, timeout: float = 120
    ) -> subprocess.CompletedProcess[str]:
        def limits() -> None:
            if limit_as_mb:
                resource.setrlimit(resource.RLIMIT_AS, (limit_as_mb << 20, limit_as_mb << 20))
            if limit_fsize:
                signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
                resource.setrlimit(resource.RLIMIT_FSIZE, (limit_fsize, limit_fsize))

        return subprocess.run(
            [sys.executable, "-m", "graph", *args],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=timeout,
            preexec_fn=limits,
        )


def one_line_error(done: subprocess.CompletedProcess[str], *words: str) -> str:
    """Assert a command failed with one clear line (no traceback, no signal); return it."""
    out = (done.stdout + done.stderr).strip()
    assert done.returncode > 0, f"exit {done.returncode}: {out[-160:]}"
    assert "Traceback" not in out, f"traceback: {out.splitlines()[-1][:160]}"
    lines = [line for line in out.splitlines() if line.startswith("error:")]
    assert len(lines) == 1, f"expected one error line, got: {out[-200:]}"
    for word in words:
        assert word.lower() in lines[0].lower(), f"{word!r} not in: {lines[0][:160]}"
    return f"exit {done.returncode}: {lines[0][:110]}"


def http_cases(a: Attack, srv: Server, sources: tuple[str, str]) -> None:
    url = srv.url + "/sparql"
    good, silent = sources

    def nesting(kind: str, depth: int) -> Callable[[], str]:
        def check() -> str:
            if kind == "braces":
                code, body = post_form(
                    url, query="SELECT * WHERE " + "{" * depth + " ?s ?p ?o " + "}" * depth
                )
            elif kind == "parens":
                code, body = post_form(
                    url, query="ASK { FILTER(" + "(" * depth + "1" + ")" * depth + ") }"
                )
            else:
                code, body = post_form(
                    url,
                    token=TOKEN,
                    update="DELETE WHERE " + "{" * depth + " ?s ?p ?o " + "}" * depth,
                )
            assert code == 400 and "nesting limit" in body, f"{code} {body[:100]}"
            assert srv.alive(), "the server died"
            return f"{code} {body.strip()[:70]}"

        return check

    a.case("nesting: 2,500 braces (query)", nesting("braces", 2_500))
    a.case("nesting: 3,000 parentheses", nesting("parens", 3_000))
    if not a.quick:
        a.case("nesting: 3,000 braces (update)", nesting("update", 3_000))

    def past_deadline(query: str) -> Callable[[], str]:
        def check() -> str:
            before = rss_mb(srv.pid)
            started = time.monotonic()
            code, body = get(url, query=query)
            took = time.monotonic() - started
            assert code == 503 and "time limit" in body, f"{code} {body[:100]}"
            assert took < TIMEOUT + 2.5, f"answered after {took:.1f} s"
            time.sleep(0.3)
            hot = busy([srv.pid, *descendants(srv.pid)])
            assert not hot, f"processes still computing: {hot}"
            grew = rss_mb(srv.pid) - before
            assert grew < 50, f"server grew by {grew:.0f} MB"
            return f"503 after {took:.1f} s; no process busy after; server RSS {grew:+.0f} MB"

        return check

    a.case("cartesian COUNT past --timeout", past_deadline(ENDLESS_COUNT))
    if not a.quick:
        a.case("cartesian CONSTRUCT past --timeout", past_deadline(ENDLESS_CONSTRUCT))

    def many_counts() -> str:
        n = 30
        before = rss_mb(srv.pid)
        codes: list[int] = []
        threads = [
            threading.Thread(target=lambda: codes.append(get(url, query=ENDLESS_COUNT)[0]))
            for _ in range(n)
        ]
        started = time.monotonic()
        for t in threads:
            t.start()
        for t in threads:
            t.join(60)
        took = time.monotonic() - started
        assert codes == [503] * n, f"statuses {sorted(set(codes))}"
        assert took < TIMEOUT + 8, f"took {took:.1f} s"
        time.sleep(0.5)
        kids = descendants(srv.pid)
        assert len(kids) <= WORKERS + 3, f"{len(kids)} processes under the server"
        hot = busy([srv.pid, *kids])
        assert not hot, f"processes still computing: {hot}"
        grew = rss_mb(srv.pid) - before
        assert grew < 50, f"server grew by {grew:.0f} MB"
        return f"{n} x 503 in {took:.1f} s; {len(kids)} processes, none busy; RSS {grew:+.0f} MB"

    if not a.quick:
        a.case("30 cartesian COUNTs at once", many_counts)

        def memory_hog() -> str:
            code, body = get(url, query=MEMORY_HOG)
            assert code == 503 and "memory limit" in body, f"{code} {body[:100]}"
            assert srv.alive(), "the server died"
            return f"{code} {body.strip()[:80]}"

        a.case("query past the worker memory cap", memory_hog)

    def chunked() -> str:
        chunk = b"x" * 65_536
        sent, answer = 0, b""
        with socket.create_connection(("127.0.0.1", srv.port), timeout=10) as sock:
            sock.sendall(
                b"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                b"Content-Type: application/sparql-query\r\nTransfer-Encoding: chunked\r\n\r\n"
            )
            sock.settimeout(0.05)
            try:
                while sent < 100_000_000 and not answer:
                    sock.sendall(b"%x\r\n%s\r\n" % (len(chunk), chunk))
                    sent += len(chunk)
                    try:
                        answer += sock.recv(65_536)
                    except TimeoutError:
                        pass
            except OSError:
                pass
            sock.settimeout(10)
            try:
                while b"\r\n\r\n" not in answer:
                    data = sock.recv(65_536)
                    if not data:
                        break
                    answer += data
            except OSError:
                pass
        assert answer.startswith(b"HTTP/1.1 413"), f"answer {answer[:60]!r} after {sent} bytes"
        assert sent < 5_000_000, f"{sent} bytes were read before the 413"
        return (
            f"413 after {sent // 1024} KB sent (limit {MAX_REQUEST // 1000} KB), of 100 MB offered"
        )

    a.case("chunked POST of 100 MB, no length", chunked)

    def huge_length() -> str:
        with socket.create_connection(("127.0.0.1", srv.port), timeout=10) as sock:
            sock.sendall(
                b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
                b"Content-Length: 4294967296\r\n\r\nASK {}"
            )
            answer = sock.recv(4096)
        assert answer.startswith(b"HTTP/1.1 413"), f"answer {answer[:60]!r}"
        return "413 at once for Content-Length 4 GB"

    a.case("Content-Length of 4 GB", huge_length)

    if not a.quick:

        def long_query_string() -> str:
            try:
                code, body = get(url, query="ASK {} #" + "x" * 200_000)
                seen = f"{code} {body.strip()[:60]}"
                assert code in (400, 413, 414), seen
            except ConnectionError:  # uvicorn drops a request line over its 16 KB header limit
                seen = "connection closed by the server before reading it all"
            code, _ = get(url, query="ASK { ?s a tkg:Person }")
            assert code == 200 and srv.alive(), "the server stopped answering"
            return seen + "; the server answers next"

        a.case("200 KB query string", long_query_string)

        def idle_connections() -> str:
            socks = [socket.create_connection(("127.0.0.1", srv.port)) for _ in range(100)]
            try:
                for s in socks[:50]:
                    s.sendall(b"GET /sparql?query=ASK")  # half a request line, never finished
                code, _ = get(url, query="ASK { ?s a tkg:Person }", timeout=20)
                assert code == 200, f"{code}"
            finally:
                for s in socks:
                    s.close()
            return "200 while 100 idle or half-open connections were held"

        a.case("100 idle/half-open connections", idle_connections)

    def auth() -> str:
        code1, _ = post_form(url, update="INSERT DATA { GRAPH <urn:x:g> { <urn:a> <urn:b> 1 } }")
        code2, _ = post_form(
            url, token="wrong", update="INSERT DATA { GRAPH <urn:x:g> { <urn:a> <urn:b> 1 } }"
        )
        assert (code1, code2) == (401, 403), f"{code1} {code2}"
        return "401 without the token, 403 with a wrong one"

    a.case("update without / with a wrong token", auth)

    def service() -> str:
        code, body = get(url, query="SELECT * { SERVICE <http://127.0.0.1:9/s> { ?s ?p ?o } }")
        assert code == 403 and "--allow-service" in body, f"{code} {body[:80]}"
        code, body = post_form(
            url,
            token=TOKEN,
            update="INSERT { ?s ?p ?o } WHERE { SERVICE <http://127.0.0.1:9/s> { ?s ?p ?o } }",
        )
        assert code == 403, f"update {code}"
        return "403 for a query and an update"

    a.case("SERVICE (off)", service)

    def load_case(target: str, status: int, word: str, limit: float = 30) -> Callable[[], str]:
        def check() -> str:
            started = time.monotonic()
            code, body = post_form(url, token=TOKEN, update=f"LOAD <{target}>")
            took = time.monotonic() - started
            assert code == status and word in body, f"{code} {body[:100]}"
            assert took < limit, f"took {took:.1f} s"
            return f"{code} in {took:.1f} s: {body.strip()[:70]}"

        return check

    a.case(
        "LOAD from a server never answering",
        load_case(silent + "/x.ttl", 504, "time limit", LOAD_TIMEOUT + 2.5),
    )
    if not a.quick:
        a.case("LOAD of 400 KB (limit 100 KB)", load_case(good + "/big.ttl", 413, "size limit"))
        a.case("LOAD of invalid facts", load_case(good + "/bad.ttl", 422, "Arest"))
        a.case("LOAD <file:///etc/passwd>", load_case("file:///etc/passwd", 400, "http"))

        def load_valid() -> str:
            code, body = post_form(
                url, token=TOKEN, update=f"LOAD <{good}/report.trig> INTO GRAPH <urn:x:loaded>"
            )
            assert code == 204, f"{code} {body[:100]}"
            ask = "ASK { GRAPH <urn:x:loaded> { ?s a tkg:Person } }"
            deadline = time.monotonic() + 10
            while json.loads(get(url, query=ask)[1])["boolean"] is not True:
                assert time.monotonic() < deadline, "the loaded graph never became visible"
                time.sleep(0.2)
            return "204, validated and visible to the query workers"

        a.case("LOAD of a valid report", load_valid)

        def queries_during_updates() -> str:
            stop = threading.Event()
            zero: list[int] = []
            seen: list[int] = []

            def reader() -> None:
                while not stop.is_set():
                    code, body = get(url, query="SELECT (COUNT(*) AS ?n) { ?p a tkg:Person }")
                    if code == 200:
                        n = int(json.loads(body)["results"]["bindings"][0]["n"]["value"])
                        seen.append(n)
                        if n == 0:
                            zero.append(n)

            threads = [threading.Thread(target=reader) for _ in range(4)]
            for t in threads:
                t.start()
            try:
                for i in range(15):
                    code, body = post_form(
                        url,
                        token=TOKEN,
                        update=f"INSERT DATA {{ GRAPH <urn:x:u{i}> {{ <urn:x:s{i}> <urn:x:p> {i} }} }}",
                    )
                    assert code == 204, f"update {code} {body[:80]}"
            finally:
                stop.set()
                for t in threads:
                    t.join(30)
            assert seen and not zero, f"{len(zero)} of {len(seen)} answers saw an empty union"
            return f"15 updates, {len(seen)} concurrent COUNTs, none saw an empty union"

        a.case("queries during 15 updates", queries_during_updates)

    def errors_are_lines() -> str:
        code1, body1 = get(url, query="SELECT * WHERE { ?s ?p ?o")
        code2, _ = get(url, query="ASK {}", format="pdf")
        code3, _ = request("GET", url + "?query=ASK%20%7B%7D", headers={"Accept": "image/png"})
        code4, _ = request(
            "POST",
            url,
            data=b"\xff\xfe\x00ASK",
            headers={"Content-Type": "application/sparql-query"},
        )
        assert (code1, code2, code3, code4) == (400, 400, 406, 400), (
            f"{code1} {code2} {code3} {code4}"
        )
        assert "line 1" in body1 and len(body1.strip().splitlines()) == 1, body1[:100]
        return "400 syntax (one line), 400 format, 406 Accept, 400 binary body"

    a.case("malformed requests", errors_are_lines)


def cli_cases(a: Attack, store: Path, sources: tuple[str, str]) -> None:
    work = a.work

    def deep_query() -> str:
        q = "SELECT * WHERE " + "{" * 3_000 + " ?s ?p ?o " + "}" * 3_000
        return one_line_error(a.tkg("query", q, "--store", "memory"), "nesting limit")

    a.case("tkg query nested 3,000 deep", deep_query)

    def export_dev_full() -> str:
        return one_line_error(
            a.tkg("export", "-o", "/dev/full", "--format", "gexf", "--store", str(store)),
            "No space left",
        )

    if a.quick:  # the exports' full-disk cases are in tests/test_export.py
        return
    if Path("/dev/full").exists():
        a.case("tkg export -o /dev/full", export_dev_full)

        def csv_dev_full() -> str:
            done = a.tkg("export", "-o", "/dev/full", "--format", "csv", "--store", str(store))
            line = one_line_error(done, "not a regular file")
            assert not Path("/dev/full.nodes.csv").exists(), "/dev/full.nodes.csv was written"
            return line

        a.case("tkg export csv -o /dev/full", csv_dev_full)

    def export_full_disk() -> str:
        out = work / "exports" / "flow.graphml"
        first = a.tkg("export", "-o", str(out), "--projection", "flow", "--store", str(store))
        assert first.returncode == 0, first.stderr[-200:]
        before = out.read_bytes()
        done = a.tkg(
            "export", "-o", str(out), "--projection", "full", "--store", str(store),
            limit_fsize=len(before) + 1,
        )  # fmt: skip
        line = one_line_error(done, "cannot write")
        assert out.read_bytes() == before, "the previous export was changed"
        left = [p.name for p in out.parent.iterdir() if p.name != out.name]
        assert not left, f"left behind: {left}"
        return line + "; previous export intact"

    a.case("export on a full disk (file-size limit)", export_full_disk)

    def bad_file(name: str, text: str, *words: str) -> Callable[[], str]:
        def check() -> str:
            path = work / name
            path.write_text(text)
            return one_line_error(
                a.tkg("load", str(path), "--store", str(work / "scratch")), *words
            )

        return check

    a.case(
        "JSON-LD with invalid IRIs",
        bad_file(
            "bad.jsonld",
            json.dumps(
                {"@id": "https://w3id.org/tkg/id/report/j", "@graph": [
                    {"@id": "http://exa mple.org/x", "http://www.w3.org/2000/01/rdf-schema#label": "x"}
                ]}
            ),
            "IRI",
        ),
    )  # fmt: skip
    a.case(
        "YAML sheet with an invalid IRI",
        bad_file(
            "bad.yaml",
            "report:\n  id: bad-yaml\n  title: T\nentities:\n  acme:\n    type: Organization\n"
            "    label: Acme\n    iri: 'http://exa mple.org/<x>'\n",
            "bad.yaml:8",
            "not an IRI",
        ),
    )

    def arest() -> str:
        done = a.tkg("validate", str(_write(work / "arest.ttl", _AREST)))
        out = (done.stdout + done.stderr).strip()
        assert done.returncode == 3 and "Traceback" not in out, f"exit {done.returncode}"
        assert "did you mean tkg:Arrest" in out, out[-160:]
        return f"exit 3: {out.splitlines()[0][-90:]}"

    a.case("tkg:Arest (not in the ontology)", arest)
    a.case("binary file as facts", bad_file("binary.ttl", "\x00\x01\x02" * 100, "binary.ttl"))

    def damaged(kind: str) -> Callable[[], str]:
        def check() -> str:
            copy = work / f"damaged-{kind}"
            shutil.copytree(store, copy)
            if kind == "sst":
                for sst in copy.glob("*.sst"):
                    data = bytearray(sst.read_bytes())
                    for i in range(0, len(data), 97):
                        data[i] ^= 0x5A
                    sst.write_bytes(bytes(data))
            elif kind == "manifest":
                for manifest in copy.glob("MANIFEST-*"):
                    manifest.write_bytes(manifest.read_bytes()[:20])
            else:
                (copy / "CURRENT").unlink()
            done = a.tkg(
                "query", "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }", "--store", str(copy),
                limit_as_mb=4096,
            )  # fmt: skip
            return one_line_error(done, "tkg repair")

        return check

    a.case("damaged .sst files, COUNT", damaged("sst"))

    def serve_damaged() -> str:
        copy = work / "damaged-serve"
        shutil.copytree(store, copy)
        for sst in copy.glob("*.sst"):
            data = bytearray(sst.read_bytes())
            for i in range(0, len(data), 97):
                data[i] ^= 0x5A
            sst.write_bytes(bytes(data))
        done = a.tkg("serve", "--store", str(copy), "--port", str(free_port()), timeout=60)
        return one_line_error(done, "tkg repair")

    a.case("tkg serve over damaged .sst files", serve_damaged)
    a.case("truncated MANIFEST", damaged("manifest"))
    a.case("missing CURRENT", damaged("current"))

    def full_disk_load() -> str:
        target = work / "full-store"
        done = a.tkg(
            "load", *map(str, sorted((EXAMPLES / "facts").glob("*.yaml"))), "--store", str(target),
            limit_fsize=200_000,
        )  # fmt: skip
        return one_line_error(done)

    a.case("load on a full disk (file-size limit)", full_disk_load)

    def killed_load() -> str:
        target = work / "killed-store"
        facts = sorted((EXAMPLES / "facts").glob("*.yaml"))
        first = a.tkg("load", *map(str, facts), "--store", str(target))
        assert first.returncode == 0, first.stderr[-200:]
        before = a.tkg("reports", "--store", str(target)).stdout
        big = _write(work / "big.nt", "".join(
            f'<https://w3id.org/tkg/id/x{i}> <http://www.w3.org/2000/01/rdf-schema#label> "x{i}" .\n'
            for i in range(100_000)
        ))  # fmt: skip
        process = subprocess.Popen(
            [sys.executable, "-m", "graph", "load", str(big), "--store", str(target)],
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(1.5)
        process.kill()
        process.wait()
        after = a.tkg("reports", "--store", str(target))
        assert after.returncode == 0, after.stdout + after.stderr
        assert all(line in after.stdout for line in before.splitlines()), "a report was lost"
        return f"killed mid-load (exit {process.returncode}); every earlier report still there"

    a.case("load killed with SIGKILL", killed_load)

    def concurrent_loads(new_store: bool) -> Callable[[], str]:
        def check() -> str:
            target = work / f"concurrent-{'new' if new_store else 'existing'}"
            facts = [str(p) for p in sorted((EXAMPLES / "facts").glob("*.yaml"))]
            if not new_store:
                first = a.tkg("load", *facts, "--store", str(target))
                assert first.returncode == 0, first.stderr[-200:]
            procs = [
                subprocess.Popen(
                    [sys.executable, "-m", "graph", "load", *facts, "--store", str(target)],
                    cwd=ROOT,
                    stdout=subprocess.PIPE,
                    stderr=subprocess.STDOUT,
                    text=True,
                )
                for _ in range(2)
            ]
            outs = [(p.wait(120), p.stdout.read() if p.stdout else "") for p in procs]
            ok = [o for c, o in outs if c == 0]
            refused = [o.strip() for c, o in outs if c != 0]
            assert ok, f"no load succeeded: {outs}"
            for out in refused:
                assert "Traceback" not in out, out[-200:]
                assert "in use" in out, f"refused with: {out[-230:]}"
            count = a.tkg("reports", "--store", str(target))
            assert count.returncode == 0, count.stdout + count.stderr
            return f"{len(ok)} stored, {len(refused)} refused with 'in use by another process'"

        return check

    a.case("two loads at once (existing store)", concurrent_loads(False))
    a.case("two loads at once (new store)", concurrent_loads(True))

    def read_only_sees_new() -> str:
        target = work / "ro-store"
        facts = sorted((EXAMPLES / "facts").glob("*.yaml"))
        first = a.tkg("load", str(facts[0]), "--store", str(target))
        assert first.returncode == 0, first.stderr[-200:]
        ro = Server(target, work / "ro.log", "--timeout", "5", "--workers", "1")
        try:
            good = sources[0]
            trig = urllib.request.urlopen(good + "/report.trig").read()
            extra = _write(work / "extra.trig", trig.decode().replace("cnn-2011", "cnn-2011-copy"))
            done = a.tkg("load", str(extra), "--store", str(target))
            assert done.returncode == 0, done.stdout + done.stderr
            ask = "ASK { GRAPH ?g { ?s ?p ?o } FILTER(CONTAINS(STR(?g), 'cnn-2011-copy')) }"
            deadline = time.monotonic() + 10
            while json.loads(get(ro.url + "/sparql", query=ask)[1])["boolean"] is not True:
                assert time.monotonic() < deadline, "the new report never became visible"
                time.sleep(0.2)
            return "a report loaded after the read-only server started is answered"
        finally:
            ro.stop()

    a.case("read-only serve sees new reports", read_only_sees_new)


_AREST = """@prefix tkg: <https://w3id.org/tkg/ontology#> .
<https://w3id.org/tkg/id/report/r> a tkg:Report .
<https://w3id.org/tkg/id/x> a tkg:Arest .
"""


def _write(path: Path, text: str) -> Path:
    path.write_text(text)
    return path


# -- load -------------------------------------------------------------------------------


async def _client(port: int, raw: bytes, stop: float, counts: dict[bytes, int]) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        while time.monotonic() < stop:
            writer.write(raw)
            await writer.drain()
            status = (await reader.readline()).split()[1]
            length = 0
            while True:
                line = await reader.readline()
                if line in (b"\r\n", b""):
                    break
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":")[1])
            await reader.readexactly(length)
            counts[status] = counts.get(status, 0) + 1
    finally:
        writer.close()


def load_test(port: int, seconds: float, clients: int = 50) -> tuple[float, dict[bytes, int]]:
    """``clients`` keep-alive connections sending a small SELECT for ``seconds``: (req/s, statuses)."""
    raw = (
        f"GET /sparql?query={urllib.parse.quote(PERSONS)} HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        "Accept: application/sparql-results+json\r\n\r\n"
    ).encode()
    counts: dict[bytes, int] = {}

    async def main() -> float:
        started = time.monotonic()
        await asyncio.gather(
            *[_client(port, raw, started + seconds, counts) for _ in range(clients)]
        )
        return time.monotonic() - started

    elapsed = asyncio.run(main())
    return sum(counts.values()) / elapsed, counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="a reduced set, 2 s of load")
    parser.add_argument("--seconds", type=float, default=None, help="load duration (default 10)")
    parser.add_argument(
        "--min-rps", type=float, default=None, help="fail under this many requests/s (default 300)"
    )
    args = parser.parse_args(argv)
    seconds = args.seconds or (2.0 if args.quick else 10.0)
    min_rps = args.min_rps if args.min_rps is not None else (0.0 if args.quick else 300.0)
    started = time.monotonic()
    work = Path(tempfile.mkdtemp(prefix="tkg-attack-"))
    attack = Attack(work, args.quick)
    servers: list[Server] = []
    httpd = None
    try:
        store = work / "store"
        facts = sorted((EXAMPLES / "facts").glob("*.yaml"))
        built = attack.tkg("load", *map(str, facts), "--store", str(store))
        if built.returncode != 0:
            print(built.stdout + built.stderr)
            return 2
        report = "https://w3id.org/tkg/id/report/" + facts[0].stem
        trig = attack.tkg(
            "export", "-o", str(work / "report.trig"), "--graph", report, "--store", str(store)
        )
        assert trig.returncode == 0, trig.stderr
        _Source.pages = {
            "/report.trig": ("application/trig", (work / "report.trig").read_bytes()),
            "/bad.ttl": ("text/turtle", _AREST.encode()),
            "/big.ttl": ("text/turtle", b"# " + b"x" * 400_000 + b"\n"),
        }
        httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Source)
        threading.Thread(target=httpd.serve_forever, daemon=True).start()
        silent = socket.socket()
        silent.bind(("127.0.0.1", 0))
        silent.listen(16)  # accepted by the kernel, never answered
        sources = (
            f"http://127.0.0.1:{httpd.server_address[1]}",
            f"http://127.0.0.1:{silent.getsockname()[1]}",
        )
        srv = Server(
            store, work / "serve.log",
            "--timeout", str(TIMEOUT), "--workers", str(WORKERS),
            "--worker-memory", str(WORKER_MEMORY_MB), "--max-request-bytes", str(MAX_REQUEST),
            "--allow-update", "--token", TOKEN, "--allow-load",
            "--load-timeout", str(LOAD_TIMEOUT), "--max-load-bytes", str(MAX_LOAD),
        )  # fmt: skip
        servers.append(srv)
        print(f"tkg serve on {srv.url} over {len(facts)} example fact sheets ({work})")
        http_cases(attack, srv, sources)
        cli_cases(attack, store, sources)
        alive = srv.alive()
        attack.results.append(("server alive after every case", alive, ""))
        if not alive:
            print("  FAILED  the server died:", srv.log_path.read_text()[-500:])

        # 50 clients: through the query workers (default pool size), and the thread path
        load_store = work / "load-store"
        shutil.copytree(store, load_store, ignore=shutil.ignore_patterns("LOCK"))
        pooled = srv  # --quick: the attacked server itself
        if not args.quick:
            pooled = Server(load_store, work / "pool.log", "--timeout", "30")
            servers.append(pooled)
        rps, counts = load_test(pooled.port, seconds)
        threaded_rps = None
        if not args.quick:
            threaded = Server(load_store, work / "threads.log", "--timeout", "30", "--workers", "0")
            servers.append(threaded)
            threaded_rps, _ = load_test(threaded.port, seconds)
        # --quick loads the attacked server (2 s time limit, 2 workers): a request that
        # waits for a worker past its deadline gets a 503, which is the limit working
        accepted = (b"200", b"503") if args.quick else (b"200",)
        errors = sum(v for k, v in counts.items() if k not in accepted)
        ok = errors == 0 and rps >= min_rps
        attack.results.append(("50 clients", ok, f"{rps:.0f} req/s"))
        load_avg = open("/proc/loadavg").read().split()[:3]
        tried = len(attack.results)
        failed = [name for name, good, _ in attack.results if not good]
        print(
            f"50 clients for {seconds:g} s: {rps:.0f} requests/s through the query workers "
            f"({sum(counts.values())} answers, {errors} errors)"
            + (f"; thread path (--workers 0) {threaded_rps:.0f} requests/s" if threaded_rps else "")
            + f"; minimum {min_rps:g}; load average {' '.join(load_avg)}"
        )
        print(
            f"server peak RSS {srv.peak_server:.0f} MB during the attack "
            f"(query workers peak {srv.peak_worker:.0f} MB each, cap {WORKER_MEMORY_MB} MB over the store's own); "
            f"{pooled.peak_server:.0f} MB under the 50 clients"
        )
        print(
            f"cases tried {tried}, handled {tried - len(failed)}, failed {len(failed)}"
            + (f" ({', '.join(failed)})" if failed else "")
            + f"; {time.monotonic() - started:.0f} s in all"
        )
        return 1 if failed else 0
    finally:
        for server in servers:
            server.stop()
        if httpd is not None:
            httpd.shutdown()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
