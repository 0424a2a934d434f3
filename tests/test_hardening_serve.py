"""Issue 12 items 1, 2, 3 and 8: a live `tkg serve` survives hostile clients.

- 1: a query (or update) nested thousands of levels deep is a 400 naming the
  nesting limit (it segfaulted the server), and `tkg query` one error line;
- 2: a query past the deadline stops consuming CPU and memory (its worker
  process is killed and replaced), a query past the memory cap ends its
  worker, not the server;
- 3: a chunked POST without Content-Length is cut at the size limit while it is
  read (it was read whole, 4 GB, before the 413);
- 8: LOAD is refused unless --allow-load; then it has a time limit (a server
  that never answers), a size limit, and the data is validated.

The server is a real `python -m graph serve` process over an on-disk store
built from examples/ (a crash would not take the test run with it).
"""

from __future__ import annotations

import http.server
import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest

from graph.rdf import read_facts, serialize_facts

from .conftest import EXAMPLES

ROOT = Path(__file__).resolve().parent.parent
FACTS = EXAMPLES / "facts" / "cnn-2011-europol-north-africa.yaml"
TOKEN = "h4rden"
TIMEOUT = 3.0
WORKERS = 2
#: A COUNT over a four-way cartesian product of ~7,000 triples: hours of work.
ENDLESS_COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
ENDLESS_CONSTRUCT = (
    "CONSTRUCT { ?a ?b ?x } WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i "
    "BIND(CONCAT(STR(?c), STR(?f), STR(?i)) AS ?x) }"
)
#: Sorting the 49 million rows of a two-way product: gigabytes at once.
MEMORY_HOG = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?c ?f"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _children(pid: int) -> list[int]:
    """Every descendant process of ``pid`` (from /proc)."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            parents[int(entry.name)] = int(fields[1])
    found, frontier = [], [pid]
    while frontier:
        parent = frontier.pop()
        kids = [p for p, pp in parents.items() if pp == parent]
        found += kids
        frontier += kids
    return found


def _cpu_seconds(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


class _Source(http.server.BaseHTTPRequestHandler):
    """Fact files for LOAD: a valid report, an invalid one, a big one."""

    pages: dict[str, tuple[str, bytes]] = {}

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        ctype, body = self.pages.get(self.path, ("text/plain", b""))
        if self.path not in self.pages:
            self.send_error(404)
            return
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        if self.path != "/big-chunked":
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def sources():
    """An HTTP server with fact files, and a socket that accepts and never answers."""
    trig = serialize_facts(read_facts(FACTS), "trig").encode()
    bad = (
        b"@prefix tkg: <https://w3id.org/tkg/ontology#> .\n"
        b"<https://w3id.org/tkg/id/report/bad> a tkg:Report .\n"
        b"<https://w3id.org/tkg/id/x> a tkg:Arest .\n"
    )
    _Source.pages = {
        "/report.trig": ("application/trig", trig),
        "/bad.ttl": ("text/turtle", bad),
        "/big-chunked": ("text/turtle", b"# " + b"x" * 400_000 + b"\n"),
    }
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Source)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(8)  # connections are accepted by the kernel, never answered
    yield (
        f"http://127.0.0.1:{httpd.server_address[1]}",
        f"http://127.0.0.1:{silent.getsockname()[1]}",
    )
    httpd.shutdown()
    silent.close()


@pytest.fixture(scope="module")
def live(tmp_path_factory):
    """`tkg serve` over an on-disk store, with small limits; yields (url, server pid)."""
    store = tmp_path_factory.mktemp("serve") / "store"
    load = subprocess.run(
        [sys.executable, "-m", "graph", "load", str(FACTS), "--store", str(store)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert load.returncode == 0, load.stderr
    port = _free_port()
    log = open(store.parent / "serve.log", "w")  # noqa: SIM115
    process = subprocess.Popen(
        [
            sys.executable, "-m", "graph", "serve", "--store", str(store), "--port", str(port),
            "--timeout", str(TIMEOUT), "--workers", str(WORKERS), "--worker-memory", "150",
            "--allow-update", "--token", TOKEN, "--allow-load", "--load-timeout", "2",
            "--max-load-bytes", "100000", "--max-request-bytes", "50000",
        ],
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    for _ in range(600):
        try:
            if httpx.get(url + "/health", timeout=1).status_code == 200:
                break
        except httpx.HTTPError:
            time.sleep(0.1)
        assert process.poll() is None, (store.parent / "serve.log").read_text()
    yield url, process.pid
    process.terminate()
    try:
        process.wait(15)
    except subprocess.TimeoutExpired:
        process.kill()
    log.close()


def _ask_person(url: str) -> httpx.Response:
    return httpx.get(url + "/sparql", params={"query": "ASK { ?s a tkg:Person }"}, timeout=30)


# -- 1: nesting -----------------------------------------------------------------


@pytest.mark.parametrize("depth", [2_500, 3_000])
def test_deep_nesting_is_a_400_and_the_server_lives(live, depth):
    url, pid = live
    braces = "SELECT * WHERE " + "{" * depth + " ?s ?p ?o " + "}" * depth
    parens = "SELECT * WHERE { FILTER(" + "(" * depth + "1" + ")" * depth + ") }"
    for query in (braces, parens):
        r = httpx.post(url + "/sparql", data={"query": query}, timeout=30)
        assert r.status_code == 400 and "nesting limit" in r.text and "200" in r.text
    update = "DELETE WHERE " + "{" * depth + " ?s ?p ?o " + "}" * depth
    r = httpx.post(
        url + "/sparql",
        data={"update": update},
        headers={"Authorization": f"Bearer {TOKEN}"},
        timeout=30,
    )
    assert r.status_code == 400 and "nesting limit" in r.text
    assert _ask_person(url).json()["boolean"] is True
    assert Path(f"/proc/{pid}").exists()


def test_cli_query_deep_nesting_is_one_line():
    query = "SELECT * WHERE " + "{" * 3_000 + " ?s ?p ?o " + "}" * 3_000
    done = subprocess.run(
        [sys.executable, "-m", "graph", "query", query, "--store", "memory"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 5, (done.returncode, done.stderr[-500:])
    lines = (done.stdout + done.stderr).strip().splitlines()
    assert len(lines) == 1 and "nesting limit" in lines[0]


def test_nesting_within_the_limit_still_answers(live):
    url, _ = live
    query = "SELECT * WHERE " + "{" * 150 + " ?s a tkg:Person " + "}" * 150 + " LIMIT 1"
    r = httpx.get(url + "/sparql", params={"query": query}, timeout=30)
    assert r.status_code == 200 and len(r.json()["results"]["bindings"]) == 1


# -- 2: work ends at the deadline ---------------------------------------------------


def _busy(pids: list[int], seconds: float = 1.5) -> list[int]:
    """The processes among ``pids`` that used more than a third of a CPU over ``seconds``."""
    before = {p: _cpu_seconds(p) for p in pids}
    time.sleep(seconds)
    return [p for p in pids if _cpu_seconds(p) - before[p] > seconds / 3]


@pytest.mark.parametrize("query", [ENDLESS_COUNT, ENDLESS_CONSTRUCT], ids=["count", "construct"])
def test_a_query_past_the_deadline_stops_its_work(live, query):
    url, pid = live
    rss_before = _rss_mb(pid)
    started = time.monotonic()
    r = httpx.get(url + "/sparql", params={"query": query}, timeout=60)
    elapsed = time.monotonic() - started
    assert r.status_code == 503 and f"time limit of {TIMEOUT:g} s" in r.text
    assert elapsed < TIMEOUT + 2.5
    time.sleep(0.5)
    assert not _busy([pid, *_children(pid)])  # nothing keeps computing the abandoned query
    assert _rss_mb(pid) < rss_before + 50
    assert _ask_person(url).status_code == 200


def test_many_hostile_queries_are_bounded_by_the_pool(live):
    url, pid = live
    rss_before = _rss_mb(pid)
    results: list[int] = []

    def hostile() -> None:
        r = httpx.get(url + "/sparql", params={"query": ENDLESS_COUNT}, timeout=60)
        results.append(r.status_code)

    threads = [threading.Thread(target=hostile) for _ in range(20)]
    started = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert results == [503] * 20
    assert time.monotonic() - started < TIMEOUT + 6
    time.sleep(1.0)
    children = _children(pid)
    assert len(children) <= WORKERS + 3  # the workers, the fork server, the resource tracker
    assert not _busy([pid, *children])
    assert _rss_mb(pid) < rss_before + 50
    assert _ask_person(url).json()["boolean"] is True


def test_a_query_past_the_memory_cap_ends_its_worker_not_the_server(live):
    url, pid = live
    r = httpx.get(url + "/sparql", params={"query": MEMORY_HOG}, timeout=60)
    assert r.status_code == 503 and "memory limit of 150 MB" in r.text
    assert Path(f"/proc/{pid}").exists()
    assert _ask_person(url).json()["boolean"] is True


def test_row_limit_and_errors_through_the_workers(live):
    url, _ = live
    r = httpx.get(url + "/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o"}, timeout=30)
    assert r.status_code == 400 and "syntax error at line 1" in r.text
    r = httpx.get(url + "/sparql", params={"query": "ASK { ?s ?p ?o }", "format": "xml"})
    assert r.status_code == 200 and "<boolean>true</boolean>" in r.text


# -- 3: streaming body limit ----------------------------------------------------------


def test_a_chunked_body_is_cut_at_the_limit(live):
    """50 KB limit; the client offers 20 MB in 64 KB chunks and gets 413 after a few."""
    url, pid = live
    port = int(url.rsplit(":", 1)[1])
    chunk = b"x" * 65_536
    sent = 0
    answer = b""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(
            b"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            b"Content-Type: application/sparql-query\r\nTransfer-Encoding: chunked\r\n\r\n"
        )
        sock.settimeout(0.05)
        try:
            while sent < 20_000_000:
                sock.sendall(b"%x\r\n%s\r\n" % (len(chunk), chunk))
                sent += len(chunk)
                try:
                    answer += sock.recv(65_536)
                except TimeoutError:
                    continue
                if answer:
                    break
        except (BrokenPipeError, ConnectionResetError):
            pass
        sock.settimeout(10)
        try:
            while b"\r\n\r\n" not in answer:
                data = sock.recv(65_536)
                if not data:
                    break
                answer += data
        except (ConnectionResetError, TimeoutError):
            pass
    assert answer.startswith(b"HTTP/1.1 413"), answer[:200]
    assert sent < 5_000_000  # cut while streaming, not after reading 20 MB
    assert _rss_mb(pid) < 400
    assert _ask_person(url).status_code == 200


# -- 8: LOAD ------------------------------------------------------------------------


def _update(url: str, text: str) -> httpx.Response:
    return httpx.post(
        url + "/sparql",
        data={"update": text},
        headers={"Authorization": f"Bearer {TOKEN}"},
        timeout=60,
    )


def test_load_is_refused_unless_allowed(memory_store, sources):
    from starlette.testclient import TestClient

    from graph.serve import create_app

    good, _ = sources
    client = TestClient(create_app(memory_store, allow_update=True, token=TOKEN))
    r = client.post(
        "/sparql",
        data={"update": f"LOAD <{good}/report.trig>"},
        headers={"Authorization": f"Bearer {TOKEN}"},
    )
    assert r.status_code == 403 and "--allow-load" in r.text
    assert memory_store.count() == 0


def test_load_when_allowed_is_validated_and_bounded(live, sources):
    url, _ = live
    good, silent = sources
    started = time.monotonic()
    r = _update(url, f"LOAD <{silent}/never.ttl>")
    assert r.status_code == 504 and "load time limit" in r.text
    assert time.monotonic() - started < 2 + 2.5
    r = _update(url, f"LOAD <{good}/big-chunked>")
    assert r.status_code == 413 and "100000 bytes" in r.text
    r = _update(url, f"LOAD <{good}/bad.ttl>")
    assert r.status_code == 422 and "Arest" in r.text
    r = _update(url, "LOAD <file:///etc/passwd>")
    assert r.status_code == 400 and "only http and https" in r.text
    r = _update(url, f"LOAD <{good}/report.trig> ; DROP ALL")
    assert r.status_code == 400 and "LOAD operations alone" in r.text
    r = _update(url, f"LOAD <{good}/missing.ttl>")
    assert r.status_code == 502 and "404" in r.text
    ask_bad = "ASK { GRAPH <https://w3id.org/tkg/id/report/bad> { ?s ?p ?o } }"
    assert httpx.get(url + "/sparql", params={"query": ask_bad}).json()["boolean"] is False
    # a valid report loads (replacing its graph, as tkg load does) and the workers see it
    r = _update(url, f"LOAD <{good}/report.trig>")
    assert r.status_code == 204, r.text
    r = _update(url, f"LOAD <{good}/report.trig> INTO GRAPH <urn:x:copy>")
    assert r.status_code == 204, r.text
    ask = "ASK { GRAPH <urn:x:copy> { ?s a tkg:Person } }"
    deadline = time.monotonic() + 10
    while httpx.get(url + "/sparql", params={"query": ask}).json()["boolean"] is not True:
        assert time.monotonic() < deadline
        time.sleep(0.2)


# -- the attack script --------------------------------------------------------------


def test_attack_script_quick_run():
    """bench/attack.py --quick: a reduced attack on a live server, every case handled."""
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "attack.py"), "--quick"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    last = done.stdout.strip().splitlines()[-1]
    assert "failed 0" in last and "cases tried" in last, last
    assert "requests/s" in done.stdout and "peak RSS" in done.stdout


def test_workers_do_not_rerun_an_unguarded_main_script(live, tmp_path):
    """A script without ``if __name__ == "__main__"`` (here read from stdin) can use the pool."""
    store = tmp_path / "store"
    script = f"""
