"""Stance logic that does not need the model: conditions, question proposal, aggregation."""

from __future__ import annotations

from functools import cache

import pytest
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from stancemap.core import (
    Analysis,
    Document,
    Draft,
    Extraction,
    Question,
    Span,
    Stance,
    StanceLabel,
    Statement,
    StatementKind,
    check_question,
)
from stancemap.debate import build_map
from stancemap.errors import BadQuestion
from stancemap.report import render_table
from stancemap.stance.model import StanceScores, focus_sentences, macro_f1
from stancemap.stance.propose import propose_question
from stancemap.stance.rebuttal import rebutted_view
from stancemap.stance.sentiment import sentiment
from stancemap.stance.stage import condition_span, decide, is_fragment

Q = "Should the city close the old town to cars?"


@cache
def read(question: str = Q) -> Question:
    return Question.parse(question)


def test_condition_naming_the_question_makes_it_conditional() -> None:
    text = "We must be careful. But if the closure of the old town goes ahead, buses must run."
    span = condition_span(text, 100, read())
    assert span is not None and span.text.startswith("if the closure of the old town")
    assert span.start == 100 + text.index("if the closure")


def test_condition_about_something_else_is_not() -> None:
    text = "If you pay ransom once, you will pay it again."
    assert condition_span(text, 0, read()) is None


def test_an_if_clause_that_argues_a_consequence_is_no_condition() -> None:
    """ "The shops could not survive if the old town were closed to cars" argues against
    the measure; a condition on it comes with a demand or the speaker's own support."""
    argued = "The shops could not survive if the old town were closed to cars."
    assert condition_span(argued, 0, read()) is None
    for text in (
        "If the old town is closed to cars, the buses must run every ten minutes.",
        "She could vote yes if the old town were closed to cars only at weekends.",
        "It would be fine if the old town closes only at night",
    ):
        assert condition_span(text, 0, read()) is not None, text


def test_a_counterfactual_that_credits_a_cause_is_no_condition() -> None:
    """ "We would not be here if it were not for ...": the clause names the question's
    subject, but it thanks a cause; it sets no condition."""
    for text in (
        "We would not be here if it were not for the neighbours who fought to close the old town",
        "We would not be here if it weren't for the campaign to close the old town to cars",
        "None of this would happen if not for the volunteers who want the old town closed",
    ):
        assert condition_span(text, 0, read()) is None, text
    # a real condition still is one
    assert condition_span("It would be fine if the old town closes only at night", 0, read())
    # a hedge is none: "if necessary" says how far the speaker will go, not on what terms
    for hedge in (
        "they would object and, if necessary, take the closure of the old town to court",
        "The shops will, if anything, gain from the closure of the old town",
    ):
        assert condition_span(hedge, 0, read()) is None, hedge


def test_a_precondition_on_the_measure_is_a_condition() -> None:
    """What must come first is a condition on the measure, named or not ("the council must
    build the park-and-ride sites first", "not before the buses run"); a delay ("should
    wait and watch ... first") puts it off and sets none."""
    for text, clause in (
        ("that the council must build the park-and-ride sites first", "must build"),
        ("The old town can close, but not before the new buses run.", "not before"),
        ("We will back it only once the lanes are built", "only once"),
    ):
        span = condition_span(text, 10, read())
        assert span is not None and span.text.startswith(clause), text
        assert text[span.start - 10 : span.end - 10] == span.text
    for text in (
        "Harbourton should wait and watch what happens to other towns first",
        "Shops came first in the survey, and revenue went up.",
    ):
        assert condition_span(text, 0, read()) is None, text


def scores(**probs: float) -> StanceScores:
    base = {"support": 0.0, "oppose": 0.0, "neutral": 0.0, "unrelated": 0.0}
    return StanceScores({**base, **probs})


def test_decide_picks_the_sentence_about_the_question() -> None:
    text = "The weather was fine. Closing the town to cars would ruin shops. We agree."
    content = Span(10, 10 + len(text), text)
    whole = scores(oppose=0.7, support=0.2, neutral=0.1)
    stance = decide(read(), content, whole)
    assert stance.label is StanceLabel.OPPOSE and stance.confidence == 0.7
    start = text.index("Closing")
    assert stance.evidence == (Span(10 + start, 10 + len(text) - 10, text[start:-10]),)


def test_decide_takes_as_evidence_the_read_sentence_that_most_carries_the_label() -> None:
    text = "Closing the town would ruin shops. The closure is also unfair to carers."
    content = Span(5, 5 + len(text), text)
    first, second = (Span(5 + s.start, 5 + s.end, s.text) for s in focus_sentences(read(), text))
    sentences = (
        (first, scores(oppose=0.6, support=0.4)),
        (second, scores(oppose=0.9, support=0.1)),
    )
    stance = decide(read(), content, scores(oppose=0.8, support=0.2), sentences)
    assert stance.label is StanceLabel.OPPOSE
    assert stance.evidence == (second,)
    assert content.text[second.start - 5 : second.end - 5] == second.text


def test_focus_reads_the_sentences_that_name_the_question() -> None:
    text = (
        "It was a long meeting at the library. Closing the old town to cars would ruin "
        "the shops, she said. The cars must stay."
    )
    focus = focus_sentences(read(), text)
    assert [f.text for f in focus] == [
        "Closing the old town to cars would ruin the shops, she said.",
        "The cars must stay.",
    ]
    assert all(text[f.start : f.end] == f.text for f in focus)


