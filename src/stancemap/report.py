"""Renderings of a debate map: text table, HTML report, Markdown, JSON, CSV (one row per
statement), GraphML; :data:`RENDERERS` names them by format.

The HTML report is one self-contained file: inline CSS, no scripts, no external assets, a
Content-Security-Policy that forbids both, and every piece of article text escaped. Each
quote links to its place in the source text, where it is highlighted.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterator, Mapping
from html import escape
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

from .core.records import Document, StanceLabel, Statement
from .debate import DebateMap, Parts, SpeakerStance, identified

UNNAMED = "unnamed source"
SIDE_TITLES = {
    StanceLabel.SUPPORT: "For",
    StanceLabel.OPPOSE: "Against",
    StanceLabel.CONDITIONAL: "For, under conditions",
    StanceLabel.NEUTRAL: "Neutral",
}
CSV_FIELDS = (
    "id",
    "question",
    "document",
    "speaker",
    "speaker_named",
    "role",
    "speaker_stance",
    "speaker_confidence",
    "kind",
    "text",
    "start",
    "end",
    "stance",
    "confidence",
    "evidence",
    "argument",
    "key_point",
    "key_point_label",
)


def _safe(doc_id: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in doc_id)


def quote_id(doc_id: str, start: int, end: int) -> str:
    """The HTML id of a quote's highlight in its source text."""
    return f"q-{_safe(doc_id)}-{start}-{end}"


def anchor(doc_id: str, s: Statement) -> str:
    return quote_id(doc_id, s.content.start, s.content.end)


def _doc_anchor(doc_id: str) -> str:
    return "doc-" + _safe(doc_id)


def _count(n: int, noun: str) -> str:
    """ "1 statement", "6 statements"."""
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _one_line(text: str, limit: int = 400) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


# --------------------------------------------------------------------------- HTML

_CSS = """
:root{--fg:#1b1b1b;--muted:#5b5b5b;--line:#d9d9d9;--for:#1a7f37;--against:#b42318;
--cond:#9a6700;--neutral:#57606a;--mark:#fff3b0}
*{box-sizing:border-box}
body{font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);
margin:0 auto;max-width:60rem;padding:1rem}
h1{font-size:1.6rem;line-height:1.25;margin:.5rem 0}
h2{font-size:1.25rem;margin:2rem 0 .5rem;border-bottom:1px solid var(--line)}
.meta{color:var(--muted);font-size:.9rem}
.side{border-left:4px solid var(--neutral);padding-left:.75rem;margin:1rem 0}
.side.support{border-color:var(--for)}.side.oppose{border-color:var(--against)}
.side.conditional{border-color:var(--cond)}
.speaker{margin:.75rem 0 1rem;break-inside:avoid}
.name{font-weight:600}.role{color:var(--muted)}.unnamed{color:var(--muted);font-style:italic}
.badge{display:inline-block;font-size:.75rem;padding:0 .4rem;border-radius:.6rem;
border:1px solid currentColor;margin-left:.3rem;white-space:nowrap}
.support .badge,.badge.support{color:var(--for)}.oppose .badge,.badge.oppose{color:var(--against)}
.conditional .badge,.badge.conditional{color:var(--cond)}
.neutral .badge,.badge.neutral{color:var(--neutral)}
blockquote{margin:.3rem 0;padding:.2rem .6rem;border-left:2px solid var(--line);font-style:italic}
blockquote a{color:inherit;text-decoration-color:#9aa4b2;text-underline-offset:.15em}
.argument{margin:.2rem 0}.argument b,.kp b{font-weight:600}
table{border-collapse:collapse;width:100%;font-size:.95rem}
th,td{text-align:left;vertical-align:top;padding:.35rem .4rem;border-bottom:1px solid var(--line)}
td.count{text-align:right;white-space:nowrap}
.source{white-space:pre-wrap;overflow-wrap:anywhere;border:1px solid var(--line);
padding:.75rem;border-radius:.3rem}
mark{background:var(--mark);padding:0 .1rem}mark.off{background:#eceff3}
details summary{cursor:pointer}#unrelated li{margin:.2rem 0}
mark:target{outline:2px solid var(--against);background:#ffd75e}
a{color:#0b57d0}
@media (max-width:40rem){body{font-size:15px;padding:.6rem}h1{font-size:1.3rem}
table,tbody,tr,td,th{display:block}thead{display:none}td{border:0;padding:.15rem 0}
tr{border-bottom:1px solid var(--line);padding:.4rem 0}td.count{text-align:left}}
@media print{body{max-width:none;font-size:11pt}a{color:inherit;text-decoration:none}
.speaker,tr{break-inside:avoid}mark{background:none;text-decoration:underline}}
"""