import time
from pathlib import Path
from graph.store import OxigraphStore
from graph.sandbox import WorkerPool
s = OxigraphStore(Path({str(store)!r}))
s.replace_graph("urn:x:r", '<urn:x:a> <urn:x:p> "x" .')
s.close()
print("started")
pool = WorkerPool(Path({str(store)!r}), size=1)
pool.start_blocking()
print(pool.run_blocking(("SELECT ?o {{ ?s ?p ?o }}", "SELECT", "text/csv"), time.monotonic() + 30))
pool.close()
"""
    done = subprocess.run(
        [sys.executable, "-"], input=script, cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr[-1500:]
    assert done.stdout.count("started") == 1  # the script ran once, not again in the worker
    assert "(200, b'o\\nx\\n', 'text/csv')" in done.stdout


def test_a_client_reads_its_own_writes_through_the_workers(live):
    """After an update's 204, the next query (in any worker) sees it (was 36 stale of 40)."""
    url, _ = live
    with httpx.Client(timeout=30) as client:
        for i in range(30):
            client.get(url + "/sparql", params={"query": "ASK {}"})
            r = client.post(
                url + "/sparql",
                data={
                    "update": f"INSERT DATA {{ GRAPH <urn:x:w{i}> {{ <urn:x:w{i}> <urn:x:p> {i} }} }}"
                },
                headers={"Authorization": f"Bearer {TOKEN}"},
            )
            assert r.status_code == 204, r.text
            ask = f"ASK {{ <urn:x:w{i}> <urn:x:p> {i} }}"
            assert client.get(url + "/sparql", params={"query": ask}).json()["boolean"] is True, i


