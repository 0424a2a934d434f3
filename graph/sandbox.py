"""Run SPARQL queries in worker processes that are killed at the deadline.

Oxigraph cannot interrupt a query that computes for long before its first
result (a cartesian ``CONSTRUCT``, a ``COUNT`` over a huge join): in a thread
the work would go on after its client got the time-limit error. So the
endpoint (:mod:`graph.serve`) runs each query of an on-disk store in one of a
small pool of worker processes:

- each worker opens the store read-only (it sees what a writer adds, see
  :meth:`graph.store.OxigraphStore.refresh`) and answers one query at a time:
  it runs it, applies the row limit and renders the body in the media type
  asked for, so that only bytes cross the pipe;
- a worker may use ``memory_mb`` more memory than it needed to open the store
  (``resource.setrlimit(RLIMIT_DATA)``, the process's writable private
  memory: unlike ``RLIMIT_AS`` it does not count the address space that
  malloc arenas and RocksDB reserve without using, which made a worker fail
  when it reopened the store after a write): a query past that fails or the
  worker dies, never the server;
- a query not answered by its deadline is ended by killing its worker
  (``SIGKILL``), which a fresh worker replaces (forked from a small server
  process that has the modules loaded: milliseconds); a worker that dies
  (memory) is replaced the same way;
- a request that finds every worker busy waits for one until its own deadline,
  then gets the time-limit error: the work in flight is bounded by the pool
  size whatever the clients send.

Workers die with the server (``PR_SET_PDEATHSIG`` on Linux, and end of file on
their pipe elsewhere).

Examples
--------
>>> import tempfile, pathlib, time
>>> from graph.store import OxigraphStore
>>> d = tempfile.mkdtemp()
>>> s = OxigraphStore(pathlib.Path(d) / "store")
>>> s.replace_graph("urn:r", '<urn:a> <urn:p> "x" .')
1
>>> s.close()
>>> pool = WorkerPool(pathlib.Path(d) / "store", size=1)
>>> pool.start_blocking()
>>> status, body, media = pool.run_blocking(
...     ("SELECT ?o WHERE { ?s ?p ?o }", "SELECT", "text/csv"), time.monotonic() + 30)
>>> status, body, media
(200, b'o\\nx\\n', 'text/csv')
>>> pool.close()
"""

from __future__ import annotations

import asyncio
import contextlib
import multiprocessing
import multiprocessing.context
import os
import signal
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = ["WorkerPool", "Reply", "DEFAULT_WORKERS", "DEFAULT_MEMORY_MB"]

#: Worker processes of the default pool (4; more on a machine with more CPUs, up to 8).
DEFAULT_WORKERS = max(4, min(8, os.cpu_count() or 4))
#: Address space (MB) a worker may add to what it needed to open the store.
DEFAULT_MEMORY_MB = 1024

#: (HTTP status, body, media type): 200 with the rendered answer, else an error line.
Reply = tuple[int, bytes, str]

_INLINE_SEND = 16_384  # queries longer than this are sent to a worker from a thread
_OPEN_ATTEMPTS = 50  # a writer compacting its files can make a read-only open fail for a moment


def _die_with_parent() -> None:
    """Ask Linux to kill this process when its parent dies (no-op elsewhere)."""
    with contextlib.suppress(Exception):
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG


