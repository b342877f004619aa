"""Report renderings from a hand-built debate map (no model): HTML, Markdown, CSV, GraphML."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import networkx as nx
import pytest

from stancemap.core import Question
from stancemap.core.records import (
    Document,
    Extraction,
    Span,
    Stance,
    StanceLabel,
    Statement,
    StatementKind,
)
from stancemap.debate import DebateMap, build_map, identified
from stancemap.keypoints.analysis import ArgumentItem, KeyPoint
from stancemap.report import (
    CSV_FIELDS,
    json_schema,
    render_csv,
    render_graphml,
    render_html,
    render_json,
    render_markdown,
    render_table,
)

Q = "Should the old town close to cars?"
QUESTION = Question.parse(Q)
HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def _statement(
    text: str, doc: str, label: StanceLabel, speaker: str, role: str | None, arg: str
) -> Statement:
    start = doc.index(text)
    probs = {"support": 0.1, "oppose": 0.1, "neutral": 0.1, "unrelated": 0.0, label.value: 0.8}
    evidence = (Span(start, start + len(text), text),)
    return Statement(
        Span(start, start + len(text), text),
        StatementKind.DIRECT_QUOTE,
        id=f"t:{start}-{start + len(text)}",
        actor=speaker,
        role=role,
        stance=Stance(label, 0.8, probs, evidence),
        argument=arg,
    )


def hostile_map() -> DebateMap:
    """Two documents; one speaker's name and words carry markup that must stay text."""
    text = (
        "Old town\n\n"
        "“Closing the streets will kill our shops,” said Ana Silva, a baker.\n\n"
        f"“{HOSTILE} cars must go,” said Rex <b>Bold</b>.\n\n"
        "“Shops will lose their customers,” said Tomas Reyes, a grocer."
    )
    other = "“Only if buses run should it close,” said Mia Kern, the mayor."
    a = _statement(
        "Closing the streets will kill our shops",
        text,
        StanceLabel.OPPOSE,
        "Ana Silva",
        "a baker",
        "Closing kills shops",
    )
    b = _statement(
        f"{HOSTILE} cars must go",
        text,
        StanceLabel.SUPPORT,
        "Rex <b>Bold</b>",
        None,
        f"{HOSTILE} go",
    )
    c = _statement(
        "Shops will lose their customers",
        text,
        StanceLabel.OPPOSE,
        "Tomas Reyes",
        "a grocer",
        "Shops lose customers",
    )
    d = _statement(
        "Only if buses run should it close",
        other,
        StanceLabel.CONDITIONAL,
        "Mia Kern",
        "the mayor",
        "Only if buses run",
    )
    results = [
        Extraction(Document(text, id="a.txt", title="Old town"), (a, b, c), (), QUESTION),
        Extraction(Document(other, id="b.txt"), (d,), (), QUESTION),
    ]
    debate = build_map(results, QUESTION)
    items = [
        ArgumentItem(
            a.content.text, "Closing kills shops", "oppose", "Ana Silva", "a.txt", a.content
        ),
        ArgumentItem(
            c.content.text, "Shops lose customers", "oppose", "Tomas Reyes", "a.txt", c.content
        ),
    ]
    debate.items = items
    debate.key_points = [KeyPoint("Closing kills shops", "oppose", [0, 1], [0.9, 0.7])]
    debate.key_point_of = {
        ("a.txt", a.id): 0,
        ("a.txt", c.id): 0,
    }
    return debate


def test_html_escapes_article_text_and_links_quotes() -> None:
    page = render_html(hostile_map())
    assert "<script>" not in page and "onerror=alert" not in page.replace(
        "onerror=alert(1)&gt;", ""
    )
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    assert "Rex &lt;b&gt;Bold&lt;/b&gt;" in page
    assert "http://" not in page and "https://" not in page  # no external assets
    assert "default-src 'none'" in page
    # every quote link has its target in the source text
    import re

    targets = set(re.findall(r'href="#([^"]+)"', page))
    ids = set(re.findall(r'id="([^"]+)"', page))
    assert targets and targets <= ids


def test_markdown_escapes_and_lists_sides_and_key_points() -> None:
    md = render_markdown(hostile_map())
    assert md.startswith(f"# {Q}")
    assert "## Against (2)" in md and "## For (1)" in md and "## For, under conditions (1)" in md
    assert "| Closing kills shops | oppose | 2 | Ana Silva, Tomas Reyes |" in md
    assert "<script>" not in md


def test_csv_has_one_row_per_statement_with_every_field() -> None:
    rows = list(csv.DictReader(io.StringIO(render_csv(hostile_map()))))
    assert len(rows) == 4
    assert set(rows[0]) == set(CSV_FIELDS)
    ana = next(r for r in rows if r["speaker"] == "Ana Silva")
    assert ana["key_point_label"] == "Closing kills shops" and ana["stance"] == "oppose"
    assert ana["argument"] == "Closing kills shops" and ana["role"] == "a baker"
    mia = next(r for r in rows if r["speaker"] == "Mia Kern")
    assert mia["document"] == "b.txt" and mia["key_point"] == ""


