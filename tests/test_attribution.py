"""Attribution behaviour on text written for these tests (every pattern the issue names)."""

from __future__ import annotations

from stancemap import Pipeline, StatementKind
from stancemap.core.records import Extraction, Statement


def by_speaker(result: Extraction, name: str) -> list[Statement]:
    return [s for s in result.statements if s.actor == name]


def one(result: Extraction, needle: str) -> Statement:
    hits = [s for s in result.statements if needle in s.content.text]
    assert len(hits) == 1, [s.content.text for s in result.statements]
    return hits[0]


def test_offsets_always_point_into_the_text(pipeline: Pipeline, example_text: str) -> None:
    result = pipeline(example_text)
    assert len(result.statements) >= 10
    for s in result.statements:
        for span in (s.content, s.speaker, s.cue):
            if span is not None and span.end > span.start:
                assert example_text[span.start : span.end] == span.text


def test_labelled_roundup_blocks(pipeline: Pipeline, example_text: str) -> None:
    result = pipeline(example_text)
    okafor = one(result, "Our streets were built for people")
    assert okafor.kind is StatementKind.LABELLED_BLOCK
    assert okafor.actor == "Maria Okafor"
    assert okafor.role == "chair of the Old Town Residents' Association"
    assert okafor.fields["argument"].text == "Safety of residents"
    # The "If they cannot park" inside Hoffmann's entry is his, not a separate speaker's.
    hoffmann = one(result, "If they cannot park")
    assert hoffmann.actor == "Daniel Hoffmann"


def test_speaker_after_quote_with_apposition_role(pipeline: Pipeline, example_text: str) -> None:
    s = one(pipeline(example_text), "We have studied twelve cities")
    assert s.kind is StatementKind.DIRECT_QUOTE
    assert s.actor == "Tomas Reyes"
    assert s.role == "transport economist at Harbourton University"
    assert s.cue is not None and s.cue.text == "said"


def test_pronoun_resolves_to_the_person_named_before(pipeline: Pipeline, example_text: str) -> None:
    s = one(pipeline(example_text), "park-and-ride sites")
    assert s.speaker is not None and s.speaker.text == "He"
    assert s.actor == "Tomas Reyes"
    assert s.kind is StatementKind.REPORTED_SPEECH


def test_role_noun_resolves_to_the_actor_with_that_role(
    pipeline: Pipeline, example_text: str
) -> None:
    result = pipeline(example_text)
    s = one(result, "emergency lanes stay open")
    assert s.speaker is not None and s.speaker.text == "The chief"
    assert s.actor == "Robert Klein"
    assert s.role == "fire chief"


def test_title_premodifier_is_the_role(pipeline: Pipeline, example_text: str) -> None:
    s = one(pipeline(example_text), "buses would run every ten minutes")
    assert s.actor == "Leila Brandt" and s.role == "Deputy Mayor"


def test_a_phrase_ending_in_a_preposition_is_not_a_role(pipeline: Pipeline) -> None:
    """ "a top concern about Donald Trump": the name is the preposition's object, the phrase
    before it is not his title (a real title still is: "Deputy Mayor Leila Brandt")."""
    text = (
        "The poll shows voters' top concern about Donald Trump is his temperament. "
        "Donald Trump said the poll was wrong. Deputy Mayor Leila Brandt said it was right."
    )
    result = pipeline(text)
    assert one(result, "the poll was wrong").role is None
    assert one(result, "it was right").role == "Deputy Mayor"
    # a dash closes the phrase before it: the role starts after it
    text = (
        "The plan was a rare sign of agreement among a club of 12 ministers -  Finance "
        "Minister Olga Petrenko was not asked - with many plans for the budget. Olga "
        "Petrenko said the plan had failed."
    )
    assert one(pipeline(text), "plan had failed").role == "Finance Minister"


def test_he_and_she_follow_what_the_text_calls_each_person(pipeline: Pipeline) -> None:
    """The last person named is Ruth Alvarez, but the text calls her "Ms.": "He" is Paul
    Dunne, "Mr." in the text; "She" is still Ms. Alvarez."""
    text = (
        "Paul Dunne met Ruth Alvarez in Harbourton on Monday. Mr. Dunne spoke first and "
        "Ms. Alvarez spoke later. Dunne then met Alvarez again. He said the tram would "
        "create jobs. She said the tram was too expensive."
    )
    result = pipeline(text)
    assert one(result, "create jobs").actor == "Paul Dunne"
    assert one(result, "too expensive").actor == "Ruth Alvarez"


