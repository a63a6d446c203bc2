"""Publish each seeded Compact whole: its text by section, and every clause as a commitment.

The texts are the published Compact documents, copied unchanged into
signatories/compact_texts/ (see its README for the source and the date). This migration reads
them as they are in the repository, so it is reproducible; the parser is frozen here.

- Numbered clauses (Hertfordshire 1.1–5.5; the Herefordshire code of practice 1.1–14.1) keep
  their printed numbers. Where the code of practice prints one number twice (3.1, 10.2.8,
  12.3), the one the portal already cited keeps the number, else the first does, and the other
  is "N (the second so numbered)" or "N (the first so numbered)". Its appendices' numbers
  would repeat the code's, so they take their appendix's code (CM-, SD-, RS-).
- Unnumbered commitments take their section's code, as the portal already did (Herefordshire
  2014: HW how we work together, WM what working together means, WT shared responsibility,
  FP funding and procurement, VP volunteering principles, RP resolution procedure; the 2007
  draft: SP shared principles, CA commitment to action; Chelmsford: §N per section and GW for
  "If things go wrong"). Commitments the portal held keep their codes (disputes, tests and
  rules cite them) and take the printed text; the others are numbered in order after them.
"""

from __future__ import annotations

import re
from pathlib import Path

from django.db import migrations

TEXTS = Path(__file__).resolve().parent.parent / "compact_texts"

PUBLIC, VCS, BOTH = "public", "voluntary_community", "both"

# Each document: its file, Compact, name when it is not the Compact's main document, how its
# sections begin, and which of their lines are commitments.
#  sections: (heading line as printed, number, title, code, theme, party)
#  code: "numbered" (printed numbers), a prefix, or None (text only)
#  lists: for a prefix, which bullet lists (by order in the section) are commitments, with
#    their party; "paragraphs": paragraphs are commitments too
HEREFORDSHIRE_2014 = {
    "file": "herefordshire_2014_working_well_together.txt",
    "compact": "herefordshire",
    "document": "",
    "skip_until": "Compact Reference Group Membership\t12",
    "sections": [
        ("Foreword", "", "Foreword", None, "working_together", BOTH),
        (
            "How will we work together?",
            "",
            "How will we work together?",
            "HW",
            "working_together",
            BOTH,
        ),
        ("Working Together", "", "Working together", "WT", "working_together", BOTH),
        (
            "How can we tell we're working well together?",
            "",
            "How can we tell we're working well together?",
            None,
            "working_together",
            BOTH,
        ),
        ("Funding and procurement", "", "Funding and procurement", "FP", "funding", BOTH),
        ("Volunteering", "", "Volunteering", "VP", "working_together", BOTH),
        (
            "Working together to solve difficulties",
            "",
            "Working together to solve difficulties",
            "RP",
            "resolution",
            BOTH,
        ),
        (
            "Herefordshire Compact Reference Group Membership 2014",
            "",
            "Compact Reference Group membership 2014",
            None,
            "working_together",
            BOTH,
        ),
    ],
    "lists": {
        "HW": [BOTH],
        "WT": [("WM", BOTH), BOTH],
        "FP": [BOTH, VCS, PUBLIC],
        "RP": [],
    },
    "paragraph_codes": {"RP"},
    "subheadings": {
        "Three sectors working together",
        "How can organisations sign up?",
        "MYLO - Mobile Youth Led Opportunities",
        "Third sector",
        "Public sector",
        "Stage One.....Informal",
        "Stage Two.....Formal",
        "Stage Three.....Additional",
    },
    "principles": ["Choice", "Equality", "Mutual benefit", "Recognition", "Support"],
}

