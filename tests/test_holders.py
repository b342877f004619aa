"""Who holds a described or reported position: sentence splits at abbreviated titles, names
coordinated with a speaker, lists that continue a sentence's position, and the side a cue
takes on a short object. Sentences written for these tests."""

from __future__ import annotations

from stancemap import Pipeline
from stancemap.core import Document, Span, StatementKind
from stancemap.core.state import Draft


def _described_drafts(pipeline: Pipeline, text: str, unread: str = "") -> dict[str, Draft]:
    """The described positions of the text by holder; ``unread``: the cue of a statement
    the attribution stages are made to miss (the position stage's input is the test's)."""
    from stancemap.attribution.positions import PositionStage

    analysis = pipeline.analyse(Document(text, id="t"))
    analysis.drafts = [
        d for d in analysis.drafts if not (unread and d.cue and d.cue.text == unread)
    ]
    PositionStage()(analysis)
    return {
        text[d.speaker.start : d.speaker.end]: d
        for d in analysis.drafts
        if d.kind is StatementKind.DESCRIBED_POSITION and d.speaker is not None
    }


def _described(pipeline: Pipeline, text: str) -> dict[str, str]:
    """The holders of the text's described positions and their cue."""
    return {
        name: d.cue.text if d.cue else "" for name, d in _described_drafts(pipeline, text).items()
    }