def test_graphml_opens_in_networkx(tmp_path: Path) -> None:
    path = tmp_path / "map.graphml"
    path.write_text(render_graphml(hostile_map()), "utf-8")
    g = nx.read_graphml(path)
    actors = {n for n, d in g.nodes(data=True) if d["type"] == "actor"}
    kps = [n for n, d in g.nodes(data=True) if d["type"] == "key_point"]
    assert len(actors) == 4 and len(kps) == 1
    names = {g.nodes[n]["label"] for n in g.neighbors(kps[0])}
    assert names == {"Ana Silva", "Tomas Reyes"}
    assert all(g.edges[e]["weight"] == 1.0 for e in g.edges)
    ET.parse(path)  # well-formed XML with the markup in a name escaped


def test_json_schema_carries_key_points_and_arguments() -> None:
    data = json.loads(json.dumps(hostile_map().to_dict()))
    assert (data["schema_version"], data["kind"]) == ("5", "debate_map")
    assert [d["id"] for d in data["documents"]] == ["a.txt", "b.txt"]
    kp = data["key_points"][0]
    assert kp["count"] == 2 and kp["speakers"] == ["Ana Silva", "Tomas Reyes"]
    ana = next(s for s in data["speakers"] if s["name"] == "Ana Silva")
    assert ana["argument"] == "Closing kills shops"
    assert ana["statements"][0]["key_point"] == 0


def test_json_output_is_valid_against_the_published_schema() -> None:
    schema = json_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    data = json.loads(render_json(hostile_map()))
    jsonschema.validate(data, schema, cls=jsonschema.Draft202012Validator)
    assert (
        schema["$defs"]["debate_map"]["properties"]["schema_version"]["const"]
        == (data["schema_version"])
    )


def test_schema_catches_a_broken_map() -> None:
    data = json.loads(render_json(hostile_map()))
    data["speakers"][0]["stance"] = "maybe"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, json_schema(), cls=jsonschema.Draft202012Validator)


def test_unnamed_sources_are_marked_and_follow_the_named_speakers() -> None:
    text = (
        "Some say the ban would empty the shops, said critics. "
        "“It will empty our shops,” said Ana Silva, a baker."
    )
    named = _statement(
        "It will empty our shops", text, StanceLabel.OPPOSE, "Ana Silva", "a baker", "Shops empty"
    )
    vague = Statement(
        Span(0, 41, text[:41]),
        StatementKind.REPORTED_SPEECH,
        id="a:0-41",
        speaker=Span(48, 55, "critics"),  # a mention that resolves to no named actor
        stance=Stance(StanceLabel.OPPOSE, 0.95, {"oppose": 0.95, "support": 0.05}),
    )
    debate = build_map([Extraction(Document(text, id="a"), (vague, named), (), QUESTION)], QUESTION)
    # the unnamed source is more confident, but the named speaker leads the side
    assert [(sp.name, sp.named) for sp in debate.speakers] == [
        ("Ana Silva", True),
        ("critics", False),
    ]
    data = json.loads(render_json(debate))
    jsonschema.validate(data, json_schema(), cls=jsonschema.Draft202012Validator)
    assert [s["named"] for s in data["speakers"]] == [True, False]
    assert "critics  (unnamed source)" in render_table(debate)
    assert "**critics** *(unnamed source)*" in render_markdown(debate)
    page = render_html(debate)
    assert 'class="speaker unnamed"' in page and "1 speaker and 1 unnamed source ·" in page
    rows = list(csv.DictReader(io.StringIO(render_csv(debate))))
    assert [(r["speaker"], r["speaker_named"]) for r in rows] == [
        ("Ana Silva", "yes"),
        ("critics", "no"),
    ]
    g = nx.parse_graphml(render_graphml(debate))
    assert {d["label"]: d["named"] for _, d in g.nodes(data=True)} == {
        "Ana Silva": True,
        "critics": False,
    }


@pytest.mark.parametrize(
    ("mention", "expected"),
    [
        ("the regional chamber of commerce", True),  # a definite description: identifiable
        ("The Indiana governor", True),
        ("some", False),
        ("a large group", False),
        ("opponents of building the new stadium", False),
        ("Critics", False),
        ("they", False),
        ("Twelve percent", False),
        ("The photo", False),  # a caption ("The photo shows a rally ...")
        ("the video", False),
        ("The plan", False),  # the measure under debate is nobody ("The plan calls for ...")
        ("estimates", False),
        ("the biggest obstacle to the merger", False),
        ("the head of the union", True),
        ("the Law Society", True),
        ("shop owners", False),  # a bare plural in lower case: a kind of people
        ("her aides", True),  # someone's people: identified through them
    ],
)
def test_which_unresolved_sources_identify_someone(mention: str, expected: bool) -> None:
    text = f"{mention} said the ban would hurt."
    s = Statement(
        Span(len(mention) + 6, len(text) - 1, text[len(mention) + 6 : -1]),
        StatementKind.REPORTED_SPEECH,
        speaker=Span(0, len(mention), mention),
    )
    assert identified(s) is expected
    # a resolved actor is always identified, whatever the mention says
    assert identified(Statement(s.content, s.kind, speaker=s.speaker, actor="Ana Silva"))