def test_focus_reads_a_one_sentence_text_whole_and_all_sentences_when_none_names_it() -> None:
    one = "  We are against it, whatever they say.  "
    assert [f.text for f in focus_sentences(read(), one)] == [one.strip()]
    none = "The plan is a disgrace. Nobody asked the people who live here."
    assert [f.text for f in focus_sentences(read(), none)] == [
        "The plan is a disgrace.",
        "Nobody asked the people who live here.",
    ]


@pytest.mark.parametrize(
    ("question", "sentence", "way"),
    [
        # a plain question: praise argues for it, complaint against
        ("Should Iran negotiate with the United States?", "Talks brought us nothing.", 1.0),
        # a question to ban something: bad things said about that something argue for it
        ("Should the city ban smoking in bars?", "Smoking kills bar staff.", -1.0),
        # ... but good or bad said about the ban itself is not read either way
        ("Should the city ban smoking in bars?", "A ban would ruin the bars.", 0.0),
        # ... nor a sentence that names neither
        ("Should the city ban smoking in bars?", "Bar staff would breathe easier.", 0.0),
        # closing the old town *to cars* acts against the cars: the old town gains, so it
        # is read as a plain question (the sentence names the town, not the action)
        ("Should Harbourton close its old town to cars?", "The old town would be lovely.", 1.0),
        # a question to lift a ban acts against the ban: praise of the ban argues against it
        ("Should Uganda lift its ban on Facebook?", "The ban keeps the peace.", -1.0),
        ("Should the town lift the curfew restrictions?", "Restrictions save lives.", -1.0),
        # ... and what the ban is on is no object of a ban there
        ("Should Uganda lift its ban on Facebook?", "Facebook spreads hate.", 0.0),
        # other negative wording: left unread
        ("Is global warming a serious concern?", "Warming will flood the coasts.", 0.0),
        ("Should we not build the dam?", "The dam is a disaster.", 0.0),
    ],
)
def test_sentiment_relation_to_the_question(question: str, sentence: str, way: float) -> None:
    assert read(question).relation(sentence) == way


@pytest.mark.parametrize(
    ("question", "target"),
    [
        ("Should the city ban smoking in bars?", "smoking in bars"),
        ("We should abolish the right to keep and bear arms", "the right to keep and bear arms"),
        ("Should the city close the coal plant?", "the coal plant"),
        # a plain question, other negative wording, nothing named: no object reading
        ("Should Iran negotiate with the United States?", None),
        ("Should we not build the dam?", None),
        ("Should we end it?", None),
        # closing the old town *to cars* acts against the cars, not the town
        ("Should Harbourton close its old town to cars?", None),
    ],
)
def test_object_target_of_a_question(question: str, target: str | None) -> None:
    assert Question.parse(question, check=False).object_phrase == target


@pytest.mark.parametrize(
    ("question", "asked"),
    [
        ("home schoolers", "Should we support home schoolers?"),
        ("Queen Elizabeth II.", "Should we support Queen Elizabeth II?"),
        # already a question or a claim: read as it is
        ("Should the city build a new stadium?", None),
        ("Global warming is a serious concern.", None),
        ("We should end affirmative action", None),
        ("the", None),
    ],
)
def test_topic_question(question: str, asked: str | None) -> None:
    assert Question.parse(question, check=False).topic_question == asked


@pytest.mark.parametrize(
    ("question", "act"),
    [
        ("Should Harbourton close its old town to cars?", "closing its old town to cars"),
        ("Should the death penalty be abolished?", "abolishing the death penalty"),
        ("Should there be a tax on sugary drinks?", "a tax on sugary drinks"),
        ("We should abolish the monarchy", "abolishing the monarchy"),
        # the tagger reads "ban" as a noun here; "stop" comes before the tagged verb
        ("Should the city ban cars?", "banning cars"),
        (
            "Should Ndlovini stop printing its notices and post them online?",
            "stopping printing its notices and post them online",
        ),
        ("Should the UK leave the EU?", "leaving the EU"),
        # the first act is the verb's, not a passive after it
        ("Should Iran negotiate or be sanctioned?", "negotiating or be sanctioned"),
        # a state or a bare topic asks for no act
        ("Should COVID-19 vaccination be mandatory for workers?", None),
        ("home schoolers", None),
    ],
)
def test_the_act_a_question_asks_for(question: str, act: str | None) -> None:
    assert Question.parse(question, check=False).proposition == act


def test_the_measure_named_as_the_plan_is_read_as_the_act() -> None:
    """The model reads a bare "the plan" as about nothing in particular: the sentence is
    read with the act the question asks for in its place, capitalised at a sentence's
    start; "the plan to widen the road" names its own plan and stays."""
    from stancemap.lang.en.question import gerund
    from stancemap.stance.model import named_measure

    q = Question.parse("Should Harbourton close its old town to cars?")
    assert (
        named_measure(q, "the plan was a mistake") == "Closing its old town to cars was a mistake"
    )
    assert (
        named_measure(q, "she said she backs this proposal.")
        == "she said she backs closing its old town to cars."
    )
    for kept in ("the plan to widen the road is a mistake", "the mayor's plan is a mistake"):
        assert named_measure(q, kept) == kept
    assert named_measure(Question.parse("home schoolers", check=False), "the plan") == "the plan"
    forms = "close ban abolish tie free stop leave pay".split()
    assert [gerund(v) for v in forms] == [
        "closing",
        "banning",
        "abolishing",
        "tying",
        "freeing",
        "stopping",
        "leaving",
        "paying",
    ]