def test_he_and_she_follow_a_first_name(pipeline: Pipeline) -> None:
    """No honorific here: "Karen" and "Thomas" say which pronoun fits. A bare surname says
    nothing, so "she" may still be a "Clinton" named alone."""
    text = (
        "Karen Whitfield debated Thomas Okoro in Harbourton on Monday. Okoro spoke last. "
        '"The tram is a waste of money," she said. "It will create jobs," he said.'
    )
    result = pipeline(text)
    assert one(result, "waste of money").actor == "Karen Whitfield"
    assert one(result, "create jobs").actor == "Thomas Okoro"
    alone = pipeline('Clinton spoke in Harbourton on Monday. "We need the tram," she said.')
    assert one(alone, "need the tram").actor == "Clinton"


def test_a_word_before_the_first_name_is_not_part_of_the_name(pipeline: Pipeline) -> None:
    text = (
        "Opponents mock Billionaire Karen Whitfield at every rally. Karen Whitfield said the "
        "tram was a waste of money. Aung San Suu Kyi visited on Monday. Suu Kyi said the "
        "tram would create jobs."
    )
    result = pipeline(text)
    assert one(result, "waste of money").actor == "Karen Whitfield"
    assert one(result, "create jobs").actor == "Aung San Suu Kyi"  # not a word before a name
    assert {a.name for a in result.actors} >= {"Karen Whitfield", "Aung San Suu Kyi"}


def test_first_names_are_the_ones_given_to_one_sex() -> None:
    from stancemap.attribution.speakers import first_names

    names = first_names()
    assert len(names) > 5000
    assert (names["karen"], names["thomas"], names["hillary"]) == ("f", "m", "f")
    assert "jordan" not in names and "morgan" not in names  # given to both


def test_a_role_ends_before_a_relative_clause(pipeline: Pipeline) -> None:
    text = (
        '"The tram will never pay for itself," said Ruth Alvarez, a fellow at the Harbour '
        "Institute who ran the port authority, an agency whose budget was cut last year."
    )
    assert one(pipeline(text), "never pay").role == "fellow at the Harbour Institute"


def test_a_surname_is_the_person_known_by_it(pipeline: Pipeline) -> None:
    """After "Adam Schiff", a bare "Schiff" (whatever the tagger made of it, with or without
    his age) is the same person, so the map lists one speaker; an age is not a role."""
    text = (
        "Rep. Adam Schiff, the top Democrat on the House Intelligence Committee, spoke on "
        'Wednesday. "The hacking is troubling," Schiff told reporters. Schiff, 56, said the '
        'country must respond. "We will respond," said Quina Jones, 25.'
    )
    result = pipeline(text)
    for needle in ("hacking is troubling", "must respond"):
        s = one(result, needle)
        assert s.actor == "Adam Schiff", (needle, s.actor)
        assert s.role == "top Democrat on the House Intelligence Committee"
    jones = one(result, "We will respond")
    assert jones.actor == "Quina Jones" and jones.role is None
    # an acronym is the one organisation it abbreviates
    text = (
        "The Harbour Transport Authority approved the tram on Monday. "
        "The HTA said the first line would open in 2027."
    )
    assert one(pipeline(text), "first line").actor == "The Harbour Transport Authority"


def test_according_to(pipeline: Pipeline, example_text: str) -> None:
    s = one(pipeline(example_text), "four million euros")
    assert s.speaker is not None and s.speaker.text == "the regional chamber of commerce"
    assert s.content.text.startswith("the closure would cost")


def test_speaker_after_a_dash(pipeline: Pipeline, example_text: str) -> None:
    s = one(pipeline(example_text), "Nobody asked the people")
    assert s.actor == "Ana Silva" and s.role == "baker on Market Street"


def test_surname_with_title_joins_full_name(pipeline: Pipeline, example_text: str) -> None:
    s = one(pipeline(example_text), "This is not about cars")
    assert s.speaker is not None and s.speaker.text == "Ms. Okafor"
    assert s.actor == "Maria Okafor"


def test_two_reported_clauses_in_one_sentence(pipeline: Pipeline, example_text: str) -> None:
    result = pipeline(example_text)
    assert one(result, "safer and quieter").speaker.text == "Supporters"  # type: ignore[union-attr]
    assert one(result, "customers will stay away").speaker.text == "shop owners"  # type: ignore[union-attr]