def test_statements_not_about_the_question_are_listed_in_every_format() -> None:
    """A statement the model sets aside is on no side, but every rendering still shows who
    said it and where: none is lost (version 3 of the JSON gave only a count)."""
    text = (
        "“The shops will close,” Ana Silva said. "
        f"“{HOSTILE} the bread comes at five,” said Ben Ode, a driver."
    )
    on_side = _statement("The shops will close", text, StanceLabel.OPPOSE, "Ana Silva", None, "")
    aside = _statement(
        f"{HOSTILE} the bread comes at five",
        text,
        StanceLabel.UNRELATED,
        "Ben Ode",
        "a driver",
        "The bread comes at five",
    )
    debate = build_map(
        [Extraction(Document(text, id="a"), (on_side, aside), (), QUESTION)], QUESTION
    )
    assert [sp.name for sp in debate.speakers] == ["Ana Silva"]
    start, end = aside.content.start, aside.content.end

    data = json.loads(render_json(debate))
    jsonschema.validate(data, json_schema(), cls=jsonschema.Draft202012Validator)
    assert data["unrelated_statements"] == 1
    (listed,) = data["unrelated"]
    assert listed["speaker"] == "Ben Ode" and listed["confidence"] == 0.8
    assert text[listed["start"] : listed["end"]] == listed["text"] == aside.content.text

    table = render_table(debate)
    assert f"Ben Ode: “{HOSTILE} the bread comes at five” [{start}:{end}]" in table
    md = render_markdown(debate)
    assert "## Not about the question (1)" in md and "**Ben Ode**" in md
    assert "<script>" not in md

    page = render_html(debate)
    assert "<script>" not in page
    ident = f"q-a-{start}-{end}"
    assert f'<a href="#{ident}">' in page  # the list links to ...
    mark = f'<mark id="{ident}" data-statement="{aside.id}" class="off"'
    assert f'{mark} title="Ben Ode: not about the question">' in page

    rows = list(csv.DictReader(io.StringIO(render_csv(debate))))
    ben = next(r for r in rows if r["speaker"] == "Ben Ode")
    assert (ben["stance"], ben["speaker_stance"], ben["role"]) == ("unrelated", "", "a driver")
    assert ben["argument"] == "The bread comes at five" and int(ben["start"]) == start


def _many_speakers(n: int, *, one: bool = False) -> DebateMap:
    """A map of ``n`` documents, each with one quote, of ``n`` speakers (or ``one``)."""
    results = []
    for i in range(n):
        name = "Ana Silva" if one else f"Ana Silva{i}"
        text = f"“Closing street {i} to cars will bring the market back,” said {name}."
        s = _statement(
            f"Closing street {i} to cars will bring the market back",
            text,
            StanceLabel.SUPPORT,
            name,
            "a baker",
            "The market comes back",
        )
        results.append(Extraction(Document(text, id=f"d{i}.txt"), (s,), (), QUESTION))
    return build_map(results, QUESTION)


def test_streamed_exports_are_the_whole_renderings_piece_by_piece(tmp_path: Path) -> None:
    """JSON, CSV and HTML written piece by piece are the same characters as rendered
    whole (the JSON as ``json.dumps(to_dict(), indent=2)``), for a full map and an empty one,
    and the CLI writes them to a file all or nothing."""
    from stancemap.atomic import write_atomic
    from stancemap.report import STREAMS

    empty = DebateMap(question=QUESTION, speakers=[], unrelated=[])
    for debate in (hostile_map(), empty):
        whole = json.dumps(debate.to_dict(), indent=2, ensure_ascii=False) + "\n"
        assert "".join(STREAMS["json"](debate)) == whole == render_json(debate)
        assert "".join(STREAMS["csv"](debate)) == render_csv(debate)
        assert "".join(STREAMS["html"](debate)) == render_html(debate)
        out = tmp_path / "map.json"
        write_atomic(out, STREAMS["json"](debate))
        assert out.read_text("utf-8") == whole


@pytest.mark.parametrize("one", [False, True])
def test_a_streamed_export_never_holds_the_whole_map(tmp_path: Path, one: bool) -> None:
    """Writing 3,000 statements' JSON to a file (3,000 speakers, or one speaker with them
    all) allocates a small part of what it writes (a whole rendering holds the map's
    dictionary and the text at once)."""
    import tracemalloc

    from stancemap.atomic import write_atomic
    from stancemap.report import stream_json

    debate = _many_speakers(3000, one=one)
    out = tmp_path / "map.json"
    tracemalloc.start()
    write_atomic(out, stream_json(debate))
    _, streamed = tracemalloc.get_traced_memory()
    tracemalloc.reset_peak()
    whole = render_json(debate)
    _, rendered = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    size = out.stat().st_size
    assert out.read_text("utf-8") == whole
    assert rendered > size  # the whole rendering holds at least the text
    assert streamed < size / 10, (streamed, size)