def render_html(debate: DebateMap) -> str:
    """The debate map as a self-contained HTML page."""
    return "".join(stream_html(debate))


def stream_html(debate: DebateMap) -> Iterator[str]:
    """:func:`render_html` a line at a time (a speaker, a statement, a source text)."""
    e = escape
    how = debate.question_how
    n_docs = len(debate.documents)
    head = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "style-src 'unsafe-inline'; img-src data:\">",
        f"<title>{e(debate.question.text or 'Debate map')} · stancemap</title>",
        f"<style>{_CSS}</style></head><body>",
        "<header>",
        f"<h1>{e(debate.question.text or 'Debate map')}</h1>",
        f'<p class="meta">Question {e(how)} · {_count(n_docs, "document")} · '
        f"{_speaker_count(debate)} · {len(debate.key_points)} key points · "
        "made by stancemap</p>",
        "</header><main>",
    ]
    yield from (line + "\n" for line in head)
    for label, side in debate.sides():
        yield (
            f'<section class="side {label.value}" id="side-{label.value}">'
            f"<h2>{e(SIDE_TITLES[label])} ({len(side)})</h2>\n"
        )
        yield from (_speaker_html(debate, sp) + "\n" for sp in side)
        yield "</section>\n"
    if debate.key_points:
        yield '<section id="key-points"><h2>Key points</h2><table>\n'
        yield (
            "<thead><tr><th>Key point</th><th>Side</th><th>Statements</th><th>Who</th>"
            "<th>Example</th></tr></thead><tbody>\n"
        )
        for kp in debate.key_points:
            item = kp.examples(debate.items, 1)[0][0]
            example = ""
            if item.span is not None:
                href = quote_id(item.document, item.span.start, item.span.end)
                example = f'<a href="#{e(href)}">“{e(_one_line(item.text, 200))}”</a>'
            yield (
                f'<tr><td class="kp"><b>{e(kp.label)}</b></td>'
                f'<td><span class="badge {e(kp.side)}">{e(kp.side)}</span></td>'
                f'<td class="count">{kp.count}</td>'
                f"<td>{e(', '.join(kp.speakers(debate.items)))}</td><td>{example}</td></tr>\n"
            )
        yield "</tbody></table></section>\n"
    if debate.unrelated:
        yield (
            f'<section id="unrelated"><details><summary class="meta">'
            f"{_count(len(debate.unrelated), 'statement')} not about the question (on no side)"
            "</summary><ul>\n"
        )
        for doc_id, s in debate.unrelated:
            yield (
                f'<li><span class="name">{e(s.speaker_name or "")}</span>: '
                f'<a href="#{anchor(doc_id, s)}">“{e(_one_line(s.content.text, 200))}”</a></li>\n'
            )
        yield "</ul></details></section>\n"
    yield '<section id="sources"><h2>Sources</h2>\n'
    marks = _marks(debate)
    for doc_id, doc in debate.documents.items():
        yield _source_html(doc_id, doc, marks.get(doc_id, [])) + "\n"
    yield "</section></main></body></html>\n"


def _speaker_count(debate: DebateMap) -> str:
    unnamed = sum(not sp.named for sp in debate.speakers)
    named = len(debate.speakers) - unnamed
    text = _count(named, "speaker")
    if unnamed:
        text += f" and {_count(unnamed, 'unnamed source')}"
    return text


def _speaker_html(debate: DebateMap, sp: SpeakerStance) -> str:
    e = escape
    doc_id, main = sp.main
    role = f' <span class="role">— {e(sp.role)}</span>' if sp.role else ""
    unnamed = "" if sp.named else f' <span class="unnamed">({UNNAMED})</span>'
    out = [
        f'<article class="speaker{"" if sp.named else " unnamed"}">',
        f'<div><span class="name">{e(sp.name)}</span>{role}{unnamed}'
        f'<span class="badge">{e(sp.stance.value)} {sp.confidence:.0%}</span></div>',
        f'<blockquote><a href="#{anchor(doc_id, main)}">“{e(_one_line(main.content.text))}”</a>'
        "</blockquote>",
    ]
    if sp.argument:
        out.append(f'<p class="argument"><b>Argument:</b> {e(sp.argument)}</p>')
    k = debate.key_point_index(doc_id, main)
    if k is not None:
        out.append(f'<p class="argument"><b>Key point:</b> {e(debate.key_points[k].label)}</p>')
    others = [(d, s) for d, s in sp.statements if (d, s.id) != (doc_id, main.id)]
    if others:
        links = ", ".join(
            f'<a href="#{anchor(d, s)}">{e(s.stance.label.value if s.stance else "?")}</a>'
            for d, s in others
        )
        out.append(f'<p class="meta">Also: {links}</p>')
    out.append("</article>")
    return "\n".join(out)