def test_reported_speech_variants(pipeline: Pipeline) -> None:
    text = (
        "Senator Ruth Alvarez warned that the tariff would hurt farmers.\n\n"
        "The treasurer, Paul Dunne, argued the budget was balanced.\n\n"
        "Alvarez's view is that the bill is doomed.\n\n"
        "Paul Dunne insisted the numbers were right."
    )
    result = pipeline(text)
    assert one(result, "hurt farmers").actor == "Ruth Alvarez"
    assert one(result, "budget was balanced").actor == "Paul Dunne"
    doomed = one(result, "bill is doomed")
    assert doomed.actor == "Ruth Alvarez"
    assert doomed.speaker is not None and doomed.speaker.text == "Alvarez"
    assert one(result, "numbers were right").actor == "Paul Dunne"


def test_cues_set_inside_what_they_report(pipeline: Pipeline) -> None:
    """A cue between commas or after "as" reports the clause around it; a vote's
    infinitive is what was voted; a one-word quote that opens its sentence is the
    speaker's even with a long apposition before the verb; a pronoun after a subject's
    apposition is that person."""
    text = (
        "The levy, the finance ministry says, will raise four million a year.\n\n"
        "The hall stayed shut although, as councillor Irene Vasquez explained, the roof "
        "had been repaired in May.\n\n"
        "The Westmoor Town Council voted 9-2 on Monday to close the old bridge to lorries.\n\n"
        "“Reckless,” Mayor Colin Hartley, a former engineer who ran the harbour board "
        "for a decade, said by phone. “We warned them about the cracks twice.”\n\n"
        "Secretary of the ferry workers, the union's own Dagny Lindqvist, disagreed. "
        "“The bridge is safe for buses and bikes,” she said."
    )
    result = pipeline(text)
    levy = one(result, "will raise four million")
    assert levy.speaker is not None and levy.speaker.text == "the finance ministry"
    assert one(result, "roof had been repaired").actor == "Irene Vasquez"
    bridge = one(result, "to close the old bridge")
    assert bridge.speaker is not None and "Westmoor Town Council" in bridge.speaker.text
    reckless = one(result, "Reckless")
    assert reckless.actor == "Colin Hartley" and reckless.content.text == "Reckless"
    assert one(result, "We warned them").actor == "Colin Hartley"
    assert one(result, "safe for buses").actor == "Dagny Lindqvist"


def test_speaker_inside_a_quote_and_quote_across_sentences(pipeline: Pipeline) -> None:
    text = (
        "“The deal is dead,” said Farid Nasser, the union's spokesman. “We will strike. "
        "Nobody should doubt it,” he added."
    )
    result = pipeline(text)
    first = one(result, "The deal is dead")
    assert first.actor == "Farid Nasser" and first.role == "union's spokesman"
    second = one(result, "We will strike")
    assert "Nobody should doubt it" in second.content.text
    assert second.actor == "Farid Nasser"


def test_a_quote_that_ends_its_sentence_is_not_the_next_sentences(pipeline: Pipeline) -> None:
    """A quote closed by a full stop belongs to its own sentence's speaker, not to a cue
    that opens the next sentence ('... "too loud". Residents group X called for ...')."""
    text = (
        'Innkeeper Hilde Marsh backed the curfew, saying the square had become "too loud '
        'to sleep beside". Residents group Quiet Square called for the rule to start in May. '
        '"It is a fair rule," said Olaf Brun, a market trader.'
    )
    result = pipeline(text)
    held = [s for s in result.statements if "too loud to sleep beside" in s.content.text]
    assert len(held) == 1 and "Hilde Marsh" in (held[0].actor or ""), [
        (s.actor, s.content.text) for s in held
    ]
    assert one(result, "It is a fair rule").actor == "Olaf Brun"  # '"...," said X' still is


def test_speaker_on_a_line_of_its_own_before_a_quote(pipeline: Pipeline) -> None:
    text = (
        "Then the minister spoke.\n\nOlga Petrenko, energy minister:\n\n"
        '"Prices will fall next winter, and they will stay low."'
    )
    result = pipeline(text)
    s = one(result, "Prices will fall")
    assert s.actor == "Olga Petrenko"