HERTFORDSHIRE = {
    "file": "hertfordshire_2016_working_together_better_together.txt",
    "compact": "hertfordshire",
    "document": "",
    "sections": [
        ("Foreword", "", "Foreword", None, "working_together", BOTH),
        ("Introduction", "", "Introduction", None, "working_together", BOTH),
        ("Case Study", "", "Case study: Building Better Opportunities", None, "", BOTH),
        (
            "1. A strong, diverse and independent voluntary and community sector",
            "1",
            "A strong, diverse and independent voluntary and community sector",
            "numbered",
            "working_together",
            BOTH,
        ),
        (
            "2. Effective and transparent design and development of policies, programmes and public services",
            "2",
            "Effective and transparent design and development of policies, programmes and public services",
            "numbered",
            "consultation",
            BOTH,
        ),
        (
            "3. Responsive and high-quality programmes and services",
            "3",
            "Responsive and high-quality programmes and services",
            "numbered",
            "funding",
            BOTH,
        ),
        ("Case Study", "", "Case study: the Community Navigator Scheme", None, "", BOTH),
        (
            "4. Clear arrangements for managing changes to programmes and services",
            "4",
            "Clear arrangements for managing changes to programmes and services",
            "numbered",
            "changes",
            BOTH,
        ),
        ("Case Study", "", "Case study: Welwyn Hatfield Domestic Abuse Forum", None, "", BOTH),
        (
            "5. An equal and fair society",
            "5",
            "An equal and fair society",
            "numbered",
            "equality",
            BOTH,
        ),
        ("Case Study", "", "Case study: Mediation Hertfordshire", None, "", BOTH),
        ("Glossary", "", "Glossary", None, "", BOTH),
        ("Further details", "", "Further details", None, "", BOTH),
    ],
    "parties": {
        "Undertakings by Statutory Organisations (SO):": PUBLIC,
        "Undertakings by Statutory Organisations:": PUBLIC,
        "Undertakings by Voluntary and Community Sector:": VCS,
        "Joint Undertakings:": BOTH,
        "Joint Undertaking:": BOTH,
    },
}

HEREFORDSHIRE_2007 = {
    "file": "herefordshire_2007_draft_compact.txt",
    "compact": "herefordshire",
    "document": "Compact: working together better together (draft, 2007)",
    "sections": [
        ("Purpose of the Compact", "", "Purpose of the Compact", None, "", BOTH),
        ("Status of the Compact", "", "Status of the Compact", None, "", BOTH),
        ("Context for the Compact", "", "Context for the Compact", None, "", BOTH),
        ("Shared Principles", "", "Shared principles", "SP", "working_together", BOTH),
        ("Commitment to Action", "", "Commitment to action", "CA", "working_together", BOTH),
        ("Mike Ashton, Chief Executive", "", "Signatories (draft)", None, "", BOTH),
    ],
    "lists": {"SP": [BOTH], "CA": [None, BOTH]},
    "paragraph_codes": {"CA"},
    "paragraph_until": {"CA": "We are also committed"},
    "keep_heading_line": {"Mike Ashton, Chief Executive"},
    "subheadings": {"¹ Third Sector"},
}