# a highlight: start, end, anchor, statement id, title, class
_Mark = tuple[int, int, str, str, str, str]


def _marks(debate: DebateMap) -> dict[str, list[_Mark]]:
    """Every mapped statement's highlight, by document (one pass over the map)."""
    marks: dict[str, list[_Mark]] = {}
    for sp in debate.speakers:
        for d, s in sp.statements:
            label = s.stance.label.value if s.stance else ""
            title = f"{sp.name}: {label}"
            mark = (s.content.start, s.content.end, anchor(d, s), s.id, title, "")
            marks.setdefault(d, []).append(mark)
    for d, s in debate.unrelated:
        title = f"{s.speaker_name}: not about the question"
        mark = (s.content.start, s.content.end, anchor(d, s), s.id, title, "off")
        marks.setdefault(d, []).append(mark)
    return marks


def _source_html(doc_id: str, doc: Document, marks: list[_Mark]) -> str:
    """The document text, escaped, with every mapped statement highlighted and anchored."""
    e = escape
    spans = sorted(marks, key=lambda t: (t[0], -t[1]))
    text = doc.text
    out: list[str] = []
    at = 0
    emitted: set[str] = set()
    for start, end, ident, sid, title, cls in spans:
        if ident in emitted:
            continue  # several holders of one described position share its sentence
        emitted.add(ident)
        if start < at:  # inside or across the previous highlight: anchor just before it
            out.insert(len(out) - 1, f'<span id="{ident}" data-statement="{e(sid)}"></span>')
            continue
        out.append(e(text[at:start]))
        klass = f' class="{cls}"' if cls else ""
        out.append(
            f'<mark id="{ident}" data-statement="{e(sid)}"{klass} title="{e(title)}">'
            f"{e(text[start:end])}</mark>"
        )
        at = end
    out.append(e(text[at:]))
    title = doc.title or doc.source or doc_id
    return (
        f'<article id="{_doc_anchor(doc_id)}"><h3>{e(title)}</h3>'
        f'<div class="source">{"".join(out)}</div></article>'
    )


# --------------------------------------------------------------------------- text


def render_table(debate: DebateMap) -> str:
    """The map as plain text for a terminal: sides, speakers, statements, key points."""
    how = debate.question_how
    out = [f"Question: {debate.question.text}  ({how})", ""]
    for label, side in debate.sides():
        out.append(f"{label.value.upper()} ({len(side)})")
        for sp in side:
            role = f", {sp.role}" if sp.role else ""
            unnamed = "" if sp.named else f"  ({UNNAMED})"
            out.append(f"  {sp.name}{role}{unnamed}  [{sp.confidence:.2f}]")
            if sp.argument:
                out.append(f"    Argument: {sp.argument}")
            for _, s in sp.statements:
                st = s.stance
                tag = f"{st.label.value} {st.confidence:.2f}" if st else "?"
                text = _one_line(s.content.text, 160)
                out.append(f"    “{text}” ({tag}) [{s.content.start}:{s.content.end}]")
        out.append("")
    if debate.key_points:
        out.append(f"KEY POINTS ({len(debate.key_points)})")
        for kp in debate.key_points:
            who = ", ".join(kp.speakers(debate.items))
            out.append(f"  [{kp.side}] {kp.label}  ({kp.count} statements: {who})")
        out.append("")
    if debate.unrelated:
        n = _count(len(debate.unrelated), "statement")
        out.append(f"NOT ABOUT THE QUESTION ({n}, on no side)")
        for _, s in debate.unrelated:
            text = _one_line(s.content.text, 160)
            out.append(f"  {s.speaker_name}: “{text}” [{s.content.start}:{s.content.end}]")
    return "\n".join(out).rstrip() + "\n"


# --------------------------------------------------------------------------- Markdown


