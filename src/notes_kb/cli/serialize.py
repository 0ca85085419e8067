"""Model objects -> plain JSON-ready dicts: the contract of every `--json`."""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Any

from notes_kb.jsonable import iso, json_default, jsonable
from notes_kb.model import Diagnostic, Note, Section, TreeNode

if TYPE_CHECKING:
    from notes_kb.index.search import Hit
    from notes_kb.query.concepts import Concept, Mention
    from notes_kb.query.expansions import Expansion
    from notes_kb.query.glossary import Entry
    from notes_kb.query.linkgraph import LinkReport
    from notes_kb.query.terms import TermReport

_UNSAFE = re.compile(r"[\x7f-\x9f\u2028\u2029]")
_C1_UTF8 = re.compile(rb"\xc2[\x80-\x9f]")  # U+0080 to U+009F, encoded


def note_summary(note: Note) -> dict[str, Any]:
    return {
        "id": note.id,
        "title": note.title,
        "fname": note.fname,
        "path": note.path,
        "tags": list(note.tags),
        "created": iso(note.created),
        "updated": iso(note.updated),
    }


def note_detail(note: Note, section: Section | None = None) -> dict[str, Any]:
    from notes_kb.parse.markdown import sections_of  # not loaded by a warm `search`

    data = note_summary(note)
    data["desc"] = note.desc
    data["frontmatter"] = jsonable(note.frontmatter)
    data["body"] = note.section_source(section) if section else note.body
    if section is not None:
        data["section"] = {
            "heading": section.heading,
            "slug": section.slug,
            "line": section.line,
            "level": section.level,
        }
    data["sections"] = [
        {"heading": s.heading, "slug": s.slug, "line": s.line, "level": s.level}
        for s in sections_of(note)
    ]
    return data


def tree_dict(node: TreeNode) -> dict[str, Any]:
    return {
        "fname": node.fname,
        "title": node.note.title if node.note else node.name,
        "id": node.note.id if node.note else None,
        "stub": node.stub,
        "children": [tree_dict(child) for child in node.children.values()],
    }


def diagnostic_dict(diagnostic: Diagnostic) -> dict[str, Any]:
    return {
        "path": diagnostic.path,
        "line": diagnostic.line,
        "severity": diagnostic.severity,
        "code": diagnostic.code,
        "message": diagnostic.message,
    }


def dumps(data: Any, pretty: bool = True, ascii_only: bool = False) -> str:
    """JSON with readable Unicode but every control character escaped; `pretty`: indented
    (for a person), else compact and several times faster to write (for a pipe);
    `ascii_only`: every other character escaped too (`\u2014`), for a stream whose encoding
    lacks some."""
    text = _json(data, pretty, ascii_only)
    # ASCII text (an O(1) test) holds none but DEL: one memchr where the scan takes 27 ms
    # on the 12 MB of a 10,000-note glossary
    if text.isascii() and "\x7f" not in text:
        return text
    return _escaped(text)


def encoded(data: Any, pretty: bool, errors: str) -> bytes:
    """`dumps(data, pretty)` in UTF-8, encoded with the `errors` handler of the stream it
    goes to: the bytes that stream would write. Encoded first, the text is searched for what
    needs escaping in a few scans for one character or byte each: 4 ms where `_UNSAFE`'s
    scan took 84 on the 11 MB of a 10,000-note glossary (0.04 against 0.82 s at 100,000)."""
    return encoded_text(_json(data, pretty), errors)


def encoded_text(text: str, errors: str) -> bytes:
    """`encoded` for the JSON text `_json` made."""
    written = text.encode("utf-8", errors)
    if _may_be_unsafe(text, written):
        return _escaped(text).encode("utf-8", errors)
    return written


def encoded_utf8(data: bytes, errors: str) -> bytes:
    """`encoded_text` for a JSON text given in UTF-8 (lone surrogates passed through, as
    `surrogatepass` writes them): the same bytes, the text neither decoded nor encoded
    again when there is nothing to escape and it holds no surrogate (whose bytes open with
    0xED, as those of U+D000 to U+D7FF do: they take the long way too)."""
    if b"\xed" in data or b"\x7f" in data:
        return encoded_text(data.decode("utf-8", "surrogatepass"), errors)
    if data.isascii():
        return data
    lead = data.find(b"\xc2")
    # U+2028 and U+2029 end in a byte whose one-byte search rules them out in most texts
    # (the three-byte search takes 9 ms each on 11 MB of dashes and quotes)
    if (
        (b"\xa8" in data and b"\xe2\x80\xa8" in data)
        or (b"\xa9" in data and b"\xe2\x80\xa9" in data)
        or (lead >= 0 and _C1_UTF8.search(data, lead) is not None)
    ):
        return encoded_text(data.decode("utf-8", "surrogatepass"), errors)
    return data