def test_workers_killed_while_idle_are_replaced_without_an_error(live):
    """Idle workers killed from outside (the OOM killer, an operator): the next query is a 200."""
    url, pid = live
    assert _ask_person(url).status_code == 200
    forkservers = [p for p in _children(pid) if _children(p)]
    workers = [w for f in forkservers for w in _children(f)]
    assert len(workers) == WORKERS, workers
    for worker in workers:
        os.kill(worker, 9)
    time.sleep(0.2)
    r = _ask_person(url)
    assert r.status_code == 200 and r.json()["boolean"] is True, r.text
    deadline = time.monotonic() + 30
    while len([w for f in forkservers for w in _children(f)]) < WORKERS:
        assert time.monotonic() < deadline, "the pool was not refilled"
        time.sleep(0.2)


def test_run_query_checks_nesting_before_any_store_sees_the_query():
    """A remote endpoint's parser is spared too: run_query refuses before calling the store."""
    from graph.exceptions import QueryError
    from graph.query import run_query

    class Remote:
        spec = "http://127.0.0.1:9/sparql"
        calls: list[str] = []

        def query(self, text: str) -> bool:
            self.calls.append(text)
            return True

    remote = Remote()
    with pytest.raises(QueryError, match="nesting limit"):
        run_query(remote, "ASK " + "{" * 3_000 + "}" * 3_000)  # type: ignore[arg-type]
    assert remote.calls == []
    assert run_query(remote, "ASK { { ?s ?p ?o } }") is True  # type: ignore[arg-type]