def _md(text: str) -> str:
    """Escape Markdown control characters and HTML in article text."""
    out = escape(" ".join(text.split()), quote=False)
    for ch in "\\`*_[]#|":
        out = out.replace(ch, "\\" + ch)
    return out


def render_markdown(debate: DebateMap) -> str:
    how = debate.question_how
    out = [f"# {_md(debate.question.text or 'Debate map')}", "", f"*Question {how}.*", ""]
    for label, side in debate.sides():
        out += [f"## {SIDE_TITLES[label]} ({len(side)})", ""]
        for sp in side:
            doc_id, main = sp.main
            role = f", {_md(sp.role)}" if sp.role else ""
            unnamed = "" if sp.named else f" *({UNNAMED})*"
            out.append(
                f"- **{_md(sp.name)}**{role}{unnamed} — {sp.stance.value} ({sp.confidence:.0%})"
            )
            out.append(
                f"  - “{_md(_one_line(main.content.text))}” "
                f"({_md(doc_id)} {main.content.start}–{main.content.end})"
            )
            if sp.argument:
                out.append(f"  - Argument: {_md(sp.argument)}")
        out.append("")
    if debate.key_points:
        out += [
            "## Key points",
            "",
            "| Key point | Side | Statements | Who |",
            "|---|---|---:|---|",
        ]
        for kp in debate.key_points:
            who = ", ".join(kp.speakers(debate.items))
            out.append(f"| {_md(kp.label)} | {kp.side} | {kp.count} | {_md(who)} |")
        out.append("")
    if debate.unrelated:
        out += [f"## Not about the question ({len(debate.unrelated)})", ""]
        for doc_id, s in debate.unrelated:
            out.append(
                f"- **{_md(s.speaker_name or '')}**: “{_md(_one_line(s.content.text))}” "
                f"({_md(doc_id)} {s.content.start}–{s.content.end})"
            )
    return "\n".join(out).rstrip() + "\n"


# --------------------------------------------------------------------------- CSV


def statement_rows(debate: DebateMap) -> Iterator[dict[str, object]]:
    """One row per statement: the speakers' (side by side), then those on no side."""
    for sp in debate.speakers:
        speaker = {
            "speaker": sp.name,
            "speaker_named": "yes" if sp.named else "no",
            "role": sp.role or "",
            "speaker_stance": sp.stance.value,
            "speaker_confidence": round(sp.confidence, 3),
        }
        for doc_id, s in sp.statements:
            k = debate.key_point_index(doc_id, s)
            yield _row(debate, doc_id, s, speaker) | {
                "key_point": "" if k is None else k,
                "key_point_label": "" if k is None else debate.key_points[k].label,
            }
    for doc_id, s in debate.unrelated:  # on no side, but no statement is lost
        speaker = {
            "speaker": s.speaker_name or "",
            "speaker_named": "yes" if identified(s) else "no",
            "role": s.role or "",
            "speaker_stance": "",
            "speaker_confidence": "",
        }
        yield _row(debate, doc_id, s, speaker) | {"key_point": "", "key_point_label": ""}


def _row(
    debate: DebateMap, doc_id: str, s: Statement, speaker: Mapping[str, object]
) -> dict[str, object]:
    st = s.stance
    return {
        "id": s.id,
        "question": debate.question.text,
        "document": doc_id,
        **speaker,
        "kind": s.kind.value,
        "text": s.content.text,
        "start": s.content.start,
        "end": s.content.end,
        "stance": st.label.value if st else "",
        "confidence": round(st.confidence, 3) if st else "",
        "evidence": " | ".join(ev.text for ev in st.evidence) if st else "",
        "argument": s.argument or "",
    }


def render_csv(debate: DebateMap) -> str:
    return "".join(stream_csv(debate))


def stream_csv(debate: DebateMap) -> Iterator[str]:
    """:func:`render_csv` a row at a time."""
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=CSV_FIELDS, lineterminator="\n")
    writer.writeheader()
    for row in statement_rows(debate):
        writer.writerow(row)
        yield buf.getvalue()
        buf.seek(0)
        buf.truncate()
    yield buf.getvalue()


# --------------------------------------------------------------------------- GraphML

_NS = "http://graphml.graphdrawing.org/xmlns"