@pytest.mark.parametrize(
    ("sentence", "after", "view"),
    [
        (
            "Opponents claim the stadium would waste money, but that is not true.",
            "",
            "the stadium would waste money",
        ),
        (
            "Critics say the stadium would waste money.",
            "They are wrong.",
            "the stadium would waste money",
        ),
        (
            "Some people think the plan will ruin the shops; they are simply mistaken.",
            "",
            "the plan will ruin the shops",
        ),
        (
            "The opponents of the plan will say that it ruins the shops.",
            "Nothing could be further from the truth.",
            "it ruins the shops",
        ),
        (
            "Critics state that the stadium would waste money, but that is far from the truth.",
            "",
            "the stadium would waste money",
        ),
        # not rebutted: a report is not a rebuttal
        ("Critics say the stadium would waste money.", "It opens in May.", None),
        ("Critics will say the stadium would waste money.", "They may have a point.", None),
        ("The mayor said that the plan would ruin the shops.", "", None),
        # the speaker's own words are not someone else's view
        ("I said the stadium would waste money, but that is wrong.", "", None),
        ("We have long argued that the plan is cheap; it is not true, they say.", "", None),
        # "wrong" inside the reported view is not a rebuttal of it
        ("Critics argue that the council said it is wrong to build the stadium.", "", None),
    ],
)
def test_rebutted_view(sentence: str, after: str, view: str | None) -> None:
    assert rebutted_view(sentence, after) == view


def test_sentiment_reads_praise_and_complaint() -> None:
    assert sentiment("This is a wonderful, generous plan.") > 0.5
    assert sentiment("This is a cruel and disastrous plan.") < -0.5
    assert sentiment("The meeting is on Tuesday.") == 0.0


def test_sentiment_leaves_out_feelings_given_to_others() -> None:
    # the speaker warns the enthusiasts: their enthusiasm is not the speaker's praise
    warning = "Those who are enthusiastic about the deal should know that we will never sign it."
    assert sentiment(warning) == sentiment("should know that we will never sign it.")
    assert sentiment(warning) < sentiment("We are enthusiastic about the deal.")
    # the main clause's own feeling still counts ...
    assert sentiment("People who live here will love the wonderful new park.") > 0.5
    # ... and a clause with no modal after it is left whole (its end cannot be told)
    vader = SentimentIntensityAnalyzer()
    whole = "Those who praise the deal are right."
    assert sentiment(whole) == vader.polarity_scores(whole)["compound"] > 0.5


def test_decide_unrelated_wins_over_conditions() -> None:
    content = Span(0, 32, "If it rains, so will I, he said")
    stance = decide(read(), content, scores(unrelated=0.8, support=0.2))
    assert stance.label is StanceLabel.UNRELATED


def test_a_statement_naming_the_question_is_never_unrelated() -> None:
    content = Span(0, 36, "The closure would cost shops dearly.")
    stance = decide(read(), content, scores(unrelated=0.5, oppose=0.3, support=0.2))
    assert stance.label is StanceLabel.OPPOSE and stance.confidence == 0.3


def parsed(text: str, title: str | None = None) -> str:
    """The question proposed for one article."""
    return propose_question([Document(text=text, title=title)]).text


def test_one_question_is_proposed_from_all_the_articles() -> None:
    """Of the articles' candidates, a question an article asks beats a headline turned into
    one, and among those the one most articles name wins; the question is marked proposed."""
    talks = "Talks\n\nShould Iran negotiate with the United States? Opinions differ."
    other = "Markets\n\nShould the bank cut rates again? Nobody knows."
    named = "Iran\n\nIran will not negotiate with the United States, the cleric said."
    asked = propose_question([Document(other), Document(talks), Document(named)])
    assert asked.text == "Should Iran negotiate with the United States?" and not asked.given
    headline = "Old town plan divides Harbourton\n\nThe council met."
    assert propose_question([Document(headline), Document(talks)]).text == (
        "Should Iran negotiate with the United States?"
    )


def test_question_proposed_from_an_early_question() -> None:
    text = (
        "Old town debate\n\nIn the coming weeks, should the council close the old town "
        "to cars? Opinions differ.\n\nMore text."
    )
    assert parsed(text) == "Should the council close the old town to cars?"


def test_proposed_question_survives_abbreviations_and_quote_marks() -> None:
    text = 'Talks\n\nThe minister asked: "Should Iran talk to the U.S. again?" Nobody answered.'
    assert parsed(text) == "Should Iran talk to the U.S. again?"
    text = 'Deal\n\nShould the "Green Deal" be scrapped at all by the EU? We asked around.'
    assert parsed(text) == 'Should the "Green Deal" be scrapped at all by the EU?'


def test_proposed_question_is_a_yes_no_one_else_the_headline() -> None:
    """ "Why would ...?" states nothing to be for or against: the headline is proposed
    instead, without its closing punctuation (a quoted headline keeps its quote mark)."""
    text = (
        "Lawmaker urges retaliation on Russia;\n\nThe senator spoke on Monday. Why would "
        "anyone wait any longer? How much does it cost? The vote is next week."
    )
    assert parsed(text) == "Lawmaker urges retaliation on Russia?"
    assert parsed(text, title="Senator: It Is 'Time to Act.'") == "Senator: It Is 'Time to Act'?"
    # no headline: the first sentence, cut to a question the model can read with a statement
    long_lead = (
        "The council met on Tuesday in the old library to debate a long list of proposals, "
        "including a plan to close the old town to private cars, a new budget for the "
        "harbour, a tram line to the university, and a plan to rename two streets after "
        "local poets, which took most of the evening. Many residents came."
    )
    asked = parsed(long_lead)
    assert asked == check_question(asked)
    assert asked.startswith("The council met") and asked.endswith("the university?")
    assert "Many residents" not in asked
    # a yes / no question later in the text still wins over the headline
    text = text.replace("How much does it cost?", "Will the council ever act on it?")
    assert parsed(text) == "Will the council ever act on it?"


