"""Each seeded Compact is published whole: every clause of its documents is a commitment whose
citation names the Compact, section and clause in plain words and links to the clause's text.

The clauses are found here from the vendored texts (signatories/compact_texts/), on their own,
not with the migration's parser: a clause the migration missed fails these tests.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

TEXTS = Path(__file__).resolve().parent.parent / "compact_texts"


def _words(text: str) -> str:
    text = re.sub(r"</?(?:p|b)>|\*", " ", text)
    return re.sub(r"\s+", " ", text).strip()


def _numbered(file: str, stop: str | None = None) -> list[tuple[str, str]]:
    """Every line of a text that begins with a dotted clause number, with its words."""
    found = []
    for line in (TEXTS / file).read_text(encoding="utf-8").splitlines():
        if stop and line.strip() == stop:
            break
        match = re.match(r"^\s*(?:-\s+)?(\d+(?:\.\d+)+)\s+(\S.*)$", line)
        if match:
            found.append((match.group(1), _words(match.group(2))))
    return found


@pytest.fixture
def text_pages(client, compacts):
    return {slug: client.get(c.text_url()).content.decode() for slug, c in compacts.items()}


def _assert_published(compact, number, words, page):
    candidates = [
        c
        for c in compact.commitments.all()
        if c.clause == number or c.clause.startswith(f"{number} (the ")
    ]
    matching = [c for c in candidates if _words(c.text).startswith(words[:40])]
    assert matching, f"{compact.name} {number} ({words[:40]}…) is not a commitment"
    commitment = matching[0]
    assert commitment.get_absolute_url() == f"{compact.text_url()}#{commitment.anchor}"
    assert f'id="{commitment.anchor}"' in page, f"{number} has no anchor on the text page"


def test_every_numbered_undertaking_of_hertfordshire_is_a_commitment_with_its_anchor(
    compacts, text_pages
):
    found = _numbered("hertfordshire_2016_working_together_better_together.txt")
    numbers = [n for n, _ in found]
    assert numbers[0] == "1.1" and numbers[-1] == "5.5" and len(numbers) == 56
    for number, words in found:
        _assert_published(compacts["hertfordshire"], number, words, text_pages["hertfordshire"])


def test_every_numbered_clause_of_the_herefordshire_code_of_practice_is_a_commitment(
    compacts, text_pages
):
    found = _numbered("herefordshire_2009_code_of_practice.txt", stop="Commissioning")
    assert len(found) > 100
    for number, words in found:
        _assert_published(compacts["herefordshire"], number, words, text_pages["herefordshire"])


def test_a_number_printed_twice_is_two_commitments(compacts):
    herefordshire = compacts["herefordshire"]
    twice = herefordshire.commitments.filter(clause__startswith="10.2.8")
    assert twice.count() == 2
    # the one rules and emails cite keeps the printed number
    assert herefordshire.commitments.get(clause="10.2.8").text.startswith("Once a decision")


def test_herefordshire_2014_eight_commitments_and_volunteering_principles(compacts):
    herefordshire = compacts["herefordshire"]
    lines = (TEXTS / "herefordshire_2014_working_well_together.txt").read_text().splitlines()
    start = lines.index("Organisations which sign up to Compact are agreeing to:")
    eight = [line[2:] for line in lines[start + 2 : start + 10]]
    assert [c.text for c in herefordshire.commitments.filter(clause__startswith="HW-")] == eight
    principles = herefordshire.commitments.filter(clause__regex=r"^VP-[0-9]+$")
    assert [c.heading for c in principles] == [
        "Choice",
        "Equality",
        "Mutual benefit",
        "Recognition",
        "Support",
    ]
    # each principle's shared responsibilities are commitments too
    assert herefordshire.commitments.filter(clause__startswith="VP-5.").count() == 9


def test_every_chelmsford_commitment_in_its_tables_is_a_commitment(compacts, text_pages):
    chelmsford = compacts["chelmsford"]
    texts = [_words(c.text) for c in chelmsford.commitments.all()]
    cells = []
    for line in (TEXTS / "chelmsford_2011_working_together.txt").read_text().splitlines():
        if "\t" in line and "aim to" not in line:
            for cell in line.split("\t"):
                cells += [_words(p) for p in re.split(r"</p>\s*<p>", cell) if _words(p)]
    assert len(cells) == 54
    for cell in cells:
        assert any(t.startswith(cell[:40]) for t in texts), cell
    assert len(chelmsford.commitments.filter(clause__startswith="GW-")) == 4


@pytest.mark.parametrize("slug", ["herefordshire", "hertfordshire", "chelmsford"])
def test_every_commitment_is_in_a_section_and_anchored_on_the_text_page(compacts, text_pages, slug):
    page = text_pages[slug]
    for commitment in compacts[slug].commitments.select_related("section"):
        assert commitment.section is not None, commitment.clause
        assert f'id="{commitment.anchor}"' in page, commitment.clause
        assert f'id="{commitment.section.anchor}"' in page


def test_a_citation_names_compact_section_and_clause_and_links_to_it(compacts):
    commitment = compacts["herefordshire"].commitments.get(clause="11.2.6")
    citation = commitment.citation
    assert citation == (
        "Herefordshire Compact, Informing, consulting and partnership code of practice "
        "(2009), section 11 ‘Level three: standards for partnership’, clause 11.2.6"
    )
    assert citation.url == "/compacts/herefordshire/text/#clause-11-2-6"
    assert citation.__html__().startswith(f'<a class="govuk-link" href="{citation.url}">')
    assert "clause 11.2.6</a>" in citation.__html__()


def test_every_rule_cites_a_clause_that_is_on_the_text_page(compacts, text_pages):
    for slug, compact in compacts.items():
        for parameter in compact.clauses:
            citation = compact.clause_for(parameter)
            assert citation.url, (slug, parameter)
            path, anchor = citation.url.split("#")
            assert path == compact.text_url()
            assert f'id="{anchor}"' in text_pages[slug]
            assert citation.startswith(compact.name + ", ")


def test_the_compact_text_is_escaped_and_public(client, compacts):
    compact = compacts["chelmsford"]
    commitment = compact.commitments.get(clause="GW-1")
    commitment.text = "<script>alert(1)</script>"
    commitment.save()
    response = client.get(compact.text_url())
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.content.decode()
    assert client.post(compact.text_url()).status_code == 405
    assert client.get("/compacts/nowhere/text/").status_code == 404
