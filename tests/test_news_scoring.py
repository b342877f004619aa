"""The news dev set's scoring, on a made-up map (the data set itself: test_accuracy)."""

from __future__ import annotations

from stancemap.core import (
    Document,
    Extraction,
    Question,
    Span,
    Stance,
    StanceLabel,
    Statement,
    StatementKind,
)
from stancemap.debate import build_map
from stancemap.evaluate.news import Mapped, key_word, match, score_excerpt, shouted, summarise


def said(text: str, who: str, label: StanceLabel, at: int) -> Statement:
    probs = {"support": 0.1, "oppose": 0.1, "neutral": 0.1, label.value: 0.7}
    return Statement(
        Span(at, at + len(text), text),
        StatementKind.REPORTED_SPEECH,
        id=f"n:{at}",
        actor=who,
        stance=Stance(label, 0.7, probs),
    )


def test_a_gold_actor_is_found_by_the_last_long_word_of_its_name() -> None:
    assert key_word("Michael Geoghegan") == "geoghegan"
    assert key_word("Vote Leave") == "leave"
    assert key_word("Jo Li") is None  # no word of three letters or more
    # a proper name before a lower-case description: the text may name it alone ("GMB")
    assert key_word("GMB trade union") == "gmb"
    assert key_word("UK government") == "government"  # "UK": under three letters
    assert shouted("BREAKING NEWS") and not shouted("Key Senator")
    assert shouted("KEY", "a key vote") and not shouted("NATO", "the alliance")


def test_found_right_confusion_and_speakers_in_no_gold() -> None:
    q = Question.parse("Should the city ban cars?")
    statements = (
        said("Cars must go now.", "Mayor Ana Lopes", StanceLabel.SUPPORT, 0),
        said("The ban will ruin us.", "Paul Brandt", StanceLabel.SUPPORT, 20),
        said("Lunch was good.", "Tom Weir", StanceLabel.UNRELATED, 50),
        said("Cars are fine.", "KEY", StanceLabel.OPPOSE, 70),
    )
    text = "KEY SENATOR SAYS: the key vote is near."
    debate = build_map([Extraction(Document(text, id="n"), statements, (), q)], q)
    entry = {
        "id": "n",
        "question": q.text,
        "actors": [
            {"name": "Ana Lopes", "stance": "support"},
            {"name": "Paul Brandt", "stance": "oppose"},
            {"name": "Tom Weir", "stance": "unrelated"},
            {"name": "Eva Stone", "stance": "oppose"},
        ],
    }
    report = summarise([score_excerpt(entry, debate)])
    assert (report["gold_speakers"], report["found"], report["right"]) == (4, 3, 2)
    assert report["right_of_found"] == round(2 / 3, 4) and report["found_share"] == 0.75
    assert report["confusion"]["oppose"]["support"] == 1
    assert report["confusion"]["oppose"]["missing"] == 1
    assert report["confusion"]["unrelated"]["unrelated"] == 1
    assert report["capitalised_speakers"] == ["KEY"] and report["not_in_gold"] == 1


def test_each_documents_own_map_sides_its_speakers_on_that_document_alone() -> None:
    """A speaker quoted in two articles, for in one and against in the other: the debate
    map sums them; each article's own map (:func:`by_document`) has its side, and an
    article whose statements were all set aside has its speaker aside."""
    from stancemap.debate import by_document

    q = Question.parse("Should the city ban cars?")
    one = Extraction(
        Document("a", id="a"), (said("Cars must go.", "Ana Lopes", StanceLabel.SUPPORT, 0),), (), q
    )
    two = Extraction(
        Document("b", id="b"),
        (
            said("The ban will ruin us.", "Ana Lopes", StanceLabel.OPPOSE, 0),
            said("The ban is a mistake.", "Ana Lopes", StanceLabel.OPPOSE, 30),
        ),
        (),
        q,
    )
    three = Extraction(
        Document("c", id="c"),
        (said("Lunch was good.", "Tom Weir", StanceLabel.UNRELATED, 0),),
        (),
        q,
    )
    debate = build_map([one, two, three], q)
    assert [(s.name, s.stance.value) for s in debate.speakers] == [("Ana Lopes", "oppose")]
    maps = by_document(debate)
    assert sorted(maps) == ["a", "b", "c"]
    assert [(s.name, s.stance.value) for s in maps["a"].speakers] == [("Ana Lopes", "support")]
    assert [len(s.statements) for s in maps["b"].speakers] == [2]
    assert maps["c"].speakers == [] and [s.speaker_name for _, s in maps["c"].unrelated] == [
        "Tom Weir"
    ]
    assert list(maps["a"].documents) == ["a"]


def test_a_plural_gold_name_matches_its_singular_only_when_nothing_holds_it() -> None:
    every = Mapped("Democrat", "oppose", 1, True)  # "every Democrat voted no"
    assert match("Democrats", [every]) is every
    party = Mapped("the Democrats", "support", 2, True)
    assert match("Democrats", [every, party]) is party
    # the singular is a word of the name, not a part of another word
    assert match("Greens", [Mapped("Evergreen Trust", "oppose", 1, True)]) is None
