"""Long reports: extracted in chunks up to the documented limit (issue 12, item 5).

spaCy refuses texts over 1,000,000 characters (E088); tkg documents 20 MB.
"""

from __future__ import annotations

import pytest

from graph.extract import CHUNK, _chunks, extract_text
from graph.extract.text import split_sentences

TKG = "https://w3id.org/tkg/ontology#"
FILLER = "The committee met again in the afternoon to review its annual budget.\n"
FACT = "Police in Spain arrested 12 smugglers in Madrid."


def test_a_report_over_a_million_characters_is_extracted_with_exact_offsets():
    filler = FILLER * (1_050_000 // len(FILLER))
    text = filler + FACT + "\n" + FILLER
    assert len(text) > 1_000_000
    g = extract_text(text, report_id="long")
    q = (
        "SELECT ?s ?e WHERE { ?a a tkg:Arrest ; tkg:count 12 ; tkg:location/rdfs:label 'Madrid' ;"
        " tkg:evidence [ tkg:charStart ?s ; tkg:charEnd ?e ] }"
    )
    rows = list(g.query(q, initNs={"tkg": TKG, "rdfs": "http://www.w3.org/2000/01/rdf-schema#"}))
    assert rows, "the arrest past the first million characters was not found"
    start, end = int(rows[0][0]), int(rows[0][1])
    assert text[start:end] == FACT


@pytest.mark.parametrize("size", [7, 12, 30, 1000])
def test_chunks_cover_the_text_in_order_without_gaps(size):
    text = "One two. Three four five six seven. Eight.\nNine ten eleven twelve."
    spans = _chunks(text, split_sentences(text), size=size)
    assert spans[0][0] == 0 and spans[-1][1] == len(text)
    assert all(a < b <= a + size or b - a <= size for a, b in spans)
    assert all(spans[i][1] == spans[i + 1][0] for i in range(len(spans) - 1))


def test_chunks_end_at_sentence_ends_when_sentences_fit():
    text = "Alpha beta. Gamma delta. Epsilon."
    spans = _chunks(text, split_sentences(text), size=20)
    assert [text[a:b].strip() for a, b in spans] == ["Alpha beta.", "Gamma delta.", "Epsilon."]


def test_the_chunk_size_stays_under_spacys_limit():
    assert CHUNK < 1_000_000