def statement(
    text: str,
    label: StanceLabel,
    conf: float,
    start: int = 0,
    speaker: str = "Ana Silva",
    role: str | None = "baker",
) -> Statement:
    probs = {"support": 0.1, "oppose": 0.1, "neutral": 0.1, "unrelated": 0.0}
    if label.value in probs:
        probs[label.value] = conf
    return Statement(
        Span(start, start + len(text), text),
        StatementKind.REPORTED_SPEECH,
        actor=speaker,
        role=role,
        stance=Stance(label, conf, probs),
    )


def test_one_condition_among_a_speakers_statements_against_leaves_them_against() -> None:
    """A speaker is conditional when their conditional statements are at least as many as
    those for or against: "if it joins, we will fight its bases" beside three statements
    against the measure leaves the speaker against; one condition beside one statement for
    is conditional support."""
    against = [
        statement(t, StanceLabel.OPPOSE, 0.8, start=30 * i, speaker="Nina Berg")
        for i, t in enumerate(("It is a mistake.", "It will cost us.", "Vote no."))
    ]
    against.append(
        statement("If it joins, we fight.", StanceLabel.CONDITIONAL, 0.9, 100, "Nina Berg")
    )
    pair = [
        statement("It is good.", StanceLabel.SUPPORT, 0.8, start=130, speaker="Tomas Reyes"),
        statement("Only if buses run.", StanceLabel.CONDITIONAL, 0.7, 160, "Tomas Reyes"),
    ]
    result = Extraction(Document("..."), (*against, *pair), (), read())
    sides = {sp.name: sp.stance for sp in build_map([result], read()).speakers}
    assert sides == {"Nina Berg": StanceLabel.OPPOSE, "Tomas Reyes": StanceLabel.CONDITIONAL}


def test_map_groups_speakers_and_sides() -> None:
    a = statement("Close it now.", StanceLabel.SUPPORT, 0.8)
    b = statement("It is the right plan.", StanceLabel.SUPPORT, 0.7, start=20)
    c = statement(
        "Shops will die.", StanceLabel.OPPOSE, 0.9, start=50, speaker="Daniel Hoff", role=None
    )
    d = statement(
        "Only if buses run.", StanceLabel.CONDITIONAL, 0.6, start=80, speaker="Tomas Reyes"
    )
    e = statement("Lunch was good.", StanceLabel.UNRELATED, 0.9, start=99, speaker="X")
    result = Extraction(Document("..."), (a, b, c, d, e), (), read())
    debate = build_map([result], read())
    sides = {sp.name: sp.stance for sp in debate.speakers}
    assert sides == {
        "Ana Silva": StanceLabel.SUPPORT,
        "Daniel Hoff": StanceLabel.OPPOSE,
        "Tomas Reyes": StanceLabel.CONDITIONAL,
    }
    ana = next(sp for sp in debate.speakers if sp.name == "Ana Silva")
    assert len(ana.statements) == 2 and ana.role == "baker"
    data = debate.to_dict()
    assert data["question"] == Q and data["unrelated_statements"] == 1
    assert [(u["speaker"], u["text"], u["start"]) for u in data["unrelated"]] == [
        ("X", "Lunch was good.", 99)
    ]
    first = data["speakers"][0]
    assert set(first) >= {"name", "role", "stance", "confidence", "statements"}
    assert set(first["statements"][0]) >= {"text", "start", "end", "stance"}
    text = render_table(debate)
    assert text.index("SUPPORT") < text.index("OPPOSE") < text.index("CONDITIONAL")
    aside = "NOT ABOUT THE QUESTION (1 statement, on no side)\n  X: “Lunch was good.” [99:114]"
    assert aside in text


def test_macro_f1() -> None:
    gold = ["support", "oppose", "neutral", "support"]
    pred = ["support", "oppose", "support", "support"]
    # support: P 2/3 R 1 -> 0.8; oppose 1.0; neutral 0.0
    assert abs(macro_f1(gold, pred, ("support", "oppose", "neutral")) - 0.6) < 1e-9


def test_restrictive_condition_on_a_statement_about_the_question() -> None:
    text = "that he would support the closure only if emergency lanes stay open"
    span = condition_span(text, 0, read())
    assert span is not None and span.text == "only if emergency lanes stay open"
    # A plain "if" about something else stays a side, even in a statement on the question.
    assert condition_span("Closing the town is wrong: if shops die, so does it.", 0, read()) is None


def test_reliability_table_and_ece() -> None:
    from stancemap.evaluate.stance import reliability

    conf = [0.95, 0.95, 0.55, 0.55, 0.55, 0.55]
    right = [True, True, True, False, True, False]
    table = reliability(conf, right)
    assert [b["bin"] for b in table["bins"]] == ["0.5-0.6", "0.9-1.0"]
    assert table["bins"][0] == {"bin": "0.5-0.6", "rows": 4, "confidence": 0.55, "accuracy": 0.5}
    # |0.5 - 0.55| * 4/6 + |1.0 - 0.95| * 2/6
    assert table["ece"] == round(0.05 * 4 / 6 + 0.05 * 2 / 6, 4)


@pytest.mark.parametrize(
    "question",
    [
        "Should Iran negotiate with the United States?",
        "nuclear power",  # a bare topic, as VAST phrases them
        "El Niño funding",  # one Spanish-looking word and a non-ASCII letter are fine
        "Is the euro a good idea for Denmark?",
        "Should Harbourton close its old town to cars?",
    ],
)
def test_check_question_accepts_english_questions_and_topics(question: str) -> None:
    assert check_question(f"  {question} ") == question


