"""tkg build --executor dask on a LocalCluster gives the same store as the default (issue 15 item 5)."""

from __future__ import annotations

import shutil

import pytest

from graph.cli import cli

from .conftest import DATA

pytest.importorskip("distributed")

TEXTS = sorted((DATA / "extract").glob("*.txt"))[:10]


def _report_quads(store_dir) -> set[str]:
    from graph.store import open_store

    store = open_store(store_dir, read_only=True)
    try:
        lines = store.dump("nq").decode("utf-8").splitlines()
    finally:
        store.close()
    return {line for line in lines if "/id/report/" in line.rsplit(" ", 2)[-2]}


def test_dask_executor_gives_the_same_store(tmp_path, runner):
    reports = tmp_path / "reports"
    reports.mkdir()
    for path in TEXTS:
        shutil.copy(path, reports / path.name)
    (reports / "scan.txt").write_bytes(b"\x00\x01\x02binary\x00" * 20)  # rejected by both

    local = runner.invoke(
        cli, ["build", str(reports), "--out", str(tmp_path / "local"), "-q", "--no-figures"]
    )
    dask = runner.invoke(
        cli,
        ["build", str(reports), "--out", str(tmp_path / "dask"), "-q", "--no-figures"]
        + ["--executor", "dask", "--jobs", "2"],
    )
    assert local.exit_code == dask.exit_code == 9, (local.output, dask.output)
    assert f"built {len(TEXTS)} of {len(TEXTS) + 1} reports" in dask.output
    quads = _report_quads(tmp_path / "local" / "store")
    assert len(quads) > 1000
    assert _report_quads(tmp_path / "dask" / "store") == quads
    # the shards hold exactly the stored report quads (the input of a store's bulk loader)
    shards = sorted((tmp_path / "dask" / "shards").glob("shard-*.nq"))
    assert (tmp_path / "dask" / "shards" / "vocabulary.nq").stat().st_size > 0
    assert shards
    in_shards = {
        line for p in shards for line in p.read_text(encoding="utf-8").splitlines() if line
    }
    import rdflib

    shard_ds, store_ds = rdflib.Dataset(), rdflib.Dataset()
    shard_ds.parse(data="\n".join(sorted(in_shards)), format="nquads")
    store_ds.parse(data="\n".join(sorted(quads)), format="nquads")
    assert set(shard_ds.quads()) == set(store_ds.quads())
    for name in ("facts.trig", "analysis.md", "network.gexf"):
        assert (tmp_path / "dask" / name).stat().st_size > 0


def test_scheduler_needs_the_dask_executor(tmp_path, runner):
    result = runner.invoke(
        cli, ["build", str(tmp_path), "--out", str(tmp_path / "o"), "--scheduler", "tcp://x:1"]
    )
    assert result.exit_code == 2 and "--scheduler needs --executor dask" in result.output


def test_unreachable_scheduler_is_one_line(tmp_path, runner):
    (tmp_path / "a.txt").write_text("Greek police arrested 30 smugglers.\n", encoding="utf-8")
    result = runner.invoke(
        cli,
        ["build", str(tmp_path / "a.txt"), "--out", str(tmp_path / "o"), "-q"]
        + ["--executor", "dask", "--scheduler", "tcp://127.0.0.1:9"],
    )
    assert result.exit_code == 2, result.output
    assert "cannot reach the dask scheduler tcp://127.0.0.1:9" in result.output