def _may_be_unsafe(text: str, data: bytes) -> bool:
    """Whether `text`, encoded as `data`, may hold a character `_UNSAFE` escapes. It never
    misses one: each C1 control is the lead byte 0xC2 and its next byte in UTF-8. It may say
    yes for none only where surrogates became raw bytes (`surrogateescape`); the escaping
    then does what it always did."""
    if "\x7f" in text:
        return True
    if text.isascii():
        return False
    if "\u2028" in text or "\u2029" in text:
        return True
    lead = data.find(b"\xc2")
    return lead >= 0 and _C1_UTF8.search(data, lead) is not None


def _json(data: Any, pretty: bool, ascii_only: bool = False) -> str:
    return json.dumps(
        data,
        ensure_ascii=ascii_only,
        indent=2 if pretty else None,
        separators=None if pretty else (",", ":"),
        default=json_default,
        allow_nan=False,
    )


def _escaped(text: str) -> str:
    return _UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def entry_dict(entry: Entry) -> dict[str, Any]:
    from notes_kb.query.kept_glossary import entry_dict as printed  # the kept text's form too

    return printed(entry)


def mention_dict(mention: Mention) -> dict[str, Any]:
    return {
        "note": mention.note,
        "title": mention.title,
        "path": mention.path,
        "line": mention.line,
        "section": mention.section,
        "text": mention.text,
    }


def concept_summary(concept: Concept) -> dict[str, Any]:
    return {
        "term": concept.term,
        "aliases": list(concept.names[1:]),
        "mentions": concept.mention_count,
        "notes": concept.note_count,
        "defined": concept.defined,
    }


def concept_detail(concept: Concept) -> dict[str, Any]:
    data = concept_summary(concept)
    data["related"] = [{"term": term, "count": count} for term, count in concept.related]
    data["mentions"] = [mention_dict(m) for m in concept.mentions]
    return data


def term_report(report: TermReport) -> dict[str, Any]:
    data = entry_dict(report.entry)
    concept = report.concept
    data["related"] = [{"term": term, "count": count} for term, count in concept.related]
    by_note: dict[str, dict[str, Any]] = {}
    for mention in concept.mentions:
        item = by_note.setdefault(
            mention.note,
            {"note": mention.note, "title": mention.title, "path": mention.path, "mentions": 0},
        )
        item["mentions"] += 1
    data["mentioned_in"] = sorted(by_note.values(), key=lambda i: (-i["mentions"], i["path"]))
    return data


def expansion_dict(expansion: Expansion) -> dict[str, Any]:
    """`define`'s answer for a term with no definition: `defined` false and no
    `definitions`, so a script tells it from a glossary entry."""
    return {
        "term": expansion.term,
        "defined": False,
        "aliases": [name for name, _, _ in expansion.grouped()],
        "pairs": [
            {
                "name": p.name,
                "relation": p.relation,
                "note": p.note,
                "path": p.path,
                "line": p.line,
            }
            for p in expansion.pairings
        ],
    }


def hit_dict(hit: Hit) -> dict[str, Any]:
    return {
        "id": hit.note,
        "title": hit.title,
        "path": hit.path,
        "score": hit.score,
        "line": hit.line,
        "section": hit.section,
        "snippet": hit.snippet,
        "highlights": [list(pair) for pair in hit.highlights],
    }


def link_report_dict(report: LinkReport) -> dict[str, Any]:
    return {
        "note": report.note.id,
        "outgoing": [
            {
                "target": e.target_name,
                "title": e.target.title if e.target else None,
                "resolved": e.target is not None and not e.problem,
                "line": e.link.line,
                "kind": e.link.kind,
                "anchor": e.anchor,
                "problem": e.problem,
            }
            for e in report.outgoing
        ],
        "backlinks": [
            {
                "source": e.source.id,
                "title": e.source.title,
                "path": e.source.path,
                "line": e.link.line,
                "context": context,
            }
            for e, context in report.backlinks
        ],
        "unlinked": [
            {"source": n.id, "title": n.title, "path": n.path, "line": line, "context": text}
            for n, line, text in report.unlinked
        ],
    }