@pytest.mark.parametrize(
    ("question", "says"),
    [
        ("", "no words"),
        ("??", "no words"),
        ("Sollte Iran mit den USA verhandeln?", "English"),
        ("Faut-il fermer la vieille ville aux voitures et pour les bus?", "English"),
        ("伊朗应该与美国谈判吗？", "English"),
        (" ".join(["word"] * 41), "41 words"),
    ],
)
def test_check_question_refuses_what_the_model_cannot_read(question: str, says: str) -> None:
    with pytest.raises(BadQuestion, match=says):
        check_question(question)


def test_a_fragment_is_too_short_to_take_a_side_unless_it_names_the_question() -> None:
    assert is_fragment("the deal", read())
    assert is_fragment("to reconsider", read())
    assert not is_fragment("the old town", read())  # names the question's subject
    assert not is_fragment("It's gutless leadership", read())
    # a name alone, what "told the Harbour Gazette" leaves as content, states nothing
    assert is_fragment("the Harbour Gazette", read())
    assert is_fragment("Radio Nord 4", read())
    assert not is_fragment("the Old Town Must Stay Open", read())  # names the subject
    assert not is_fragment("Nobody asked us about this", read())


def test_each_resample_is_scored_as_macro_f1_scores_it() -> None:
    """The vectorised bootstrap scores a resample exactly as ``macro_f1`` and plain accuracy
    do, including a label that one resample never predicts."""
    import numpy as np

    from stancemap.evaluate.stance import THREE, resampled_scores

    rng = np.random.default_rng(3)
    gold = rng.integers(0, 3, size=60)
    preds = np.where(rng.random(60) < 0.6, gold, rng.integers(0, 3, size=60))
    preds[:5] = 3  # no label
    idx = rng.integers(0, 60, size=(20, 60))
    idx[0] = np.flatnonzero(preds != 2)[0]  # one resample of a single row, never "neutral"
    f1, acc = resampled_scores(gold[idx], preds[idx], 3)
    names = [*THREE, "none"]
    for row, (f, a) in enumerate(zip(f1, acc, strict=True)):
        g = [names[i] for i in gold[idx[row]]]
        p = [names[i] for i in preds[idx[row]]]
        assert f == pytest.approx(macro_f1(g, p, THREE), abs=1e-12)
        assert a == pytest.approx(sum(x == y for x, y in zip(g, p, strict=True)) / 60)


def test_bootstrap_interval_brackets_the_figure_and_narrows_with_more_rows() -> None:
    from stancemap.evaluate.stance import THREE, interval

    gold = ["support"] * 30 + ["oppose"] * 30 + ["neutral"] * 40
    preds = (
        ["support"] * 20
        + ["oppose"] * 10
        + ["oppose"] * 18
        + ["neutral"] * 12
        + ["neutral"] * 30
        + ["support"] * 10
    )
    ci = interval(gold, preds, THREE)
    f1 = macro_f1(gold, preds, THREE)
    assert ci["macro_f1"][0] < f1 < ci["macro_f1"][1]
    assert ci["accuracy"][0] < 0.68 < ci["accuracy"][1]
    assert interval(gold, preds, THREE) == ci  # seeded: the same every run
    # four times the rows: about half as wide (the noise falls with the square root)
    wide = ci["macro_f1"][1] - ci["macro_f1"][0]
    ci4 = interval(gold * 4, preds * 4, THREE)
    assert 0.35 < (ci4["macro_f1"][1] - ci4["macro_f1"][0]) / wide < 0.65
    # no errors, no noise; no rows, no figure
    assert interval(gold, gold, THREE) == {"macro_f1": [1.0, 1.0], "accuracy": [1.0, 1.0]}
    assert interval([], [], THREE) == {"macro_f1": [0.0, 0.0], "accuracy": [0.0, 0.0]}


def test_who_answers_a_camps_view_with_but_takes_the_other_side() -> None:
    """ "Supporters say X, but Y said ...": Y against; "Critics say X, Y said, 'but ...'":
    Y for. No "but", or no camp, says nothing."""
    from stancemap import Document, debate_map
    from stancemap.stance.cues import answer_polarity

    said = "Supporters say the levy pays for itself, but Ana Brandt said"
    assert answer_polarity(said, said.index("Ana")) == -1
    said = "Critics call the U.S. levy unlawful, but Tomas Reyes said it"
    assert answer_polarity(said, said.index("Tomas")) == 1
    said = "The levy's critics say it will cost jobs, Ana said, “but"
    assert answer_polarity(said, said.index("Ana")) == 1
    said = "Supporters say the levy pays for itself, and Ana agreed"
    assert answer_polarity(said, said.index("Ana")) == 0
    said = "The government says it will pay, but Ana said"
    assert answer_polarity(said, said.index("Ana")) == 0
    # the camp's own "but" is no answer to it
    said = "Critics say the levy is well meant but will empty the high street"
    assert answer_polarity(said, 0) == 0

    def sides(text: str) -> dict[str, str]:
        question = "Should the harbour levy be introduced?"
        debate = debate_map([Document(text=text)], question=question, key_points=False)
        return {sp.name: sp.stance.value for sp in debate.speakers}

    got = sides(
        "The council met on Monday. Supporters say the levy would pay for the new quay, but "
        "Tomas Reyes said most of the money would go to consultants."
    )
    assert got["Tomas Reyes"] == "oppose", got
    # an answer that takes no side yet stays undecided
    got = sides(
        "Supporters say the levy would pay for the new quay, but Mayor Ana Brandt said she "
        "had not yet decided and would wait for the report."
    )
    assert got["Ana Brandt"] == "neutral", got