def test_interview_transcript(pipeline: Pipeline) -> None:
    text = (
        "An interview with the novelist Ines Moreau.\n\n"
        "Q: Do you think the prize still matters?\n"
        "A: It matters less every year, and that is a good thing.\n"
        "Q: Why?\n"
        "A: Because readers now choose for themselves."
    )
    result = pipeline(text)
    answers = [s for s in result.statements if s.kind is StatementKind.TRANSCRIPT_LINE]
    assert len(answers) == 4
    assert one(result, "It matters less").actor == "Interviewee"
    assert one(result, "still matters").actor == "Interviewer"


def test_named_transcript(pipeline: Pipeline) -> None:
    text = (
        "HOLT: Will you accept the result?\n"
        "BRANDT: I will, if the count is fair.\n"
        "HOLT: And if it is not?"
    )
    result = pipeline(text)
    s = one(result, "if the count is fair")
    assert s.kind is StatementKind.TRANSCRIPT_LINE and s.speaker is not None
    assert s.speaker.text == "BRANDT"


def test_transcript_pasted_as_one_quotation(pipeline: Pipeline) -> None:
    """A transcript quoted whole opens each paragraph with a quote mark and closes only the
    last: each line is still its speaker's, without the marks, not the intro line's; a
    "sir" said to the guest is not the host's role."""
    text = (
        "The senator spoke to the host on Sunday. Partial transcript as follows:\n\n"
        '"HOLT: If I may, sir, will you accept the result of the count?\n\n'
        '"BRANDT: I will, if the count is fair and every ballot is counted.\n\n'
        '"HOLT: And if it is not fair, what will you do then?"'
    )
    result = pipeline(text)
    lines = [s for s in result.statements if s.kind is StatementKind.TRANSCRIPT_LINE]
    assert [s.actor for s in lines] == ["HOLT", "BRANDT", "HOLT"]
    fair = one(result, "if the count is fair")
    assert fair.content.text == "I will, if the count is fair and every ballot is counted."
    assert one(result, "what will you do then").content.text.endswith("then?")
    assert all(s.role is None for s in lines)
    assert all(s.actor != "Partial transcript as follows" for s in result.statements)


def test_text_without_statements(pipeline: Pipeline) -> None:
    result = pipeline("The bridge opened in 1932. It is 400 metres long and painted grey.")
    assert result.statements == ()


def test_a_line_longer_than_spacys_limit(pipeline: Pipeline) -> None:
    text = "Officials said the talks would resume. " + "data " * 250_000
    result = pipeline(text)
    assert [s.speaker.text for s in result.statements if s.speaker] == ["Officials"]


def test_described_positions_place_the_people_a_sentence_names(pipeline: Pipeline) -> None:
    """ "backed by X and Y", "signatories include X": each named holder gets the sentence as
    a described position; a person quoted in the same sentence keeps their own statement,
    and neither the organisation in a person's apposition (their employer) nor the person
    an active cue acts on ("rejected X's call") is a holder."""
    from stancemap.attribution.positions import PositionStage
    from stancemap.core import Document

    text = (
        "The tram plan is backed by Ana Silva and the Harbourton Cyclists Union.\n\n"
        "Signatories include Tomas Reyes, a professor at Harbourton University.\n\n"
        '"It will ruin us," said Daniel Hoffmann, who opposes the plan.\n\n'
        "The council formally rejected Maria Okafor's call for a referendum on the tram."
    )
    analysis = pipeline.analyse(Document(text, id="t"))
    PositionStage()(analysis)
    described = {
        text[d.speaker.start : d.speaker.end]: d
        for d in analysis.drafts
        if d.kind is StatementKind.DESCRIBED_POSITION and d.speaker is not None
    }
    # not the employer in Reyes's apposition; not Hoffmann, who speaks for himself; not
    # Okafor, whose call the council rejected (the object of an active verb cue)
    assert list(described) == ["Ana Silva", "the Harbourton Cyclists Union", "Tomas Reyes"]
    ana = described["Ana Silva"]
    assert ana.content.text.startswith("The tram plan is backed") and ana.cue is not None
    assert ana.cue.text == "backed"


def test_a_named_owners_noun_of_saying_reports_its_that_clause(pipeline: Pipeline) -> None:
    """ "Mayor X's announcement that ..." inside another statement is X's own statement; a
    noun of saying without a named owner ("the union's warning") is not."""
    text = (
        "Shopkeepers welcomed Mayor Hanna Berg's announcement that the square would reopen "
        "in June.\n\nThe union's warning that jobs would go was ignored."
    )
    result = pipeline(text)
    berg = [s for s in result.statements if s.actor == "Hanna Berg"]
    assert [s.content.text for s in berg] == ["that the square would reopen in June"]
    assert berg[0].cue is not None and berg[0].cue.text == "announcement"
    assert not [s for s in result.statements if "jobs would go" in s.content.text]