CODE_OF_PRACTICE = {
    "file": "herefordshire_2009_code_of_practice.txt",
    "compact": "herefordshire",
    "document": "Informing, consulting and partnership code of practice (2009)",
    "skip_until": "Appendices\t10-12",
    "sections": [
        (
            "1 What is the Herefordshire Compact?",
            "1",
            "What is the Herefordshire Compact?",
            "numbered",
            "working_together",
            BOTH,
        ),
        (
            "2 What is the Informing, Consulting and Partnership Code of Practice?",
            "2",
            "What is the Informing, Consulting and Partnership Code of Practice?",
            "numbered",
            "working_together",
            BOTH,
        ),
        (
            "3 What is the Code's purpose?",
            "3",
            "What is the Code's purpose?",
            "numbered",
            "working_together",
            BOTH,
        ),
        (
            "4 Who is the Code for?",
            "4",
            "Who is the Code for?",
            "numbered",
            "working_together",
            BOTH,
        ),
        (
            "5 Shared values for working together",
            "5",
            "Shared values for working together",
            "numbered",
            "working_together",
            BOTH,
        ),
        ("6 Undertakings", "6", "Undertakings", "numbered", "working_together", BOTH),
        ("7 Commitments", "7", "Commitments", "numbered", "working_together", BOTH),
        (
            "8 Understanding working together – levels of participation",
            "8",
            "Understanding working together: levels of participation",
            "numbered",
            "consultation",
            BOTH,
        ),
        (
            "9 Level one: standards for informing",
            "9",
            "Level one: standards for informing",
            "numbered",
            "information",
            BOTH,
        ),
        (
            "10 Level two: standards for consulting",
            "10",
            "Level two: standards for consulting",
            "numbered",
            "consultation",
            BOTH,
        ),
        (
            "11 Level three: standards for partnership",
            "11",
            "Level three: standards for partnership",
            "numbered",
            "working_together",
            BOTH,
        ),
        ("12 Confidentiality", "12", "Confidentiality", "numbered", "information", BOTH),
        ("13 Breach and mediation", "13", "Breach and mediation", "numbered", "resolution", BOTH),
        ("14 Review", "14", "Review", "numbered", "working_together", BOTH),
        ("Commissioning", "", "Appendix: commissioning", "CM", "funding", BOTH),
        (
            "Strategic Planning, Direction and Development",
            "",
            "Appendix: strategic planning, direction and development",
            "SD",
            "working_together",
            BOTH,
        ),
        ("Representing Sectors⁸", "", "Appendix: representing sectors", "RS", "consultation", BOTH),
        ("Signatories to the Herefordshire Compact are:", "", "Signatories", None, "", BOTH),
    ],
    "parties": {
        "7.1 Public sector organisations will:": PUBLIC,
        "7.2 Third sector organisations will:": VCS,
    },
}

CHELMSFORD = {
    "file": "chelmsford_2011_working_together.txt",
    "compact": "chelmsford",
    "document": "",
    "markdown": True,
    # numbered sections ("I." is printed for 1.) and their themes
    "section_numbers": {
        "I. A strong, diverse and independent civil society": ("1", "working_together"),
        "2. Effective and transparent design and development of policies, programmes and public services": (
            "2",
            "consultation",
        ),
        "3. Responsive and high quality programmes and services": ("3", "funding"),
        "4. Clear arrangements for managing changes to programmes and services": ("4", "changes"),
        "5. An equal and fair society": ("5", "equality"),
    },
    "resolution_heading": "If things go wrong",
}

DOCUMENTS = [HEREFORDSHIRE_2014, HEREFORDSHIRE_2007, CODE_OF_PRACTICE, HERTFORDSHIRE, CHELMSFORD]

DOCUMENT_URLS = {
    # The published documents' homes, where the documents say where they are published.
    "hertfordshire": (
        "https://www.hertfordshire.gov.uk",
        "corporate.policyteam@hertfordshire.gov.uk",
        "Hertfordshire Compact Partnership Group\nc/o Community Wellbeing, Hertfordshire "
        "County Council\nFarnham House\nStevenage\nHertfordshire\nSG1 2FQ",
    ),
    "chelmsford": (
        "",
        "grantsandfunding@chelmsford.gov.uk",
        "Chelmsford Borough Council (grants and funding)\nTelephone 01245 606289\n"
        "or Chelmsford Council for Voluntary Service, telephone 01245 351888",
    ),
    "herefordshire": (
        "",
        "enquiries@herefordshirecompact.org.uk",
        "Herefordshire Compact\nc/o Herefordshire Council Community Regeneration Team\n"
        "Telephone 01432 383038",
    ),
}

