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


def test_a_name_coordinated_with_the_speaker_shares_the_statement(pipeline: Pipeline) -> None:
    """ "Judge X and Commissioner Y called the levy cruel": Y says it too (a ``conj`` of the
    speaker in the parse), also when the speaker's mention is the whole coordination or
    the first name sits in an apposition ("Council Leader X and Senator Y")."""
    from stancemap.attribution.positions import PositionStage

    for text, said in (
        (
            "Judge Ana Brandt and Commissioner Tomas Reyes called the harbour levy cruel.",
            "the harbour levy cruel",
        ),
        (
            "Mayor Ana Brandt and Labour councillor Tomas Reyes called the harbour levy cruel.",
            "the harbour levy cruel",
        ),
        (
            "Council Leader Ana Brandt and Senator Tomas Reyes released a joint statement "
            "hailing the levy.",
            "a joint statement hailing the levy",
        ),
    ):
        analysis = pipeline.analyse(Document(text, id="t"))
        PositionStage()(analysis)
        assert [(d.actor, d.content.text) for d in analysis.drafts] == [
            ("Ana Brandt", said),
            ("Tomas Reyes", said),
        ], text


def test_a_sentence_naming_members_holds_the_position_before_it(pipeline: Pipeline) -> None:
    """ "Ten members voted against the levy. Among them were X and Y.": X and Y hold the
    earlier sentence's cue; a sentence that opens otherwise holds none."""
    text = (
        "Ten council members voted against the harbour levy. Among them were Ana Brandt "
        "and Tomas Reyes.\n\nThe levy comes up again in May. Maria Okafor chairs the council."
    )
    assert _described(pipeline, text) == {
        "Ana Brandt": "voted against",
        "Tomas Reyes": "voted against",
    }


def test_a_cue_keeps_its_side_after_adverbs_and_auxiliaries() -> None:
    from stancemap.stance.cues import cue_polarity

    levy = "Should the harbour levy be introduced?"
    assert cue_polarity("have urged", "have urged the council to adopt the levy", levy) == 1
    assert cue_polarity("largely opposed", "largely opposed the levy", levy) == -1
    assert cue_polarity("also backed", "also backed the levy", levy) == 1
    # a negation or a modal is no adverb: the cue takes no side
    assert cue_polarity("did not back", "did not back the levy", levy) == 0
    assert cue_polarity("would back", "would back the levy", levy) == 0


def test_a_short_object_that_refers_to_the_measure_takes_the_cues_side() -> None:
    """ "opposed the bill", "voted against it": too few words for the model, but the cue
    says the side; a short object that is not the measure ("the speaker") stays unrelated."""
    from stancemap.core import Question, Span
    from stancemap.core.state import Draft
    from stancemap.stance.stage import StanceStage

    question = Question.parse("Should the harbour levy be introduced?")

    def draft(cue: str, content: str) -> Draft:
        text = f"Ana Brandt {cue} {content}."
        at = text.index(content)
        return Draft(
            content=Span(at, at + len(content), content),
            kind=StatementKind.REPORTED_SPEECH,
            speaker=Span(0, 10, "Ana Brandt"),
            cue=Span(11, 11 + len(cue), cue),
        )

    from stancemap.core import Analysis

    drafts = [
        draft("largely opposed", "the bill"),
        draft("backed", "it"),
        draft("voted", "against it"),
        draft("voted", "against the bill"),
        draft("thanked", "the speaker"),
    ]
    analyses = [Analysis(Document("x", id=str(i)), drafts=[d]) for i, d in enumerate(drafts)]

    class NoModel:
        def predict_statements(self, pairs: list[object]) -> list[object]:
            assert not pairs, "the measure's references are not read by the model"
            return []

    StanceStage(question, model=NoModel())(analyses[0])  # type: ignore[arg-type]
    StanceStage(question, model=NoModel()).pipe(analyses)  # type: ignore[arg-type]
    labels = [d.stance.label.value if d.stance else None for d in drafts]
    assert labels == ["oppose", "support", "oppose", "oppose", "unrelated"]


def test_sponsoring_or_fighting_a_measure_takes_a_side() -> None:
    """To introduce, sponsor or promote a measure supports it; to fight it or speak against
    it opposes it."""
    from stancemap.stance.cues import cue_polarity

    levy = "Should the harbour levy be introduced?"
    assert cue_polarity("introduced", "introduced the measure", levy) == 1
    assert cue_polarity("is promoting", "is promoting the levy", levy) == 0  # "is": no prefix
    assert cue_polarity("promoting", "promoting the levy", levy) == 1
    assert cue_polarity("sponsored", "sponsored the bill", levy) == 1
    assert cue_polarity("promised to fight", "the levy in court", levy) == 0
    assert cue_polarity("fight", "the levy in court", levy) == -1
    assert cue_polarity("spoke against", "spoke against the motion", levy) == -1