def test_a_noun_of_saying_with_its_agent_reports_its_that_clause(pipeline: Pipeline) -> None:
    """ "warnings by X that ...": the agent of a noun of saying is its speaker, also in a
    sentence with no verb of saying; without the agent the noun reports nothing."""
    text = (
        "There were warnings by the Harbour Trust that the levy would drive ships away.\n\n"
        "There were warnings that the levy would drive ships away."
    )
    result = pipeline(text)
    trust = [s for s in result.statements if "drive ships" in s.content.text]
    assert [(s.actor, s.content.text) for s in trust] == [
        ("the Harbour Trust", "that the levy would drive ships away")
    ]
    assert trust[0].cue is not None and trust[0].cue.text == "warnings"


def test_made_clear_had_this_to_say_and_a_name_the_tagger_missed(pipeline: Pipeline) -> None:
    """ "X made it clear that ...", "..., X made that clear", "X had this to say: ...": the
    subject is the speaker; a speaker whose name the tagger missed, inside an outlet's
    mention ("according to Radio Norland's Hanna Virtanen"), is that person."""
    text = (
        "Minister Oskar Brandt made it clear that the bridge would stay shut.\n\n"
        "That will not happen this year, Mayor Colin Hartley made that clear on Monday.\n\n"
        "Engineer Lena Varga had this to say: the cracks are older than the lorries.\n\n"
        "But according to Radio Norland's Hanna Virtanen, the council never saw the report."
    )
    result = pipeline(text)
    shut = one(result, "would stay shut")
    assert shut.actor == "Oskar Brandt" and shut.cue is not None
    assert shut.cue.text == "made it clear"
    assert one(result, "That will not happen").actor == "Colin Hartley"
    assert one(result, "cracks are older").actor == "Lena Varga"
    assert one(result, "never saw the report").actor == "Hanna Virtanen"


def test_a_clause_inside_a_source_is_not_its_name() -> None:
    """A headline the parser reads as "[Mayor furious as X rejects] call for ...": the
    clause under the source's modifier is cut at any depth, so the source is "Mayor
    furious", not a mention of X (the parse is given here, as the parser may produce it)."""
    from spacy.tokens import Doc
    from spacy.vocab import Vocab

    from stancemap.attribution.reported import _np_span

    words = ["Mayor", "furious", "as", "Hartley", "rejects", "call", "for", "a", "vote"]
    heads = [5, 0, 4, 4, 1, 5, 5, 8, 6]
    deps = ["nsubj", "amod", "mark", "nsubj", "advcl", "ROOT", "prep", "det", "pobj"]
    doc = Doc(Vocab(), words=words, heads=heads, deps=deps)
    assert _np_span(doc.text, 0, doc[0]).text == "Mayor furious"


def test_readings_that_must_not_fire_on_ordinary_sentences(pipeline: Pipeline) -> None:
    """ "As X announced the deal, markets rose": the cue has its own object, and is no
    parenthetical of the clause after it; "crews made the roads clear" is no speech; a
    named nobody ("the Marist Poll") still identifies someone."""
    from stancemap.core.speakers import identifies

    result = pipeline("As the president announced the deal, markets rose sharply.")
    assert not [s for s in result.statements if "markets rose" in s.content.text]
    result = pipeline("After the storm passed, crews made the roads clear.")
    assert not result.statements
    assert identifies(None, "the Marist Poll") and not identifies(None, "the poll")


def test_a_common_noun_right_before_a_name_is_that_names_mention(pipeline: Pipeline) -> None:
    """ "According to the charity Open Door Trust, ...": the parse may hang the name
    elsewhere, leaving "the charity" as the mention; the name right after it speaks."""
    from stancemap import Document

    text = (
        "According to the charity Open Door Trust, community sentences cut reoffending "
        "more than short prison terms."
    )
    s = one(pipeline(Document(text=text)), "community sentences")
    assert s.speaker is not None
    assert s.speaker.text.endswith("Open Door Trust"), s.speaker
    assert s.actor == "Open Door Trust"