def test_an_abbreviated_title_ends_no_sentence(pipeline: Pipeline) -> None:
    """ "Lt. Gov. X", "Reps. X", "Del. X": the full stop of a title before a name is no
    sentence break, so the name stays in the sentence that holds the cue."""
    text = (
        "The tram levy is backed by an alliance that includes Lt. Gov. Ana Brandt.\n\n"
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


def test_the_examples_a_speakers_noun_gives_share_its_statement(pipeline: Pipeline) -> None:
    """ "warnings from groups such as X and Y that ...", "critics, including X and Y, said":
    each example says it (the noun's "such as" / "including" object and its conjuncts);
    a noun of number between ("a wave of warnings from ...") leaves the agent the
    noun's."""
    from stancemap.attribution.positions import PositionStage

    for text, said, names in (
        (
            "The levy faces a wave of warnings by groups such as the Harbour Trust and the "
            "Norland Chamber of Commerce that it would drive ships away.",
            "that it would drive ships away",
            {"the Harbour Trust", "the Norland Chamber of Commerce"},
        ),
        (
            "Critics, including Senator Ana Brandt and Mayor Tomas Reyes, said the levy was "
            "unfair.",
            "the levy was unfair",
            {"Ana Brandt", "Tomas Reyes"},
        ),
    ):
        analysis = pipeline.analyse(Document(text, id="t"))
        PositionStage()(analysis)
        got = {d.actor for d in analysis.drafts if d.content.text == said}
        assert names <= got, (text, got)


def test_organisations_the_recogniser_runs_together_are_each_a_speaker(
    pipeline: Pipeline,
) -> None:
    """ "X and Y said", where the recogniser reads "X and Y" as one organisation and the
    parse hangs X under Y: each speaks. A name whose "and" is its own ("the Department of
    Health and Human Services", "Procter and Gamble", "the Land and Environment Court")
    stays one speaker; a common noun that gives examples ("Groups such as X and Y")
    holds nothing of its own."""
    from stancemap.attribution.positions import PositionStage

    for text, names in (
        (
            "Amnesty International and Human Rights Watch said the levy was cruel.",
            {"Amnesty International", "Human Rights Watch"},
        ),
        (
            "The Daily Telegraph and Daily Mirror said the levy was cruel.",
            {"The Daily Telegraph", "Daily Mirror"},
        ),
        (
            "The Department of Health and Human Services said the levy was cruel.",
            {"The Department of Health and Human Services"},
        ),
        ("Procter and Gamble said the levy was cruel.", {"Procter and Gamble"}),
        (
            "Groups such as Amnesty International and Human Rights Watch have condemned the levy.",
            {"Amnesty International", "Human Rights Watch"},
        ),
    ):
        analysis = pipeline.analyse(Document(text, id="t"))
        PositionStage()(analysis)
        got = {d.actor for d in analysis.drafts}
        assert got == names, (text, got)


def test_entities_joined_by_and_are_split_only_between_two_names() -> None:
    """The recogniser's entity (set by hand here, as it may read it) over "and"."""
    from spacy.tokens import Span as Entity

    from stancemap.nlp import load_model, named_entities

    nlp = load_model()

    def split(text: str, name: str) -> list[str]:
        doc = nlp(text)
        start = len(nlp.make_doc(text[: text.index(name)]))
        doc.ents = [Entity(doc, start, start + len(nlp.make_doc(name)), label="ORG")]
        return [e.text for e in named_entities(doc).ents]

    said = "{} said so on Monday."
    pair = "Amnesty International and Human Rights Watch"
    assert split(said.format(pair), pair) == ["Amnesty International", "Human Rights Watch"]
    three = "The Daily Courier, and Harbour Radio"
    assert split(said.format(three), three) == ["The Daily Courier", "Harbour Radio"]
    for whole in (
        "House Energy and Commerce Committee",
        "National Oceanic and Atmospheric Administration",
        "Procter and Gamble",
        "The Department of Health and Human Services",
        "the Land and Environment Court",
        "Amnesty International and Greenpeace",
        "Protect, Restore and Fund Harbour Use of",
    ):
        assert split(said.format(whole), whole) == [whole], whole
    # a title-case headline is left as read
    headline = "Amid Harbour Levy Vote, Shop Owners Revel and Skippers Fume"
    ran = "Shop Owners Revel and Skippers Fume"
    assert split(headline, ran) == [ran]


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
    # a group the sentence defines itself does not hold what the sentence before says
    own = (
        "The harbour association praised the committee for its vote on the levy.\n\n"
        "Among the eleven who voted no was Ana Brandt, a member from the north."
    )
    assert "Ana Brandt" not in _described(pipeline, own)


def test_signatories_hold_what_the_sentence_before_says_they_signed(pipeline: Pipeline) -> None:
    """ "... an open letter urging the council to act. Among the signatories were X, who
    teaches at A, and Y, a researcher at B.": X and Y hold the position, stated in the
    sentence before (their statement starts there, and its cue is theirs: "urging"); A
    and B are where they work, the
    second holder is no one's employer however long the first one's clause."""
    first = "Forty teachers sent the council an open letter urging it to scrap the harbour levy."
    text = (
        f"{first} Among the signatories were Ana Brandt, who teaches history at the town's "
        "secondary school, and Tomas Reyes, a researcher in economics at Harbourton University."
    )
    found = _described_drafts(pipeline, text)
    assert set(found) == {"Ana Brandt", "Tomas Reyes"}
    for draft in found.values():
        assert draft.content.start == 0 and draft.content.end == len(text)
        assert draft.cue is not None and draft.cue.text == "urging"  # what they signed
    # a holder noun with its own object states the position itself
    alone = "Supporters of the harbour levy include Ana Brandt."
    found = _described_drafts(pipeline, f"{first} {alone}")
    assert found["Ana Brandt"].content.text == alone
    # supporters hold the debate's side, not what the sentence before urged
    found = _described_drafts(pipeline, f"{first} Other supporters include Ana Brandt.")
    cue = found["Ana Brandt"].cue
    assert cue is not None and cue.text == "supporters"


def test_a_speaker_holds_a_position_cue_outside_their_statement(pipeline: Pipeline) -> None:
    """A speaker of the sentence also holds a position cue that is none of their
    statements' when the sentence gives it to them: the verb after their name ("X did not
    back the levy, saying ..."), a passive ending in them, their relative clause or
    apposition; never another holder's cue ("X said ..., unlike Y, a supporter")."""
    cases = (
        (  # the attribution may read "did not back" as a report: here it is made not to
            "Finance alderman Ana Brandt did not back the harbour levy, saying she could not "
            "defend the cost in a year of library cuts.",
            {"Ana Brandt": "back"},
        ),
        (
            "Tomas Reyes of the Harbour Rovers, one of the most vocal critics, argued that "
            '"children will pay for it".',
            {"Tomas Reyes": "critics"},
        ),
        (
            '"It is the right call," says Maria Okafor, who has started a parents\' group to '
            "push for the levy.",
            {"Maria Okafor": "push for"},
        ),
    )
    for text, expected in cases:
        drafts = _described_drafts(pipeline, text, unread="did not back")
        assert {name: d.cue.text for name, d in drafts.items() if d.cue} == expected, text
    text = "Ana Brandt said the levy was a tax on the harbour, unlike Tomas Reyes, a supporter."
    assert {n: d.cue.text for n, d in _described_drafts(pipeline, text).items() if d.cue} == {
        "Tomas Reyes": "supporter"
    }


def test_a_cue_in_another_nouns_relative_clause_places_no_name(pipeline: Pipeline) -> None:
    """ "X answered the society that has led the opposition": the society holds the cue, not
    X; a relative clause of the name itself, of its apposition or of its predicate does
    place it."""
    assert _described(pipeline, "Ana Brandt met the residents' group that opposes the levy.") == {}
    for text, cue in (
        ("The Harbour Trust, which has led the opposition, wrote to the council.", "opposition"),
        ("Mayor Ana Brandt, the councillor who backed the levy, spoke first.", "backed"),
        (
            "Councillor Ana Brandt was one of two members who voted against the levy.",
            "voted against",
        ),
    ):
        assert set(_described(pipeline, text).values()) == {cue}, text


def test_a_groups_adjective_before_a_name_is_part_of_that_name() -> None:
    """The tagger may label "Scottish" of "the Scottish Parliament" a group (NORP) on its
    own: a group's word followed by a capitalised word holds no position of its own; one
    followed by a plain noun ("Scottish voters") or a day ("Republicans Tuesday") may."""
    from stancemap.attribution.positions import _name_goes_on

    text = (
        "a vote in the Scottish Parliament, where Scottish voters and Republican Senator X; "
        "Republicans Tuesday blocked it"
    )
    ends = [m + len(w) for w in ("Scottish", "Republicans") for m in _starts(text, w)]
    assert [_name_goes_on(text, e) for e in ends] == [True, False, False]
    republican = text.index("Republican ") + len("Republican")
    assert _name_goes_on(text, republican)  # "Republican Senator X": X holds


def _starts(text: str, word: str) -> list[int]:
    return [i for i in range(len(text)) if text.startswith(word, i)]


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
    assert cue_polarity("is promoting", "is promoting the levy", levy) == 1  # going on
    assert cue_polarity("was backed", "was backed by the mayor", levy) == 0  # a passive
    assert cue_polarity("promoting", "promoting the levy", levy) == 1
    assert cue_polarity("sponsored", "sponsored the bill", levy) == 1
    assert cue_polarity("promised to fight", "the levy in court", levy) == 0
    assert cue_polarity("fight", "the levy in court", levy) == -1
    assert cue_polarity("spoke against", "spoke against the motion", levy) == -1


def test_a_statements_own_verb_leans_the_reading_its_way() -> None:
    """A plain "said" takes no side, but "(said) she backs the levy because ..." does, and
    so do "(said) it would do lasting harm", "I once supported it, but ..." and "the lawsuit
    spiteful": the stance stage leans the model's reading toward the statement's own verb, the
    side of the effect it gives the measure, the side turned from one once taken, or the
    other side from what it says of an act against the measure. The model here leans the
    other way a little, so each rule must outweigh it."""
    from stancemap.core import Analysis, Question
    from stancemap.stance.model import StanceScores, StatementScores
    from stancemap.stance.stage import StanceStage

    question = Question.parse("Should the harbour levy be introduced?")

    class LeaningModel:
        def __init__(self, toward: str) -> None:
            other = "oppose" if toward == "support" else "support"
            self.probs = {toward: 0.4, other: 0.25, "neutral": 0.05, "unrelated": 0.3}

        def predict_statements(self, pairs: list[object]) -> list[StatementScores]:
            return [StatementScores(StanceScores(dict(self.probs)), ()) for _ in pairs]

    def stance_of(content: str, expected: str) -> str | None:
        text, d = _said(content)
        model = LeaningModel("oppose" if expected == "support" else "support")
        StanceStage(question, model=model)(Analysis(Document(text), drafts=[d]))  # type: ignore[arg-type]
        return d.stance.label.value if d.stance else None

    for content, side in (
        ("she backs the levy because the harbour needs repairs", "support"),
        ("she firmly opposes the levy, which hits small boats", "oppose"),
        ("she backs the levy for the repairs it pays for", "support"),
        # what the measure would do
        ("it would do terrible harm to the harbour", "oppose"),
        ("the levy will help fishers and save the old quay", "support"),
        # a side once taken, no longer
        ("I once supported it, but the costs turned me", "oppose"),
        # what is said of an act against the measure, turned round
        ("the council's lawsuit spiteful and shameful", "support"),
    ):
        assert stance_of(content, side) == side, content


def _said(content: str) -> tuple[str, Draft]:
    """'Ana Brandt said <content>.' and its statement."""
    text = f"Ana Brandt said {content}."
    at = text.index(content)
    return text, Draft(
        content=Span(at, at + len(content), content),
        kind=StatementKind.REPORTED_SPEECH,
        speaker=Span(0, 10, "Ana Brandt"),
        cue=Span(11, 15, "said"),
    )


def _levy_side(content: str, cue: str) -> int:
    """:func:`measure_side` of Ana Brandt's statement ``content`` (cue ``cue``) toward a
    question on a harbour levy."""
    from stancemap.core import Question, Span
    from stancemap.core.state import Draft
    from stancemap.stance.stage import measure_side

    d = Draft(
        content=Span(20, 20 + len(content), content),
        kind=StatementKind.REPORTED_SPEECH,
        speaker=Span(0, 10, "Ana Brandt"),
        cue=Span(11, 11 + len(cue), cue),
    )
    return measure_side(d, Question.parse("Should the harbour levy be introduced?"))


def test_a_vote_cast_is_the_votes_side() -> None:
    """ "cast a 'no' vote": a vote and nothing else, too few words for the model."""

    def side(content: str) -> int:
        return _levy_side(content, "cast")

    assert side("the lone “no” vote") == -1
    assert side("the deciding 'yes' vote") == 1
    assert side("a no vote") == -1
    assert side("her vote") == 0
    assert side("no vote on the budget") == 0


def test_restarting_or_approving_a_measure_supports_it_repealing_or_vetoing_opposes_it() -> None:
    from stancemap.core import Question
    from stancemap.stance.cues import cue_polarity, inner_polarity

    levy = Question.parse("Should the harbour levy be introduced?")
    assert cue_polarity("approved", "approved the levy", levy) == 1
    assert cue_polarity("adopted", "adopted the plan", levy) == 1
    assert cue_polarity("vetoed", "vetoed the bill", levy) == -1
    assert cue_polarity("repealed", "repealed the levy", levy) == -1
    assert cue_polarity("scrapped", "scrapped the plan", levy) == -1
    assert inner_polarity("to revive the scheme", levy) == 1
    assert inner_polarity("to halt the levy", levy) == -1
    abolish = Question.parse("Should the death penalty be abolished?")
    assert cue_polarity("repealed", "repealed the death penalty", abolish) == 1


def test_a_warning_about_the_measure_opposes_it_unless_it_warns_of_its_absence() -> None:
    from stancemap.core import Question
    from stancemap.stance.cues import cue_polarity

    levy = Question.parse("Should the harbour levy be introduced?")
    assert cue_polarity("warned", "the levy would drive boats away", levy) == -1
    assert cue_polarity("warned", "that without the levy the quay would collapse", levy) == 1
    assert cue_polarity("warned", "that delaying the levy would cost millions", levy) == 1
    assert cue_polarity("warned", "that failing to pass the levy would hurt", levy) == 1


def test_a_speaker_who_says_they_take_no_side_yet_reads_neutral() -> None:
    from stancemap.core import Analysis, Question
    from stancemap.lang.en.stance import UNDECIDED
    from stancemap.stance.model import StanceScores, StatementScores
    from stancemap.stance.stage import StanceStage

    question = Question.parse("Should the harbour levy be introduced?")
    leaning = {"support": 0.3, "oppose": 0.45, "neutral": 0.02, "unrelated": 0.23}

    class LeaningModel:
        def predict_statements(self, pairs: list[object]) -> list[StatementScores]:
            return [StatementScores(StanceScores(dict(leaning)), ()) for _ in pairs]

    def stance_of(content: str) -> str | None:
        text, d = _said(content)
        StanceStage(question, model=LeaningModel())(Analysis(Document(text), drafts=[d]))  # type: ignore[arg-type]
        return d.stance.label.value if d.stance else None

    assert stance_of("she was open to more discussion of the levy") == "neutral"
    assert stance_of("the council has not yet decided on the levy") == "neutral"
    assert stance_of("the levy was not on the agenda and she declined to comment") == ("neutral")
    assert stance_of("the levy is a bad idea") == "oppose"
    # a side taken by rule stands: the undecided words are not read then
    assert stance_of("she firmly opposes the levy and declined to comment") == "oppose"
    assert not UNDECIDED.search("she has nothing good to say about the levy")
    # a view or a recommendation withheld
    assert stance_of("he would not be sharing a personal view on the levy yet") == "neutral"
    assert stance_of("the board decided not to make a recommendation on the levy") == "neutral"
    assert stance_of("she declined to give an opinion on the levy") == "neutral"
    assert not UNDECIDED.search("the union did not give up its fight against the levy")
    assert not UNDECIDED.search("she did not share his view that the levy would help")
    assert not UNDECIDED.search("the party will not give a recommendation to vote for the levy")
    # deferring the question to someone else takes no side either
    assert stance_of("it was not his role to take a view on the levy itself") == "neutral"
    assert stance_of("the decision on the levy belonged to the harbour board alone") == "neutral"
    assert stance_of("it was up to the harbour board to decide on the levy") == "neutral"
    assert stance_of("it is up to us to fight this levy") == "oppose"


def test_who_turns_on_the_measures_critics_is_no_critic(pipeline: Pipeline) -> None:
    """ "X turned on the plan's critics": the cue is the attack, not the camp noun in its
    object (which placed X among the critics)."""
    text = "Bart Ode, who leads the Civic Party, turned on the plan's critics on Monday."
    drafts = _described_drafts(pipeline, text)
    assert drafts["Bart Ode"].cue is not None
    assert drafts["Bart Ode"].cue.text == "turned on"
    # "turned on" that is "depended on", or an attack on a name, places no one by itself
    for text in (
        "The vote turned on Councillor Priya Shah's amendment to the levy.",
        "Councillor Tom Hale took aim at Greenpeace over its leaflets about the levy.",
    ):
        assert not _described_drafts(pipeline, text), text


def test_a_position_cue_in_a_question_put_to_a_speaker_is_no_position() -> None:
    """ "Asked whether the ministry backed the levy, a spokeswoman, X, said ...": "backed"
    is what she was asked; what she said is her statement (the parse takes her for an
    apposition of "the levy", so her verb has no subject of its own)."""
    from stancemap.attribution.positions import PositionStage

    pipeline = Pipeline.default()
    text = (
        "Asked whether the ministry backed the harbour levy, a spokeswoman, Ana Brandt, said "
        "the ministry did not comment on harbour charges."
    )
    analysis = pipeline.analyse(Document(text, id="t"))
    PositionStage()(analysis)
    by = {(d.actor, d.kind) for d in analysis.drafts}
    assert by == {("Ana Brandt", StatementKind.REPORTED_SPEECH)}, by
    # only a sentence that opens with the question: a cue after it places as usual
    later = "Reporters asked whether talks had stalled as Greenpeace campaigned for the levy."
    assert "Greenpeace" in _described_drafts(pipeline, later)


def test_a_statement_that_is_only_its_own_verb_on_the_measure_takes_its_side() -> None:
    """ "(said) she will sign it", "(said) they oppose the bill": the verb and a reference to
    the measure, too few words for the model; "she'd sign it" (a modal) is read as usual."""

    def side(content: str) -> int:
        return _levy_side(content, "said")

    assert side("she’ll back it") == 1
    assert side("they oppose the bill") == -1
    assert side("she'd sign it") == 0
    assert side("she will sign it if the harbour board agrees") == 0  # more than a reference


def test_an_act_on_something_else_takes_no_side() -> None:
    """ "approved a new coin", "renewed its demand for higher wages": acts that take a side
    only on the measure; and a call to keep something going opposes pausing it."""
    from stancemap.core import Question
    from stancemap.stance.cues import cue_polarity

    levy = Question.parse("Should the harbour levy be introduced?")
    assert cue_polarity("approved", "approved a commemorative coin for the fair", levy) == 0
    assert cue_polarity("renewed", "renewed its demand for higher wages", levy) == 0
    assert cue_polarity("approved", "approved the harbour levy", levy) == 1
    assert cue_polarity("vetoed", "vetoed it", levy) == -1
    pause = Question.parse("Should the port pause new terminal contracts?")
    assert cue_polarity("urging", "urging ministers to keep terminal contracts coming", pause) == -1


def test_a_persons_name_labelled_an_organisation_holds_as_a_person() -> None:
    """The parser labels some people's names organisations ("Nadia El Idrissi"): one that
    opens with a first name and holds no organisation word is read as a person's (so an
    organisation in their apposition is their employer); organisations stay organisations."""
    from stancemap.attribution.positions import holder_label

    assert holder_label("Nadia El Idrissi", "ORG") == "PERSON"
    assert holder_label("Damon de Laszlo", "ORG") == "PERSON"
    for name in ("Virginia House of Delegates", "Salvation Army", "Harbourton University"):
        assert holder_label(name, "ORG") == "ORG"
    assert holder_label("Nadia", "ORG") == "ORG"  # one word: no telling
    assert holder_label("Democrats", "NORP") == "NORP"


def test_a_speakers_mention_names_the_one_its_head_word_names(pipeline: Pipeline) -> None:
    """A mention that names two ("Former Brennan economic official Adam Kessler",
    "Harbourton Chemicals, the operators of the Carrick refinery") is the speaker its head
    word names, not the first person or organisation in it."""
    for text, speaker in (
        (
            'Former top Brennan economic official Adam Kessler tweeted on Wednesday, "Pouring '
            'gasoline on the fire is reckless."',
            "Adam Kessler",
        ),
        (
            "But Harbourton Chemicals, the operators of the vast Carrick refinery, said the "
            "decision “beggars belief”.",
            "Harbourton Chemicals",
        ),
    ):
        analysis = pipeline.analyse(Document(text, id="t"))
        assert [d.actor for d in analysis.drafts] == [speaker], text


def test_an_organisation_in_a_persons_title_holds_nothing(pipeline: Pipeline) -> None:
    """ "Greenfield Taverns founder and chairman Owen Hartley", "Facebook spokesman X": the
    organisation opens the person's title and holds no position of its own; one coordinated
    with the person ("the Greens and party leader X") does. "Put their names to" a letter
    is signing it."""
    text = (
        "The letter was backed by Greenfield Taverns founder and chairman Owen Hartley. "
        "Maria Okafor put her name to the letter, along with the Harbour Rovers and club "
        "captain Tomas Reyes."
    )
    found = _described(pipeline, text)
    assert "Greenfield Taverns" not in found and found["Owen Hartley"] == "backed"
    assert found["Maria Okafor"] == "put her name to"
    assert found["the Harbour Rovers"] == found["Tomas Reyes"] == "put her name to"


def test_a_camp_places_the_subject_and_takes_its_side(pipeline: Pipeline) -> None:
    """ "for the Stay campaign", "On the Leave side, X": the clause's subject is in that camp
    (not a body named elsewhere in the sentence), and the camp's word says the side toward
    the question: its act for, the act's opposite against, "Yes" for and "No" against."""
    from stancemap.stance.cues import cue_polarity

    text = (
        "Minister Ingrid Solberg will tour the valleys for the Stay campaign with a speech "
        "on trade.\n\n"
        "The leaflet came from the Leave camp and answered warnings from the Nordic "
        "Farmers Bank that prices would rise."
    )
    assert {n: d.cue.text for n, d in _described_drafts(pipeline, text).items() if d.cue} == {
        "Ingrid Solberg": "the Stay campaign"
    }
    question = "Should Norland leave the customs union?"
    assert cue_polarity("the Stay campaign", "", question) == -1
    assert cue_polarity("the Leave side", "", question) == 1
    assert cue_polarity("the Yes campaign", "", question) == 1
    assert cue_polarity("the No camp", "", question) == -1
    assert cue_polarity("the Out campaign", "", "Should the city build a tram?") == 0


def test_approval_being_against_and_ruling_out_are_positions(pipeline: Pipeline) -> None:
    text = (
        "The Westmoor Town Council gave formal approval to a tax on plastic bags.\n\n"
        "Doctors such as Lena Varga are strongly against the bag tax."
    )
    drafts = _described_drafts(pipeline, text)
    cues = {n: d.cue.text for n, d in drafts.items() if d.cue}
    assert cues["The Westmoor Town Council"] == "gave formal approval to"
    assert cues["Lena Varga"] == "are strongly against"
    from stancemap.stance.cues import cue_polarity

    question = "Should Westmoor introduce a plastic bag tax?"
    tax = "a tax on plastic bags"
    assert cue_polarity("gave formal approval to", tax, question) == 1
    assert cue_polarity("are strongly against", "the bag tax", question) == -1
    assert cue_polarity("has ruled out", "a bag tax this year", question) == -1


def test_protest_and_other_acts_of_opposition_or_support_are_positions(
    pipeline: Pipeline,
) -> None:
    """Marches, petitions and signatures against a measure, advice against it, objections
    and pushback are opposition; rallying behind it and a blessing are support. A place
    after "through" or "in" is where, not who; concerns about something else take no side."""
    text = (
        "The Council of State advised against the tram line in its written opinion.\n\n"
        "The Riverside Residents Association collected 20,000 signatures against the tram "
        "line.\n\n"
        "The Cyclists Alliance marched through Oldmarket against the tram line on Sunday.\n\n"
        "The Port Authority objected to the tram line.\n\n"
        "The Student Union rallied behind the tram line."
    )
    cues = _described(pipeline, text)
    assert cues["The Council of State"] == "advised against"
    assert cues["The Riverside Residents Association"].endswith("signatures against")
    assert cues["The Cyclists Alliance"] == "marched through Oldmarket against"
    assert "Oldmarket" not in cues
    assert cues["The Port Authority"] == "objected to"
    assert cues["The Student Union"] == "rallied behind"
    from stancemap.stance.cues import cue_polarity

    # no protest: a petition received, a study that demonstrated something
    quiet = (
        "The Harbour Council received a petition against the tram line.\n\n"
        "A study by the Transport Institute demonstrated that the case against the tram "
        "line was weak."
    )
    assert _described(pipeline, quiet) == {}
    which = "Opposition is strongest in the Green Party, which objected to the tram line."
    assert "the Green Party" in _described(pipeline, which)
    tram = "Should the city build the new tram line?"
    assert cue_polarity("petitioned", "the mayor to cancel the tram line", tram) == -1
    assert cue_polarity("rallied to", "defeat the tram line", tram) == -1
    # rejecting claims about the measure is no act against it
    assert cue_polarity("urged", "voters to reject claims that the tram line costs", tram) == 1
    for cue, side in cues.items():
        assert cue_polarity(side, "the tram line", tram) == (
            1 if cue == "The Student Union" else -1
        ), cue
    assert cue_polarity("gave its blessing to", "the tram line", tram) == 1
    assert cue_polarity("raised concerns about", "the tram line", tram) == -1
    assert cue_polarity("raised concerns about", "delays to bus repairs", tram) == 0


def test_asking_someone_to_act_takes_the_side_of_the_act(pipeline: Pipeline) -> None:
    """ "lobbied councillors to approve it", "petitioned the mayor to halt it", "called on
    the council to shelve it": like "urged", the side of the act asked for; "petition" and
    "lobby" as nouns hold nothing."""
    from stancemap.stance.cues import cue_polarity

    tram = "Should the city build the new tram line?"
    assert cue_polarity("lobbied", "councillors hard to approve the tram line", tram) == 1
    assert cue_polarity("petitioned", "the mayor to halt the tram line", tram) == -1
    assert cue_polarity("called on", "the council to shelve the tram line", tram) == -1
    assert cue_polarity("appealed to", "voters to reject the tram line", tram) == -1
    assert cue_polarity("called on", "the government to freeze the tram line", tram) == -1
    text = "The petition drive began after the Harbour Council deadlocked on the tram line."
    assert "the Harbour Council" not in _described(pipeline, text)


def test_he_or_she_opening_a_position_is_the_person_named_before(pipeline: Pipeline) -> None:
    """ "She has ruled out a bag tax": the person the pronoun stands for, resolved as a
    speaker's "she" is (the speakers stage's answer, not a second resolver): the last
    person named before whose first name fits; not a "he" for a woman."""
    text = (
        "Finance chief Ingrid Solberg will present the budget in March.\n\n"
        "She has already ruled out a tax on plastic bags.\n\n"
        "Harbour master Anna Lind spoke next.\n\n"
        "He voted against the bag tax."
    )
    drafts = _described_drafts(pipeline, text)
    assert {n: (d.actor, d.cue.text if d.cue else None) for n, d in drafts.items()} == {
        "She": ("Ingrid Solberg", "ruled out")
    }


def test_a_name_after_by_or_from_holds_that_cue_and_a_surname_is_its_person(
    pipeline: Pipeline,
) -> None:
    """ "X backed the levy despite opposition from Y": Y holds "opposition", not the
    sentence's first cue; a surname alone places the one person known by it; passing a bill
    is for it."""
    from stancemap.stance.cues import cue_polarity

    text = (
        "Ana Brandt, a councillor, spoke first.\n\n"
        "Most traders backed the levy despite fierce opposition from Mayor Colin Hartley.\n\n"
        "The final motion was backed by Brandt and two other members."
    )
    drafts = _described_drafts(pipeline, text)
    assert {n: (d.actor, d.cue.text if d.cue else None) for n, d in drafts.items()} == {
        "Colin Hartley": ("Colin Hartley", "opposition"),
        "Brandt": ("Ana Brandt", "backed"),
    }
    question = "Should the harbour levy be introduced?"
    assert cue_polarity("has passed", "a bill to introduce the harbour levy", question) == 1
    assert cue_polarity("passed", "the salt test", question) == 0  # an act on something else


def test_weight_behind_and_a_moratorium_take_their_sides() -> None:
    from stancemap.stance.cues import cue_polarity

    sale = "Should Wendelsau sell its stake in the utility?"
    assert cue_polarity("has thrown her weight behind", "selling its stake", sale) == 1
    fracking = "Should Norland allow fracking?"
    assert cue_polarity("called for", "a moratorium on fracking in the north", fracking) == -1


def test_an_office_and_what_a_noun_cue_is_about_hold_no_position(pipeline: Pipeline) -> None:
    """ "Transport Secretary X" names an office, not the organisation "Transport"; in
    "opposition to a bigger Westmoor Airport" and "backers of Vote Norland" the name is what the
    cue is about, not who holds it."""
    text = (
        "The plan was opposed by Transport Secretary Heidi Moreau.\n\n"
        "Residents repeated their opposition to a bigger Westmoor Airport.\n\n"
        "Dozens of farmers signed up as backers of Vote Norland."
    )
    drafts = _described_drafts(pipeline, text)
    assert set(drafts) == {"Heidi Moreau"}, sorted(drafts)


def test_an_organisation_and_its_campaign_are_one_actor(pipeline: Pipeline) -> None:
    from stancemap.attribution.speakers import name_key

    assert name_key("the Vote Norland campaign") == name_key("Vote Norland")
    assert name_key("Campaign") == ("campaign",)  # a name of one word keeps it


def test_review_cases_where_the_readings_must_not_fire(pipeline: Pipeline) -> None:
    """A camp places its own clause's subject only (not a subject elsewhere, none inside a
    relative clause); "he" after "X criticised Y" is X; being against a name is no
    position of that name; "opposition of X" is X's own; a moratorium the question asks
    for is no act against it."""
    from stancemap.stance.cues import cue_polarity

    def cues(text: str) -> dict[str, str]:
        return {n: d.cue.text for n, d in _described_drafts(pipeline, text).items() if d.cue}

    assert cues(
        "Ingrid Solberg toured Dover for the Stay campaign while Oskar Brandt said Lena Varga "
        "had failed."
    ) == {"Ingrid Solberg": "the Stay campaign"}
    assert "Colin Hartley" not in cues(
        "Colin Hartley, who once flirted with the Stay campaign, now leads the Leave camp, "
        "Anna Lind said."
    )
    drafts = _described_drafts(
        pipeline, "Oskar Brandt criticised Colin Hartley on Monday.\n\nHe has ruled out a bag tax."
    )
    assert drafts["He"].actor == "Oskar Brandt"
    assert cues("The odds are heavily against Senator Colin Hartley.") == {}
    assert cues("The bag tax faces the opposition of the Harbour Traders Union.") == {
        "the Harbour Traders Union": "opposition"
    }
    asked = "Should Norland impose a moratorium on fracking?"
    assert cue_polarity("backed", "a moratorium on fracking", asked) == 1
    assert (
        cue_polarity("called for", "a moratorium on fracking", "Should Norland allow fracking?")
        == -1
    )


def test_a_tabled_motion_and_the_backing_of_an_organisation_are_positions(
    pipeline: Pipeline,
) -> None:
    """ "X has tabled a motion asking ...": X holds a position (read from what the motion
    asks, when that names the measure: to drop it is against it, to keep it is against a
    question that asks to stop it); "the proposal has the backing of Y, which handed ...":
    Y holds "backing" even though it speaks in the sentence; a call to withdraw the plan
    is against it."""
    from stancemap.stance.cues import cue_polarity

    text = (
        "Councillor Ana Brandt of the Harbour group has tabled a motion asking the city to "
        "drop the levy.\n\n"
        "The levy has the backing of the Westmoor Traders Union, which handed the council a "
        "petition with 900 signatures."
    )
    cues = {n: d.cue.text for n, d in _described_drafts(pipeline, text).items() if d.cue}
    assert cues["Councillor Ana Brandt"] == "tabled a motion"
    assert cues["the Westmoor Traders Union"] == "backing"
    question = "Should the harbour levy be introduced?"
    assert cue_polarity("called for", "withdrawing the plan at once", question) == -1
    assert cue_polarity("voted for", "scrapping the levy", question) == -1
    # a motion takes the side of what it asks for, when that names the measure
    from stancemap.core import Question

    levy = Question.parse(question)
    assert cue_polarity("has tabled a motion", text.split("\n")[0], levy) == -1
    assert cue_polarity("tabled a motion", "tabled a motion to introduce the levy", levy) == 1
    assert cue_polarity("tabled a motion", "tabled a motion on the bus timetable", levy) == 0
    stop = Question.parse("Should the city stop printing its notices in the Gazette?")
    assert cue_polarity("filed a bill", "filed a bill to keep the notices in print", stop) == -1
    sell = Question.parse("Should Westmoor sell the harbour park to a developer?")
    assert cue_polarity("tabled a motion", "a motion to keep the park in public hands", sell) == -1


def test_abstaining_or_voting_present_is_a_neutral_position(pipeline: Pipeline) -> None:
    """ "with one member, Senator X, voting present", "Y abstained": each is placed by the
    verb after their name (not the sentence's first cue) and reads neutral, while who voted
    for the bill in the same sentence keeps that side."""
    from stancemap.core import Analysis, Question
    from stancemap.stance.model import StanceScores, StatementScores
    from stancemap.stance.stage import StanceStage

    text = (
        "The ferry bill passed 31-6, with one member, Senator Ines Carvalho, voting present.\n\n"
        "Senator Milo Brandt voted for the ferry bill while Senator Paul Dremel abstained."
    )
    drafts = _described_drafts(pipeline, text)
    assert drafts["Ines Carvalho"].cue.text == "voting present"  # type: ignore[union-attr]

    leaning = {"support": 0.4, "oppose": 0.35, "neutral": 0.02, "unrelated": 0.23}

    class LeaningModel:
        def predict_statements(self, pairs: list[object]) -> list[StatementScores]:
            return [StatementScores(StanceScores(dict(leaning)), ()) for _ in pairs]

    question = Question.parse("Should the state fund the ferry bill?")
    # a party's members between its name and the verb: "Labour councillors abstained"
    group = "Councillor Lev Orman voted against the ferry bill; Labour councillors abstained."
    assert _described_drafts(pipeline, group)["Labour"].cue.text == "abstained"  # type: ignore[union-attr]
    # Brandt's words are his own statement; Dremel holds the verb after his name
    assert drafts["Paul Dremel"].cue.text == "abstained"  # type: ignore[union-attr]
    brandt = next(d for d in pipeline.analyse(Document(text)).drafts if d.actor == "Milo Brandt")
    found = [drafts["Ines Carvalho"], brandt, drafts["Paul Dremel"]]
    StanceStage(question, model=LeaningModel())(Analysis(Document(text), drafts=found))  # type: ignore[arg-type]
    sides = [d.stance.label.value if d.stance else None for d in found]
    assert sides == ["neutral", "support", "neutral"]


def test_a_call_for_a_vote_or_an_inquiry_on_the_measure_takes_no_side() -> None:
    """ "called for a referendum on the tram" is no side on the tram (opponents ask for
    votes and inquiries as often as supporters); toward a question that asks for the
    referendum itself, it is support."""
    from stancemap.core import Question
    from stancemap.stance.cues import cue_polarity

    tram = Question.parse("Should Harbourton build the tram?")
    assert cue_polarity("called for", "a referendum on the tram", tram) == 0
    assert cue_polarity("urged", "a full public inquiry into the tram plan", tram) == 0
    assert cue_polarity("called for", "the tram to be built", tram) == 1
    assert cue_polarity("rejected", "calls for a referendum on the tram", tram) == 0
    assert cue_polarity("called for", "a referendum before any tram is built", tram) == 0
    vote = Question.parse("Should Harbourton hold a referendum on the tram?")
    assert cue_polarity("called for", "a referendum on the tram", vote) == 1
    assert cue_polarity("called for", "a vote on the tram", vote) == 1


def test_a_camp_of_what_the_question_undoes_is_the_other_side() -> None:
    """Toward a question that lifts a ban, scraps a scheme or leaves a court, the
    defenders of the ban, the scheme, the court are its opponents: an attack on them
    supports it. A camp named by a cue that calls it something is attacked by that cue."""
    from stancemap.core import Question
    from stancemap.stance.cues import camp_polarity, cue_polarity

    lift = Question.parse("Should Poland lift its ban on Sunday trading?")
    assert camp_polarity("the ban's defenders were “moralists who shop online”", lift) == 1
    assert camp_polarity("the bill's sponsors were “politicians who love malls”", lift) == -1
    assert camp_polarity('those defending the ban were "officials who fear change"', lift) == 1
    called = 'those campaigning to lift the ban "armchair liberals"'
    assert camp_polarity(called, lift, "called") == -1
    assert camp_polarity(called, lift) == 0  # no description and no name-calling cue
    scrap = Question.parse("Should Greece scrap its golden visa scheme?")
    assert camp_polarity("the scheme's defenders were “a property lobby”", scrap) == 1
    assert camp_polarity("critics of the scrapping were “a property lobby”", scrap) == 1
    repeal = Question.parse("Should Bangladesh repeal its cyber security law?")
    assert camp_polarity("the law's defenders “politicians who fear a joke”", repeal, "called") == 1
    close = Question.parse("Should Senegal close the French military bases on its soil?")
    assert camp_polarity("critics of the closure were “a Francophile elite”", close) == 1
    assert camp_polarity("defenders of the bases were “a Francophile elite”", close) == 1
    assert camp_polarity("the closure's critics are right about the cost", close) == 0
    tram = Question.parse("Should the city build the tram?")
    assert camp_polarity("the tram's sponsors are a credit to this council", tram) == 0
    lifted = Question.parse("Should Uganda lift its ban on Facebook?")
    critics = "Critics of the Facebook ban are nothing but paid agents of foreign firms"
    assert camp_polarity(critics, lifted) == -1
    # answered: the camp turned round in the same way
    from stancemap.stance.cues import answer_polarity

    said = "Defenders of the ban say it protects families, but Nowak said shops should choose."
    assert answer_polarity(said, said.index("Nowak"), lift) == 1
    assert answer_polarity(said, said.index("Nowak")) == -1
    # accused: the camp turned round in the same way
    ban = Question.parse("Should Mexico ban staffing agencies?")
    got = cue_polarity("accused", "the agencies' defenders of “protecting cheats”", ban)
    assert got == 1
    assert cue_polarity("accused", "the ban's defenders of “protecting cheats”", ban) == -1


def test_what_a_speaker_says_is_nothing_to_fear_they_support() -> None:
    """ "not worried about the cap", "did not fear foreign banks", "nothing to fear from
    the footage": support of what follows, read toward the question as a supporting cue's
    object (not fearing motorbikes opposes a ban on them); worry itself is no such cue."""
    from stancemap.core import Question
    from stancemap.stance.cues import unworried_polarity

    levy = Question.parse("Should Seville charge a levy on holiday lets?")
    said = "he was not worried about the levy because he never raised"
    assert unworried_polarity(said, levy) == 1
    assert unworried_polarity("honest landlords have nothing to fear from the levy", levy) == 1
    assert unworried_polarity("she would not vote against the levy", levy) == 1
    assert unworried_polarity("he was worried about the levy", levy) == 0
    assert unworried_polarity("the levy was not the problem", levy) == 0
    # what is said not to be feared must be the measure, and only in its own clause
    fear = "landlords had nothing to fear from tenants, but everything to fear from the levy"
    assert unworried_polarity(fear, levy) == 0
    ban = Question.parse("Should the city ban petrol motorbikes?")
    assert unworried_polarity("she was not afraid of motorbikes on the pavements", ban) == -1
    assert unworried_polarity("she saw nothing wrong with the ban", ban) == 1


def test_describing_the_other_camps_people_takes_the_side_against_them() -> None:
    """ "its loudest critics are 'friends of the ferry operators'": an attack on the
    measure's critics supports it; on its backers, opposes it; granting the critics a
    point, a report of what a camp is, does or feels is no side of its own."""
    from stancemap.core import Analysis, Question
    from stancemap.stance.cues import camp_polarity
    from stancemap.stance.model import StanceScores, StatementScores
    from stancemap.stance.stage import StanceStage

    assert camp_polarity("the levy's loudest critics are “friends of the ferry operators”") == 1
    assert camp_polarity("many opponents were “speaking for the big landlords”") == 1
    assert camp_polarity("the opposition is nothing but the car dealers' lobby") == 1
    assert camp_polarity("its backers are a club of the permanently outraged") == -1
    assert camp_polarity("critics are right that the levy costs money") == 0
    assert camp_polarity("supporters were worried about the timing") == 0
    assert camp_polarity("Critics say the levy will fail") == 0
    for report in (
        "Critics were out in force at the hearing",
        "Opponents were outnumbered two to one",
        "The opposition was led by Senator Ruth Callan",
        "Supporters are holding a rally on Saturday",
        "Supporters were jubilant",
        "The levy's backers were mostly fishermen from the north",
        "Critics were a minority at the hearing",
    ):
        assert camp_polarity(report) == 0, report

    leaning = {"support": 0.3, "oppose": 0.45, "neutral": 0.02, "unrelated": 0.23}

    class LeaningModel:
        def predict_statements(self, pairs: list[object]) -> list[StatementScores]:
            return [StatementScores(StanceScores(dict(leaning)), ()) for _ in pairs]

    text, d = _said("the levy's loudest critics are “friends of the ferry operators”")
    question = Question.parse("Should the harbour levy be introduced?")
    StanceStage(question, model=LeaningModel())(Analysis(Document(text), drafts=[d]))  # type: ignore[arg-type]
    assert d.stance is not None and d.stance.label.value == "support"