# The clause each rule comes from: a commitment's clause, so that the citation links to it.
RULE_CLAUSES = {
    "herefordshire": {
        "consultation_min_weeks": "WT-3",
        "funding_end_notice_months": "FP-5",
        "renewal_notice_months": "FP-6",
        "min_term_years": "FP-4",
        "formal_stage_weeks": "RP-2",
        "informing_notice_weeks": "9.2.2",
        "meeting_notice_weeks": "11.2.1",
        "act_notice_weeks_min": "11.3.1",
        "act_notice_weeks_ideal": "11.3.1",
        "resolution_stages": "RP-1",
        # not a rule parameter: cited where a reference group member declares a link
        "conflicts_of_interest": "11.2.6",
    },
    "hertfordshire": {
        "consultation_min_weeks": "2.4",
        "funding_end_notice_months": "4.4",
        "min_term_years": "3.4",
        "exceptional_circumstances_allowed": "4.4",
        "resolution_stages": "1.11",
    },
    "chelmsford": {
        "consultation_min_weeks": "§2.2",
        "funding_end_notice_months": "§4.4",
        "min_term_years": "§3.1",
        "resolution_stages": "GW-1",
    },
}

NUMBERED = re.compile(r"^(\d+(?:\.\d+)+)\s+(.*)$")
WHOLE_NUMBERED = re.compile(r"^(\d+)\s+(.*)$")


def clean(text: str) -> str:
    """The printed words without the markup the copy carries."""
    text = re.sub(r"\[([^\]]+)\]\([^)]+\)", r"\1", text)
    text = re.sub(r"<(?:/?b|/?p)>", " ", text)
    text = re.sub(r"<(https?://[^>]+)>", r"\1", text)
    text = text.replace("**", "").replace("\u00a0", " ")
    text = re.sub(r"(?<![\w*])\*([^*]+)\*(?![\w*])", r"\1", text)
    return re.sub(r"\s+", " ", text).strip()


def normal(text: str) -> str:
    text = clean(text).lower().replace("’", "'").replace("‘", "'").replace("“", '"')
    return re.sub(r"[^a-z0-9]+", " ", text.replace("”", '"')).strip()


def heading_for(text: str) -> str:
    """A short heading for a commitment: its first words, cut at a word."""
    first = re.split(r"(?<=[.:;])\s", text, maxsplit=1)[0].rstrip(".:;")
    if len(first) <= 90:
        return first
    return first[:88].rsplit(" ", 1)[0] + "…"


class Item:
    """A commitment found in a text, before it has its code."""

    def __init__(self, text, party, theme, prefix="", number="", heading=""):
        self.text, self.party, self.theme, self.heading = text, party, theme, heading
        self.prefix, self.number, self.code = prefix, number, ""


def read_lines(doc):
    lines = (TEXTS / doc["file"]).read_text(encoding="utf-8").splitlines()
    if doc.get("skip_until"):
        lines = lines[lines.index(doc["skip_until"]) + 1 :]
    return lines


def parse_plain(doc):
    """Sections (title, number, blocks) of a document whose headings are listed in `doc`."""
    lines = read_lines(doc)
    sections, index = [], 0
    heads = doc["sections"]
    # preamble: what comes before the first heading
    starts = []
    for head in heads:
        while lines[index].strip() != head[0]:
            index += 1
        starts.append(index)
        index += 1
    starts.append(len(lines))
    for n, head in enumerate(heads):
        body = lines[
            starts[n] + (0 if head[0] in doc.get("keep_heading_line", ()) else 1) : starts[n + 1]
        ]
        sections.append((head, body))
    preamble = lines[: starts[0]]
    return preamble, sections