@pytest.mark.parametrize(
    ("cue", "content", "side"),
    [
        ("rejected", "the plan", -1),
        ("backed", "the initiative is backed by the union", 1),
        ("Opposition", "Opposition is led by the traders' union", -1),
        ("argued", "against the motion", -1),
        ("voted against", "the bill", -1),
        ("said", "the plan would help", 0),
        ("did not back", "the plan", 0),  # a negated cue takes no side by itself
        (None, "in favour of a lower voting age", 1),
        # an attack on the measure's camp takes the other side from that camp
        ("turned on", "the plan's critics", 1),
        ("hit out at", "the levy's backers", -1),
        ("accused", "the scheme's opponents of defending the status quo", 1),
        ("blamed", "the plan's supporters for the chaos", -1),
        ("turned on", "the plan", -1),
    ],
)
def test_the_cue_says_the_side(cue: str | None, content: str, side: int) -> None:
    from stancemap.stance.cues import cue_polarity

    assert cue_polarity(cue, content) == side


def test_a_cue_for_the_opposite_of_the_question_takes_the_other_side() -> None:
    from stancemap.stance.cues import cue_polarity

    leave = "Should the UK leave the European Union?"
    staying = "declared itself in favour of Britain staying in the union"
    assert cue_polarity("in favour of", staying, leave) == -1
    assert cue_polarity("backing", "backing the remain campaign", leave) == -1
    assert cue_polarity("backing", "backing the campaign to leave", leave) == 1
    ban = "Should the city ban cars from the old town?"
    assert cue_polarity("urged", "urged the council to allow cars at night", ban) == -1
    # what the cue acts on: the measure's critics (turned round) or its backers (as it is)
    assert cue_polarity("slammed", "slammed the critics of the ban as selfish", ban) == 1
    assert cue_polarity("slammed", "slammed the ban's backers as out of touch", ban) == -1


def test_a_cue_for_what_the_question_would_abolish_takes_the_other_side() -> None:
    """To back the death penalty is to oppose abolishing it; to back ending it, or a bill
    that names the action, is support (a read Question knows the action and its object)."""
    from stancemap.core import Question
    from stancemap.stance.cues import cue_polarity

    abolish = Question.parse("Should the death penalty be abolished?")
    assert cue_polarity("supports", "supports the death penalty", abolish) == -1
    assert cue_polarity("backed", "backed the bill to abolish the death penalty", abolish) == 1
    assert cue_polarity("rejected", "rejected the death penalty as cruel", abolish) == 1
    plain = Question.parse("Should the town build a tram?")
    assert cue_polarity("backed", "backed the tram", plain) == 1


def test_lean_moves_toward_the_cues_side_and_off_unrelated() -> None:
    from stancemap.stance.cues import lean

    probs = {"support": 0.3, "oppose": 0.3, "neutral": 0.1, "unrelated": 0.3}
    against = lean(probs, -1)
    assert against["oppose"] > 0.6 > against["support"] and against["unrelated"] < 0.3
    assert sum(against.values()) == pytest.approx(1.0)
    assert lean(probs, 0) == probs


def test_a_side_taking_verb_inside_a_statement_says_its_side() -> None:
    """ "(said) she supports the levy since ...": the statement's own verb acts on the
    measure; a negated, conditional or reported one, or one on something else, says nothing."""
    from stancemap.core import Question
    from stancemap.stance.cues import inner_polarity

    levy = Question.parse("Should the harbour levy be introduced?")
    assert inner_polarity("she backs the levy because the harbour needs repairs", levy) == 1
    assert (
        inner_polarity("most traders firmly opposed the plan, citing costs", levy, "traders") == -1
    )
    assert inner_polarity("a letter welcoming the mayor's decision", levy) == 1
    assert inner_polarity("to block the levy at the next vote", levy) == -1
    assert inner_polarity("the union vowed to fight the levy", levy, "the union") == -1
    assert inner_polarity("the union vowed to fight the levy", levy, "Ana Brandt") == 0
    assert inner_polarity("she would back the levy", levy) == 0
    assert inner_polarity("I used to back the levy", levy) == 0  # a side once taken
    assert inner_polarity("he did not oppose the plan", levy) == 0
    assert inner_polarity("critics opposed the plan", levy) == 0  # someone else's side
    assert inner_polarity("Traders opposed the plan", levy, "Traders") == -1
    assert inner_polarity("they said critics opposed the plan", levy) == 0
    assert inner_polarity("she backs her daughter's football club", levy) == 0
    abolish = Question.parse("Should the death penalty be abolished?")
    assert inner_polarity("he supports the death penalty for murder", abolish) == -1


def test_a_cue_on_an_act_against_the_measure_takes_the_other_side() -> None:
    """To sign an order that prohibits the measure opposes it; toward a question that asks to
    ban or end something, an act that ends it is the measure itself."""
    from stancemap.core import Question
    from stancemap.stance.cues import cue_polarity

    tram = Question.parse("Should the town build a tram?")
    assert cue_polarity("signed", "signed a decree banning any tram in the centre", tram) == -1
    assert cue_polarity("backed", "backed the campaign against the tram line", tram) == -1
    assert cue_polarity("backed", "backed the tram to end congestion", tram) == 1
    abolish = Question.parse("Should the death penalty be abolished?")
    assert cue_polarity("backed", "backed a bill ending the death penalty", abolish) == 1
    assert cue_polarity("supports", "supports the death penalty", abolish) == -1
    levy = "Should the harbour levy be introduced?"
    assert cue_polarity("welcomed", "welcomed the vote to block the levy", levy) == -1


