"""Loading curated facts: validation first, idempotent reloads, all-or-nothing."""

from __future__ import annotations

import pytest

from graph.exceptions import InputError, ParseError, ValidationError
from graph.load import VOCABULARY_GRAPHS, ensure_vocabulary, load_files

from .conftest import CORE, MINI_IRI


def test_load_puts_vocabulary_and_report(memory_store, mini_files):
    result = load_files(memory_store, [mini_files["ttl"]])
    assert result.graphs == {MINI_IRI: 46}
    assert set(VOCABULARY_GRAPHS) <= set(memory_store.graph_names())
    n = memory_store.select("SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { ?c a tkg:Country }").rows[0][
        0
    ]
    assert int(n) >= 240


@pytest.mark.parametrize("suffix", ["ttl", "trig", "nt", "nq", "jsonld"])
def test_each_format_loads_the_same_facts(memory_store, mini_files, suffix):
    load_files(memory_store, [mini_files[suffix]])
    assert memory_store.count(MINI_IRI) == 46
    assert memory_store.ask(
        "ASK { ?f a tkg:MigrationFlow ; tkg:destination ?c ; tkg:count 48000 . ?c tkg:isoCode 'GR' }"
    )


def test_reload_is_idempotent(disk_store, mini_files):
    load_files(disk_store, [mini_files["ttl"]])
    first = disk_store.dump("nq")
    load_files(disk_store, [mini_files["trig"]])
    load_files(disk_store, [mini_files["ttl"]])
    assert disk_store.dump("nq") == first
    assert ensure_vocabulary(disk_store) is False


def _broken_copy(tmp_path, old: str, new: str):
    text = (CORE / "mini.ttl").read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "mini.ttl"
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


def test_shacl_violation_names_file_line_node_and_rule(memory_store, tmp_path):
    path = _broken_copy(tmp_path, "tkg:charStart 0 ; tkg:charEnd 79 ;", "tkg:charEnd 79 ;")
    with pytest.raises(ValidationError) as info:
        load_files(memory_store, [path])
    message = str(info.value)
    assert str(path) in message and "r/ev1" not in message or "ev1" in message
    assert "charStart" in " ".join(info.value.violations)
    line = int(message.split(":")[1])
    assert "r:ev1" in path.read_text().splitlines()[line - 1]
    assert memory_store.graph_names() == []  # nothing stored, not even the vocabulary


def test_failed_load_leaves_store_untouched(disk_store, mini_files, tmp_path):
    load_files(disk_store, [mini_files["ttl"]])
    before = disk_store.dump("nq")
    bad_value = _broken_copy(tmp_path, "tkg:count 48000", 'tkg:count "many"')
    with pytest.raises(ValidationError):
        load_files(disk_store, [bad_value])
    assert disk_store.dump("nq") == before
    truncated = tmp_path / "trunc.ttl"
    truncated.write_text((CORE / "mini.ttl").read_text()[:900], encoding="utf-8")
    with pytest.raises(ParseError):
        load_files(disk_store, [mini_files["trig"], truncated])
    assert disk_store.dump("nq") == before


def test_same_report_in_two_files_is_refused(memory_store, mini_files):
    with pytest.raises(InputError, match="also in"):
        load_files(memory_store, [mini_files["ttl"], mini_files["trig"]])
    with pytest.raises(InputError, match="no fact files"):
        load_files(memory_store, [])