def blocks_of(doc, head, body):
    """A section's blocks and its commitments, in printed order."""
    _, _, _, code, theme, party = head
    parties = doc.get("parties", {})
    subheadings = doc.get("subheadings", set())
    lists = doc.get("lists", {}).get(code, [])
    blocks, items = [], []
    list_index, in_list, principle = -1, False, 0
    principle_items = 0
    paragraphs_open = code in doc.get("paragraph_codes", set())
    for raw in body:
        line = raw.strip()
        if not line or re.fullmatch(r"[\s\u00a0]*", raw) or line == "DRAFT":
            in_list = in_list and not line
            continue
        is_item = line.startswith("- ")
        content = clean(line[2:] if is_item else line)
        if not content:
            continue
        if line in parties:
            party = parties[line]
        if code == "numbered":
            match = NUMBERED.match(content)
            if match:
                item = Item(match.group(2), party, theme, number=match.group(1))
                items.append(item)
                blocks.append({"kind": "clause", "item": item})
                if line in parties:
                    party = parties[line]
                continue
            if blocks and blocks[-1]["kind"] == "clause" and (is_item or raw[:1] == " "):
                item = blocks[-1]["item"]
                item.text += ("\n• " if is_item else " ") + content
                continue
        elif code in ("CM", "SD", "RS"):
            match = NUMBERED.match(content) if code == "RS" else WHOLE_NUMBERED.match(content)
            if match and is_item:
                item = Item(match.group(2), party, theme, prefix=code, number=match.group(1))
                items.append(item)
                blocks.append({"kind": "clause", "item": item})
                continue
            if blocks and blocks[-1]["kind"] == "clause" and is_item:
                blocks[-1]["item"].text += "\n• " + content
                continue
        elif code == "VP" and content in doc.get("principles", []):
            principle += 1
            principle_items = 0
            blocks.append({"kind": "heading", "text": content})
            continue
        elif code == "VP" and principle and not is_item and principle_items == 0:
            name = doc["principles"][principle - 1]
            item = Item(content, BOTH, theme, prefix="VP", number=str(principle), heading=name)
            principle_items = 1
            items.append(item)
            blocks.append({"kind": "clause", "item": item})
            continue
        elif code == "VP" and principle and is_item:
            item = Item(content, BOTH, theme, prefix="VP", number=f"{principle}.{principle_items}")
            principle_items += 1
            items.append(item)
            blocks.append({"kind": "clause", "item": item})
            continue
        elif code and is_item:
            if not in_list:
                list_index += 1
                in_list = True
            spec = lists[list_index] if list_index < len(lists) else None
            if spec is not None:
                prefix, who = spec if isinstance(spec, tuple) else (code, spec)
                item = Item(content, who, theme, prefix=prefix)
                items.append(item)
                blocks.append({"kind": "clause", "item": item})
                continue
        elif code and paragraphs_open and not is_item:
            until = doc.get("paragraph_until", {}).get(code)
            if until and content.startswith(until):
                paragraphs_open = False
            elif content not in subheadings and len(content) > 60:
                item = Item(content, party, theme, prefix=code)
                items.append(item)
                blocks.append({"kind": "clause", "item": item, "only_if_known": code == "RP"})
                continue
        if is_item:
            in_list = True
            if blocks and blocks[-1]["kind"] == "item" and raw[:1] == " ":
                blocks[-1]["text"] += " " + content
            else:
                blocks.append({"kind": "item", "text": content})
        elif raw[:1] == " " and blocks and blocks[-1]["kind"] in ("item", "clause"):
            if blocks[-1]["kind"] == "item":
                blocks[-1]["text"] += " " + content
            else:
                blocks[-1]["item"].text += " " + content
        else:
            in_list = False
            short = len(content) < 70 and not content.endswith(".")
            kind = (
                "heading"
                if content in subheadings or (short and content.endswith(":"))
                else "paragraph"
            )
            blocks.append({"kind": kind, "text": content})
    return blocks, items