def _data_size() -> int:
    """This process's writable private memory (``VmData``) in bytes (0 when unknown)."""
    try:
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith("VmData:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        pass
    return 0


def _open(path: str) -> Any:
    from graph.exceptions import StoreError
    from graph.store import OxigraphStore

    for attempt in range(_OPEN_ATTEMPTS):
        try:
            return OxigraphStore(Path(path), read_only=True)
        except StoreError:
            if attempt == _OPEN_ATTEMPTS - 1:
                raise
            time.sleep(0.1)
    raise AssertionError("unreachable")


def _worker(conn: Any, path: str, memory_mb: int, timeout: float, max_rows: int) -> None:
    """A worker's life: open the store, cap memory, answer queries until the pipe closes."""
    import resource

    from graph.serve import answer_query, error_reply

    _die_with_parent()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C stops the server, which stops us
    try:
        store = _open(path)
    except Exception as e:  # reported to the server, which names the store
        conn.send(("failed", f"{type(e).__name__}: {e}"))
        return
    if memory_mb > 0:
        limit = _data_size() + memory_mb * 1024 * 1024
        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(resource.RLIMIT_DATA, (limit, limit))
    conn.send(("ready", os.getpid()))
    seen = 0
    while True:
        try:
            query, form, media, generation = conn.recv()
        except (EOFError, OSError):
            return
        if generation != seen:  # the server wrote since our last query: read your writes
            seen = generation
            with contextlib.suppress(Exception):
                store.refresh()
        try:
            body, ctype = answer_query(store, query, form, media, timeout, max_rows)
            reply: Reply = (200, body.encode("utf-8") if isinstance(body, str) else body, ctype)
        except MemoryError:
            reply = (503, _memory_message(memory_mb).encode(), "text/plain")
        except Exception as e:
            status, message = error_reply(e, query)
            reply = (status, message.encode(), "text/plain")
        try:
            conn.send(reply)
        except MemoryError:
            conn.send((503, _memory_message(memory_mb).encode(), "text/plain"))
        except (BrokenPipeError, OSError):
            return


def _memory_message(memory_mb: int) -> str:
    return (
        f"query needed more than the memory limit of {memory_mb} MB per query "
        "(its worker was stopped); narrow it or add LIMIT"
    )


def _timeout_message(timeout: float) -> str:
    return f"query exceeded the time limit of {timeout:g} s; narrow it or add LIMIT"


try:
    from multiprocessing import popen_forkserver
except ImportError:  # pragma: no cover - no fork server on this platform (spawn is used)
    _WorkerProcess = None
else:

    class _MainlessPopen(popen_forkserver.Popen):  # type: ignore[misc]
        """popen_forkserver.Popen whose child does not re-run the parent's ``__main__``.

        multiprocessing re-runs the parent's main script in every child (so that a
        target defined there can be found). The worker's target lives in this
        module, so that is not needed, and it would start a second server from an
        unguarded script (or fail for ``python - < script``).
        """

        def _launch(self, process_obj: Any) -> None:  # as popen_forkserver's, minus __main__
            import io
            from multiprocessing import forkserver, reduction, spawn, util
            from multiprocessing.context import set_spawning_popen

            prep_data = spawn.get_preparation_data(process_obj._name)
            prep_data.pop("init_main_from_path", None)
            prep_data.pop("init_main_from_name", None)
            buf = io.BytesIO()
            set_spawning_popen(self)
            try:
                reduction.dump(prep_data, buf)
                reduction.dump(process_obj, buf)
            finally:
                set_spawning_popen(None)
            self.sentinel, w = forkserver.connect_to_new_process(self._fds)
            parent_w = os.dup(w)
            self.finalizer = util.Finalize(self, util.close_fds, (parent_w, self.sentinel))
            with open(w, "wb", closefd=True) as f:
                f.write(buf.getbuffer())
            self.pid = forkserver.read_signed(self.sentinel)

    class _WorkerProcess(multiprocessing.context.ForkServerProcess):  # type: ignore[misc,name-defined]
        """A fork-server process started through :class:`_MainlessPopen`."""

        @staticmethod
        def _Popen(process_obj: Any) -> Any:  # noqa: N802 (multiprocessing's name)
            return _MainlessPopen(process_obj)


@dataclass
class _Worker:
    process: Any
    conn: Any

    def exchange(self, job: tuple[str, str, str, int], seconds: float) -> Reply | None | str:
        """Send a job; return its reply, None at the deadline, or "dead" when the worker died."""
        try:
            self.conn.send(job)  # (query, form, media type, generation)
            if not self.conn.poll(max(seconds, 0.0)):
                return None
            return self.conn.recv()  # type: ignore[no-any-return]
        except (EOFError, OSError):
            return "dead"

    def kill(self) -> int | None:
        """Kill the worker (if alive) and return its exit code."""
        if self.process.is_alive():
            with contextlib.suppress(ProcessLookupError, OSError):
                os.kill(self.process.pid, signal.SIGKILL)
        self.process.join(5)
        with contextlib.suppress(OSError):
            self.conn.close()
        code = self.process.exitcode
        with contextlib.suppress(ValueError, AttributeError):
            self.process.close()
        return code  # type: ignore[no-any-return]


class WorkerPool:
    """A pool of query workers over an on-disk store (see the module docs).

    Parameters
    ----------
    path : pathlib.Path
        The store directory.
    size : int
        Worker processes.
    memory_mb : int
        Address space (MB) each worker may add to what opening the store took;
        0 for no cap.
    timeout : float
        Seconds a query may run (the worker stops a streaming SELECT itself;
        any other query is ended by killing the worker).
    max_rows : int
        Result rows (or triples) above which the client gets 422.
    """

    def __init__(
        self,
        path: Path,
        *,
        size: int = DEFAULT_WORKERS,
        memory_mb: int = DEFAULT_MEMORY_MB,
        timeout: float = 30.0,
        max_rows: int = 100_000,
    ):
        if size < 1:
            raise ValueError("a worker pool needs at least one worker")
        self.path = Path(path)
        self.size = size
        self.memory_mb = memory_mb
        self.timeout = timeout
        self.max_rows = max_rows
        self.generation = 0  # bumped by changed(): workers refresh their view before the next query
        self.killed = 0  # workers killed at a deadline
        self.died = 0  # workers that died on their own (memory)
        self._context = multiprocessing.get_context(
            "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
        )
        if self._context.get_start_method() == "forkserver":
            self._context.set_forkserver_preload(["graph.sandbox", "graph.serve", "graph.store"])
        self._process_class = (
            _WorkerProcess
            if self._context.get_start_method() == "forkserver"
            else self._context.Process
        )
        self._lock = threading.Lock()
        self._workers: list[_Worker] = []  # every live worker, idle or busy
        self._idle: asyncio.Queue[_Worker] | None = None
        self._idle_sync: list[_Worker] = []  # the idle workers of the blocking interface
        self._started = False
        self._closed = False
        self._tasks: set[asyncio.Task[None]] = set()  # replacements under way

    # -- workers ---------------------------------------------------------

    def _spawn(self) -> _Worker:
        """Start a worker and wait until it has opened the store (blocking)."""
        from graph.exceptions import StoreError

        parent, child = self._context.Pipe()
        process = self._process_class(
            target=_worker,
            args=(child, str(self.path), self.memory_mb, self.timeout, self.max_rows),
            daemon=True,
            name="tkg-query-worker",
        )
        process.start()
        child.close()
        worker = _Worker(process, parent)
        try:
            ready = parent.recv() if parent.poll(120) else ("failed", "no answer in 120 s")
        except (EOFError, OSError):
            ready = ("failed", f"it exited with code {process.exitcode}")
        if ready[0] != "ready":
            worker.kill()
            raise StoreError(f"a query worker could not open store {self.path}: {ready[1]}")
        with self._lock:
            self._workers.append(worker)
        return worker

    def _retire(self, worker: _Worker) -> int | None:
        with self._lock:
            if worker in self._workers:
                self._workers.remove(worker)
        return worker.kill()

    def changed(self) -> None:
        """Tell the workers the store was written: each reopens its view before its next query.

        A read-only view otherwise notices changes at most every
        :attr:`graph.store.OxigraphStore.REFRESH_SECONDS`; the endpoint calls
        this after every update so that a client reads its own writes.
        """
        self.generation += 1

    def pids(self) -> list[int]:
        """Process ids of the live workers."""
        with self._lock:
            return [w.process.pid for w in self._workers]

    # -- asyncio interface (the endpoint) ----------------------------------

    async def start(self) -> None:
        """Start the workers (once; later calls return at once)."""
        from starlette.concurrency import run_in_threadpool

        if self._started:
            return
        self._started = True
        self._idle = asyncio.Queue()
        started, self._idle_sync = self._idle_sync, []  # workers start_blocking() made
        for worker in started:
            self._idle.put_nowait(worker)
        for _ in range(self.size - len(started)):
            self._idle.put_nowait(await run_in_threadpool(self._spawn))

    async def _replace(self, old: _Worker) -> None:
        from starlette.concurrency import run_in_threadpool

        await run_in_threadpool(self._retire, old)
        delay = 0.1
        while not self._closed:
            try:
                worker = await run_in_threadpool(self._spawn)
            except Exception:  # the store may be moved or locked for a moment: try again
                await asyncio.sleep(delay)
                delay = min(delay * 2, 5.0)
                continue
            if self._closed:
                await run_in_threadpool(self._retire, worker)
                return
            assert self._idle is not None
            self._idle.put_nowait(worker)
            return

    async def _exchange(
        self, worker: _Worker, job: tuple[str, str, str], deadline: float
    ) -> Reply | None | str:
        """Send a job and wait for the reply without a thread (the pipe is watched by the loop)."""
        from starlette.concurrency import run_in_threadpool

        loop = asyncio.get_running_loop()
        ready = loop.create_future()
        try:
            fd = worker.conn.fileno()
            message = (*job, self.generation)
            if len(job[0]) > _INLINE_SEND:  # a big query could fill the pipe: send it from a thread
                await run_in_threadpool(worker.conn.send, message)
            else:
                worker.conn.send(message)
            loop.add_reader(fd, lambda: ready.done() or ready.set_result(True))
        except (EOFError, OSError, ValueError):
            return "gone"
        # a timer instead of asyncio.wait_for: no extra task on the fast path
        timer = loop.call_later(
            max(deadline - time.monotonic(), 0), lambda: ready.done() or ready.set_result(False)
        )
        try:
            answered = await ready
        finally:
            timer.cancel()
            loop.remove_reader(fd)
        if not answered:
            return None
        try:
            return worker.conn.recv()  # type: ignore[no-any-return]
        except (EOFError, OSError):
            return "dead"

    async def run(self, job: tuple[str, str, str], deadline: float) -> Reply:
        """Answer ``job`` = (query, form, media type) by ``deadline`` (``time.monotonic()``).

        Returns a :data:`Reply`; never raises for the query's own failures.
        """

        await self.start()
        assert self._idle is not None
        for _attempt in range(3):
            try:
                if self._idle.empty():
                    worker = await asyncio.wait_for(
                        self._idle.get(), max(deadline - time.monotonic(), 0)
                    )
                else:
                    worker = self._idle.get_nowait()
            except TimeoutError:
                return (
                    503,
                    (
                        _timeout_message(self.timeout)
                        + f" (all {self.size} query workers were busy; try again later)"
                    ).encode(),
                    "text/plain",
                )
            reply: Reply | None | str = "dead"
            try:
                reply = await self._exchange(worker, job, deadline)
            finally:
                if isinstance(reply, tuple):
                    self._idle.put_nowait(worker)
                else:  # deadline, death or cancellation: this worker's work must end now
                    task = asyncio.get_running_loop().create_task(self._replace(worker))
                    self._tasks.add(task)
                    task.add_done_callback(self._tasks.discard)
            if reply == "gone":  # it had died while idle, before this job: try another
                continue
            if reply is None:
                self.killed += 1
                return (503, _timeout_message(self.timeout).encode(), "text/plain")
            if reply == "dead":
                self.died += 1
                return (503, _memory_message(self.memory_mb).encode(), "text/plain")
            assert isinstance(reply, tuple)
            return reply
        return (503, b"the query workers keep stopping; see the server's log", "text/plain")

    # -- blocking interface (tests, scripts) -------------------------------

    def start_blocking(self) -> None:
        """Start the workers now, blocking: for :meth:`run_blocking`, or before the event loop.

        :meth:`start` (the endpoint) takes over the workers started here, so a
        server can start them before serving and fail with one clear error.
        """
        while len(self._idle_sync) < self.size:
            self._idle_sync.append(self._spawn())

    def run_blocking(self, job: tuple[str, str, str], deadline: float) -> Reply:
        """Answer ``job`` in an idle worker, blocking (the same replies as :meth:`run`)."""
        worker = self._idle_sync.pop() if self._idle_sync else self._spawn()
        reply = worker.exchange((*job, self.generation), deadline - time.monotonic())
        if isinstance(reply, tuple):
            self._idle_sync.append(worker)
            return reply
        self._retire(worker)
        self._idle_sync.append(self._spawn())
        if reply is None:
            self.killed += 1
            return (503, _timeout_message(self.timeout).encode(), "text/plain")
        self.died += 1
        return (503, _memory_message(self.memory_mb).encode(), "text/plain")

    def close(self) -> None:
        """Stop every worker."""
        self._closed = True
        with self._lock:
            workers = list(self._workers)
        for worker in workers:
            self._retire(worker)
        self._idle_sync.clear()