def test_what_the_measure_would_do_says_the_side() -> None:
    """ "It would do harm to the harbour" opposes the measure, "the levy will pay for new
    moorings and help fishers" supports it; a statement that opens otherwise, a plain
    effect, or one that acts against something says nothing by this rule."""
    from stancemap.stance.cues import effect_polarity

    assert effect_polarity("it would do terrible harm to the harbour, traders said") == -1
    assert effect_polarity("the new levy will help fishers and save the old quay") == 1
    assert effect_polarity("That the plan would be a disaster for small boats") == -1
    assert effect_polarity("it would take effect in May") == 0
    assert effect_polarity("the harbour would be a disaster without it") == 0
    assert effect_polarity("it would end the terrible damage to the quay") == 0
    # the effect is the first clause: a reason after it is not read
    assert effect_polarity("it will work well because critics are awful liars") == 1


def test_sentiment_reads_words_in_curly_quotes() -> None:
    from stancemap.stance.sentiment import sentiment

    assert sentiment("it would be a ‘disastrous mistake’") < -0.5
    assert sentiment("it would be a “disastrous mistake”") < -0.5
    assert sentiment("it is ‘wonderful’") > 0.5


def test_a_side_the_speaker_once_took_is_theirs_no_longer() -> None:
    from stancemap.core import Question
    from stancemap.stance.cues import former_polarity

    levy = Question.parse("Should the harbour levy be introduced?")
    assert former_polarity("We used to be in favour, yet the costs turned us", levy) == -1
    assert former_polarity("we once opposed the levy; now we see it works", levy) == 1
    assert former_polarity("I used to be against it", levy) == 1
    assert former_polarity("I have always been in favour of the levy", levy) == 0
    assert former_polarity("they used to back it", levy) == 0  # someone else's past side
    # a side held for a time, or until something changed it
    held = "I was against the levy for years. Then I saw the harbour it paid for."
    assert former_polarity(held, levy) == 1
    assert former_polarity("I was against the levy from the start", levy) == 0
    kept = "I was against the levy for years, and nothing has changed my mind"
    assert former_polarity(kept, levy) == 0
    assert former_polarity("I was for the levy for years, and I still am", levy) == 0


def test_what_is_said_of_an_act_against_the_measure_is_turned_round() -> None:
    """To call the lawsuit against a measure spiteful supports the measure; a lawsuit *for*
    something, or any act toward a question that asks to ban or end something, is not read."""
    from stancemap.core import Question
    from stancemap.stance.cues import counter_act_polarity

    tram = Question.parse("Should the town build a tram?")
    assert counter_act_polarity("the governor's lawsuit “spiteful and shameful”", tram) == 1
    assert counter_act_polarity("the veto a disgrace", tram) == 1
    assert counter_act_polarity("the lawsuit a welcome and wonderful step", tram) == -1
    assert counter_act_polarity("the lawsuit to force a vote shameful", tram) == 0
    assert counter_act_polarity("the tram shameful", tram) == 0
    ban = Question.parse("Should the state ban smoking in bars?")
    assert ban.actions
    assert counter_act_polarity("the lawsuit shameful", ban) == 0


def test_a_one_word_side_and_an_accusation_take_their_sides() -> None:
    """ "pro-EU" toward a question to leave the EU opposes leaving (the EU named by its
    initials); to accuse someone of a side, or of an act against the measure, takes the
    other side; an accusation of nothing that takes a side says nothing."""
    from stancemap.core import Question
    from stancemap.stance.cues import cue_polarity

    leave = Question.parse("Should Norway leave the European Economic Area?")
    assert cue_polarity("pro-EEA", "his pro-EEA speeches", leave) == -1
    assert cue_polarity("anti-EEA", "the anti-EEA campaign", leave) == 1
    assert cue_polarity("accused", "the minister of pro-EEA scaremongering", leave) == 1
    assert cue_polarity("accused", "the minister of anti-EEA lies", leave) == -1
    tram = Question.parse("Should the town build a tram?")
    assert cue_polarity("pro-tram", "the pro-tram group", tram) == 1
    assert cue_polarity("accused", "the council of obstructing the tram plan", tram) == 1
    assert cue_polarity("blamed", "the council for the delays", tram) == 0
    # an attack on a one-word side: "slammed the pro-tram lobby" opposes the tram
    assert cue_polarity("slammed", "slammed the pro-tram lobby as selfish", tram) == -1
    assert cue_polarity("slammed", "slammed the anti-tram lobby as selfish", tram) == 1


def test_what_follows_an_opening_or_a_loose_match_does_not_turn_the_side_round() -> None:
    """ "against the expansion" opens the statement and gives its side: it is no act against
    the measure inside its object; "end with" does not name a question's "without"; and
    the measure's own name ("the ban") is no effect."""
    from stancemap.core import Question
    from stancemap.stance.cues import cue_polarity, effect_polarity

    expand = Question.parse("Should the port expand its container terminal?")
    assert cue_polarity("voted", "against the expansion deal in committee", expand) == -1
    allowed = Question.parse("Should buses be allowed in the old town without a permit?")
    assert cue_polarity("warned", "that the approach would end with a crash", allowed) == -1
    assert effect_polarity("the ban would protect children from smoke") == 1