def parse_markdown(doc):
    """Chelmsford: markdown headings, and its commitments in two-column tables."""
    lines = (TEXTS / doc["file"]).read_text(encoding="utf-8").splitlines()
    sections, current = [], None
    for raw in lines:
        line = raw.strip()
        if line.startswith("#"):
            title = clean(line.lstrip("#"))
            number, theme = doc["section_numbers"].get(title, ("", ""))
            if number:
                title = title.split(" ", 1)[1]
            code = (
                f"§{number}" if number else ("GW" if title == doc["resolution_heading"] else None)
            )
            current = {
                "head": (line, number, title, code, theme or "resolution", BOTH),
                "lines": [],
            }
            sections.append(current)
        elif current is not None:
            current["lines"].append(raw)
    out = []
    for section in sections:
        head = section["head"]
        code = head[3]
        blocks, items = [], []
        columns = None
        for raw in section["lines"]:
            line = raw.strip()
            if not line:
                continue
            if "\t" in line and code and code.startswith("§"):
                cells = [c.strip() for c in line.split("\t")]
                if columns is None:
                    columns = [[clean(c).rstrip("."), []] for c in cells]
                    continue
                for column, cell in zip(columns, cells, strict=False):
                    for part in re.split(r"</p>\s*<p>", cell):
                        text = clean(part)
                        if text:
                            column[1].append(text)
                continue
            if columns is not None:
                blocks.extend(column_blocks(columns, head, items))
                columns = None
            is_item = line.startswith("- ")
            content = clean(line[2:] if is_item else line)
            if code == "GW" and is_item:
                item = Item(content, BOTH, "resolution", prefix="GW")
                items.append(item)
                blocks.append({"kind": "clause", "item": item})
            else:
                blocks.append({"kind": "item" if is_item else "paragraph", "text": content})
        if columns is not None:
            blocks.extend(column_blocks(columns, head, items))
        out.append((head, blocks, items))
    return out


def column_blocks(columns, head, items):
    blocks = []
    for (title, texts), party in zip(columns, (PUBLIC, VCS), strict=False):
        blocks.append({"kind": "heading", "text": title.replace("VSO's", "VSOs")})
        for text in texts:
            item = Item(text, party, head[4], prefix=head[3])
            items.append(item)
            blocks.append({"kind": "clause", "item": item})
    return blocks


def assign_codes(items, existing):
    """Give each commitment its code: a known commitment keeps its own."""
    by_text = {}
    for clause, text in existing.items():
        by_text.setdefault(normal(text)[:40], clause)
    taken = set()
    for item in items:
        printed = normal(item.text)
        for start, clause in by_text.items():
            if clause not in taken and start and start in printed:
                if item.number and not item.prefix:
                    same_kind = clause == item.number
                else:
                    joiner = "." if item.prefix.startswith("§") else "-"
                    same_kind = clause.startswith(item.prefix + joiner)
                if same_kind:
                    item.code = clause
                    taken.add(clause)
                    break
    counts = {}
    for item in items:
        if item.number and not item.prefix:
            counts[item.number] = counts.get(item.number, 0) + 1
    seen = {}
    for item in items:
        if item.code:
            continue
        if item.number and not item.prefix:
            seen[item.number] = seen.get(item.number, 0) + 1
            code = item.number
            if counts[item.number] > 1 and (code in taken or seen[item.number] > 1):
                order = "first" if seen[item.number] == 1 else "second"
                code = f"{item.number} (the {order} so numbered)"
        elif item.number:
            code = f"{item.prefix}-{item.number}"
        else:
            n = 1
            joiner = "." if item.prefix.startswith("§") else "-"
            while f"{item.prefix}{joiner}{n}" in taken:
                n += 1
            code = f"{item.prefix}{joiner}{n}"
        item.code = code
        taken.add(code)
    return items


def anchor_for(title: str, used: set) -> str:
    base = "section-" + (re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:60] or "text")
    anchor, n = base, 2
    while anchor in used:
        anchor, n = f"{base}-{n}", n + 1
    used.add(anchor)
    return anchor


