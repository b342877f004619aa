"""Who holds a described or reported position: sentence splits at abbreviated titles, names
coordinated with a speaker, lists that continue a sentence's position, and the side a cue
takes on a short object. Sentences written for these tests."""

from __future__ import annotations

from stancemap import Pipeline
from stancemap.core import Document, StatementKind


def _described(pipeline: Pipeline, text: str) -> dict[str, str]:
    """The holders of the text's described positions and their cue."""
    from stancemap.attribution.positions import PositionStage

    analysis = pipeline.analyse(Document(text, id="t"))
    PositionStage()(analysis)
    return {
        text[d.speaker.start : d.speaker.end]: d.cue.text if d.cue else ""
        for d in analysis.drafts
        if d.kind is StatementKind.DESCRIBED_POSITION and d.speaker is not None
    }


def test_an_abbreviated_title_ends_no_sentence(pipeline: Pipeline) -> None:
    """ "Lt. Gov. X", "Reps. X", "Del. X": the full stop of a title before a name is no
    sentence break, so the name stays in the sentence that holds the cue."""
    text = (
        "The tram levy is backed by a coalition that includes Lt. Gov. Ana Brandt.\n\n"
        "The levy's opponents include Reps. Tomas Reyes and Del. Maria Okafor."
    )
    analysis = pipeline.analyse(Document(text, id="t"))
    assert analysis.parsed is not None
    sentences = [text[s.start : s.end] for s in analysis.parsed.sentences]
    assert sentences == text.split("\n\n")
    assert _described(pipeline, text) == {
        "Ana Brandt": "backed",
        "Tomas Reyes": "opponents",
        "Maria Okafor": "opponents",
    }