def test_support_offered_under_a_condition_is_conditional_however_the_measure_is_named() -> None:
    """ "would support the change as long as ...": the model reads no subject in it (it is
    "the change"), but the offer and its condition say conditional."""
    text = "his members would support the change as long as the city hired more drivers"
    stance = decide(read(), Span(0, len(text), text), scores(unrelated=0.9, support=0.1))
    assert stance.label is StanceLabel.CONDITIONAL
    assert stance.evidence[0].text.startswith("would support the change as long as")
    for offered in (
        "lenders could live with the change if it came with a transition period",
        "his councillors would support the deal only with a veto over any resale",
    ):
        got = decide(read(), Span(0, len(offered), offered), scores(unrelated=0.9, support=0.1))
        assert got.label is StanceLabel.CONDITIONAL, offered
    for plain in (
        "she would support the change, she said",  # no condition
        "they would back the change if necessary",  # a hedge, no condition
        "they could never support it if it were up to them",  # no offer: "never"
        "the union would accept the pay offer if weekend hours were cut",  # not the measure
    ):
        got = decide(read(), Span(0, len(plain), plain), scores(unrelated=0.9, support=0.1))
        assert got.label is not StanceLabel.CONDITIONAL, plain


def test_a_question_to_lift_a_ban_acts_on_the_ban() -> None:
    # "lift" in another sense is no action
    assert not Question.parse("Should the council lift the old swing bridge?").actions
    q = Question.parse("Should Poland lift its ban on Sunday trading?", check=False)
    assert q.actions == {"lift"} and q.objects == {"ban"}
    assert q.object_phrase == "its ban on Sunday trading"
    # a ban that is kept or enforced stays a ban question
    kept = Question.parse("Should Jordan enforce its ban on shisha in cafes?", check=False)
    assert kept.actions == {"ban"} and "shisha" in kept.objects


def test_what_a_question_acts_on_is_named_after_its_action() -> None:
    """Praise of who would act ("the municipality") is not praise of what the action ends."""
    q = Question.parse(
        "Should Ndlovini Local Municipality stop publishing its notices in the newspaper?",
        check=False,
    )
    assert "municipality" not in q.objects and {"notices", "newspaper"} <= q.objects
    assert q.relation("the municipality is finally listening") == 0.0
    assert q.relation("the notices in the newspaper are a lifeline") == -1.0


def _drafts(text: str, said: list[tuple[str, str, str]]) -> Analysis:
    """A document ``text`` with one statement per (speaker, cue, content), each found in it."""
    drafts = []
    for speaker, cue, content in said:
        at, c = text.index(content), text.index(cue)
        s = text.index(speaker)
        drafts.append(
            Draft(
                content=Span(at, at + len(content), content),
                kind=StatementKind.REPORTED_SPEECH,
                speaker=Span(s, s + len(speaker), speaker),
                cue=Span(c, c + len(cue), cue),
                actor=speaker,
            )
        )
    return Analysis(Document(text), drafts=drafts)


def test_a_negated_side_taking_cue_opposes_or_takes_no_side() -> None:
    """ "did not back the plan" opposes it (the negation before the cue, or inside it);
    "did not oppose it" says no side; "backed" says support."""
    from stancemap.stance.stage import cue_side

    q = Question.parse("Should the harbour levy be introduced?")
    text = (
        "Ana Brandt did not back the levy. Tom Ruiz backed the levy. "
        "Eva Lind did not oppose the levy. Li Wei never endorsed the levy."
    )
    a = _drafts(
        text,
        [
            ("Ana Brandt", "back", "the levy. Tom"),
            ("Tom Ruiz", "backed", "the levy. Eva"),
            ("Eva Lind", "oppose", "the levy. Li"),
            ("Li Wei", "never endorsed", "the levy."),
        ],
    )
    assert [cue_side(d, text, q) for d in a.drafts] == [-1, 1, 0, -1]


def test_who_attacks_a_speaker_takes_the_other_side_who_praises_them_the_same() -> None:
    from stancemap.stance.relations import relate

    text = (
        "Mayor Ines Marr said the levy would pay for the harbour wall. "
        "Paul Dorn accused Councillor Marr of scaremongering. Rita Holm praised Marr for her "
        "courage. "
        "Jon Berg said something about the weather."
    )
    a = _drafts(
        text,
        [
            ("Ines Marr", "said", "the levy would pay for the harbour wall"),
            ("Paul Dorn", "accused", "Councillor Marr of scaremongering"),  # a title first
            ("Rita Holm", "praised", "Marr for her courage"),
            ("Jon Berg", "said", "something about the weather"),
        ],
    )
    marr, dorn, holm, berg = a.drafts
    marr.stance = Stance(StanceLabel.SUPPORT, 0.8, {"support": 0.8, "oppose": 0.1})
    for d in (dorn, holm, berg):
        d.stance = Stance(StanceLabel.UNRELATED, 0.9, {"unrelated": 0.9, "support": 0.05})
    relate(a)
    assert dorn.stance is not None and dorn.stance.label is StanceLabel.OPPOSE
    assert holm.stance is not None and holm.stance.label is StanceLabel.SUPPORT
    assert berg.stance is not None and berg.stance.label is StanceLabel.UNRELATED
    # a target whose side is not clear gives none
    marr.stance = Stance(StanceLabel.NEUTRAL, 0.5, {"support": 0.3, "oppose": 0.2})
    dorn.stance = Stance(StanceLabel.UNRELATED, 0.9, {"unrelated": 0.9})
    relate(a)
    assert dorn.stance.label is StanceLabel.UNRELATED


def test_a_speaker_who_declines_to_take_a_position_reads_undecided_with_the_cue() -> None:
    from stancemap.lang.en.stance import UNDECIDED
    from stancemap.stance.stage import _framed

    text = "The federation declined to take a position. Ana Brandt said she backed the levy."
    a = _drafts(
        text,
        [
            ("The federation", "declined", "to take a position"),
            ("Ana Brandt", "said", "she backed the levy"),
        ],
    )
    declined, backed = (_framed(d, text) for d in a.drafts)
    assert declined == "declined to take a position" and UNDECIDED.search(declined)
    assert not UNDECIDED.search(backed)
    assert UNDECIDED.search("set out the figures without offering a view")