def render_graphml(debate: DebateMap) -> str:
    """The actor x key point network: actors and key points are nodes; an edge joins an
    actor to a key point they make, weighted by how many of their statements make it."""
    ET.register_namespace("", _NS)
    root = ET.Element(f"{{{_NS}}}graphml")
    keys = (
        ("type", "node", "string"),
        ("label", "node", "string"),
        ("role", "node", "string"),
        ("named", "node", "boolean"),
        ("stance", "node", "string"),
        ("count", "node", "int"),
        ("weight", "edge", "double"),
        ("side", "edge", "string"),
        ("statements", "edge", "string"),
    )
    for name, domain, kind in keys:
        ET.SubElement(
            root,
            f"{{{_NS}}}key",
            {"id": name, "for": domain, "attr.name": name, "attr.type": kind},
        )
    graph = ET.SubElement(root, f"{{{_NS}}}graph", {"id": "stancemap", "edgedefault": "undirected"})

    def node(ident: str, **data: object) -> None:
        el = ET.SubElement(graph, f"{{{_NS}}}node", {"id": ident})
        for k, v in data.items():
            ET.SubElement(el, f"{{{_NS}}}data", {"key": k}).text = str(v)

    for i, sp in enumerate(debate.speakers):
        node(
            f"actor{i}",
            type="actor",
            label=sp.name,
            role=sp.role or "",
            named="true" if sp.named else "false",
            stance=sp.stance.value,
            count=len(sp.statements),
        )
    for k, kp in enumerate(debate.key_points):
        node(f"kp{k}", type="key_point", label=kp.label, role="", stance=kp.side, count=kp.count)
    for i, sp in enumerate(debate.speakers):
        made: dict[int, list[str]] = {}
        for doc_id, s in sp.statements:
            at = debate.key_point_index(doc_id, s)
            if at is not None:
                made.setdefault(at, []).append(s.id)
        for k, ids in sorted(made.items()):
            el = ET.SubElement(graph, f"{{{_NS}}}edge", {"source": f"actor{i}", "target": f"kp{k}"})
            ET.SubElement(el, f"{{{_NS}}}data", {"key": "weight"}).text = str(float(len(ids)))
            ET.SubElement(el, f"{{{_NS}}}data", {"key": "side"}).text = debate.key_points[k].side
            # the statements behind the edge, by their stable ids (space-separated)
            ET.SubElement(el, f"{{{_NS}}}data", {"key": "statements"}).text = " ".join(ids)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


SCHEMA_PATH = Path(__file__).parent / "schemas" / "stancemap.schema.json"


def json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of ``extract --format json`` and ``map --format
    json``, for the current ``schema_version``."""
    schema: dict[str, Any] = json.loads(SCHEMA_PATH.read_text("utf-8"))
    return schema


def render_json(debate: DebateMap) -> str:
    """The map as JSON, valid against :func:`json_schema`."""
    return "".join(stream_json(debate))


def stream_json(debate: DebateMap) -> Iterator[str]:
    """:func:`render_json` an item at a time, the same characters as
    ``json.dumps(debate.to_dict(), indent=2, ensure_ascii=False)``: what a corpus map's
    export writes without holding the whole map."""
    yield from _json_object(debate.parts(), 0)
    yield "\n"


def _json_object(parts: Parts, depth: int) -> Iterator[str]:
    """``parts`` as ``json.dumps(whole(parts), indent=2)`` writes a dict ``depth`` levels
    in, an item (a speaker, a statement) at a time."""
    pad = "  " * (depth + 1)
    yield "{"
    for n, (key, value) in enumerate(parts):
        yield ("\n" if n == 0 else ",\n") + f"{pad}{json.dumps(key)}: "
        if not isinstance(value, Iterator):
            yield json.dumps(value, indent=2, ensure_ascii=False).replace("\n", "\n" + pad)
            continue
        first = True
        for item in value:
            yield ("[\n" if first else ",\n") + pad + "  "
            if isinstance(item, dict):
                body = json.dumps(item, indent=2, ensure_ascii=False)
                yield body.replace("\n", "\n" + pad + "  ")
            else:
                yield from _json_object(item, depth + 2)
            first = False
        yield "[]" if first else "\n" + pad + "]"
    yield "\n" + "  " * depth + "}"


# The formats written piece by piece (``map -o``: a corpus map's export holds no whole map).
STREAMS: dict[str, Callable[[DebateMap], Iterator[str]]] = {
    "json": stream_json,
    "csv": stream_csv,
    "html": stream_html,
}

RENDERERS: dict[str, Callable[[DebateMap], str]] = {
    "table": render_table,
    "json": render_json,
    "markdown": render_markdown,
    "csv": render_csv,
    "graphml": render_graphml,
    "html": render_html,
}