def publish(apps, schema_editor):
    Compact = apps.get_model("signatories", "Compact")
    Commitment = apps.get_model("signatories", "Commitment")
    CompactSection = apps.get_model("signatories", "CompactSection")
    parsed = {}  # slug -> [(document, number, title, blocks)], [items]
    for doc in DOCUMENTS:
        sections, items = parsed.setdefault(doc["compact"], ([], []))
        if doc.get("markdown"):
            for head, blocks, found in parse_markdown(doc):
                if head[2] == "Working Together" and not sections:
                    head = (head[0], "", "Title page", None, "", BOTH)
                sections.append((doc["document"], head[1], head[2], blocks))
                items.extend(found)
            continue
        preamble, bodies = parse_plain(doc)
        pre_blocks = [
            {"kind": "paragraph", "text": clean(line)}
            for line in preamble
            if clean(line)
            and clean(line) != "DRAFT"
            and "\t" not in line
            and clean(line) not in ("Contents", "Page")
        ]
        if pre_blocks:
            sections.append((doc["document"], "", "Title page", pre_blocks))
        for head, body in bodies:
            blocks, found = blocks_of(doc, head, body)
            sections.append((doc["document"], head[1], head[2], blocks))
            items.extend(found)

    for slug, (sections, items) in parsed.items():
        compact = Compact.objects.get(slug=slug)
        existing = dict(Commitment.objects.filter(compact=compact).values_list("clause", "text"))
        assign_codes(items, existing)
        known = {item.code for item in items if item.code in existing}
        CompactSection.objects.filter(compact=compact).delete()
        used, position = set(), 0
        for section_position, (document, number, title, blocks) in enumerate(sections):
            section = CompactSection.objects.create(
                compact=compact,
                position=section_position,
                document=document,
                number=number,
                title=title,
                anchor=anchor_for(
                    f"{document} {number} {title}" if document else f"{number} {title}", used
                ),
                blocks=[],
            )
            stored = []
            for block in blocks:
                if block["kind"] != "clause":
                    stored.append(block)
                    continue
                item = block["item"]
                if block.get("only_if_known") and item.code not in known:
                    stored.append({"kind": "paragraph", "text": item.text})
                    continue
                stored.append({"kind": "clause", "clause": item.code})
                defaults = {"text": item.text, "section": section, "position": position}
                position += 1
                if item.code in existing:
                    Commitment.objects.filter(compact=compact, clause=item.code).update(**defaults)
                else:
                    Commitment.objects.create(
                        compact=compact,
                        clause=item.code,
                        heading=item.heading or heading_for(item.text),
                        undertaken_by=item.party,
                        theme=item.theme or "working_together",
                        **defaults,
                    )
            section.blocks = stored
            section.save(update_fields=["blocks"])
        url, email, address = DOCUMENT_URLS[slug]
        compact.document_url = url or compact.document_url
        compact.contact_email = compact.contact_email or email
        compact.contact_address = address
        compact.clauses = RULE_CLAUSES[slug]
        compact.save()
        cite(apps, compact)


def cite(apps, compact):
    """The rules' citations in plain words (as Compact.refresh_citations works them out)."""
    Commitment = apps.get_model("signatories", "Commitment")
    cited = {}
    for parameter, clause in compact.clauses.items():
        commitment = (
            Commitment.objects.select_related("section")
            .filter(compact=compact, clause=clause)
            .first()
        )
        if commitment is None:
            continue
        parts = [compact.name]
        section = commitment.section
        if section is not None:
            named = (
                f"section {section.number} ‘{section.title}’"
                if section.number
                else f"‘{section.title}’"
            )
            parts.append(f"{section.document}, {named}" if section.document else named)
        parts.append(f"clause {clause}")
        anchor = "clause-" + re.sub(r"[^a-z0-9]+", "-", clause.lower().replace("§", "s")).strip("-")
        cited[parameter] = {"clause": clause, "text": ", ".join(parts), "anchor": anchor}
    compact.cited = cited
    compact.save(update_fields=["cited"])


def unpublish(apps, schema_editor):
    """Back to the commitments of 0002: the sections go; added commitments go if uncited."""
    Commitment = apps.get_model("signatories", "Commitment")
    apps.get_model("signatories", "CompactSection").objects.all().delete()
    from importlib import import_module

    seeded = import_module("signatories.migrations.0002_seed_three_compacts").COMPACTS
    for data in seeded:
        keep = [c[0] for c in data["commitments"]]
        added = Commitment.objects.filter(compact__slug=data["slug"]).exclude(clause__in=keep)
        for commitment in added:
            if not commitment.cases.exists():  # a case that cites it keeps it
                commitment.delete()


class Migration(migrations.Migration):
    dependencies = [("signatories", "0009_compact_sections_contact_address_and_citations")]

    operations = [migrations.RunPython(publish, unpublish)]
