"""The attribution stages: the selective parse, statements with their speaker mentions, and
speakers resolved to actors with roles."""

from __future__ import annotations

import re

from ..core import Analysis, Stage
from ..lang.en.cues import REPORT_AGENT
from ..lang.en.positions import CAMP_CUE
from ..nlp import Parsed, SelectiveParser, load_model
from ..text import paragraphs
from . import attribute
from .cues import CueModel
from .reported import VIEW_NOUNS
from .speakers import Resolver, clean_role


class ParseStage:
    """Sentences of each document; those that can hold an attribution get the full parse."""

    name = "parse"
    requires = ("text",)
    assigns = ("parsed",)

    def __init__(self, parser: SelectiveParser) -> None:
        self.parser = parser

    def __call__(self, analysis: Analysis) -> Analysis:
        return self.pipe([analysis])[0]

    def pipe(self, analyses: list[Analysis]) -> list[Analysis]:
        items = [(a.document.text, paragraphs(a.document.text)) for a in analyses]
        for analysis, parsed in zip(analyses, self.parser.parse_many(items), strict=True):
            analysis.parsed = parsed
        return analyses


def _parsed(analysis: Analysis) -> Parsed:
    assert analysis.parsed is not None  # check_order put the parse stage first
    return analysis.parsed


class AttributionStage:
    """Every statement of the document with the mention of who made it."""

    name = "attribution"
    requires = ("parsed",)
    assigns = ("statements",)

    def __init__(self, model: CueModel) -> None:
        self.model = model

    def __call__(self, analysis: Analysis) -> Analysis:
        analysis.drafts = attribute(_parsed(analysis), self.model)
        return analysis


class SpeakerStage:
    """The document's actors; each statement's speaker resolved to one, with a role."""

    name = "speakers"
    requires = ("parsed", "statements")
    assigns = ("speakers",)

    def __call__(self, analysis: Analysis) -> Analysis:
        resolver = Resolver(_parsed(analysis))
        resolver.resolve(analysis.drafts)
        analysis.actors = resolver.actor_records()
        analysis.names = resolver
        for d in analysis.drafts:
            d.role_name = clean_role(d.role.text) if d.role is not None else None
        return analysis


def attribution_stages(*, model: str | None = None, cue_model: str | None = None) -> list[Stage]:
    """parse -> attribution -> speakers, with the spaCy pipeline ``model`` (default: the
    installed English one) and the cue model file ``cue_model`` (default: the shipped one)."""
    cues = CueModel.load(cue_model)
    # a camp's sentence is parsed for its subject (:mod:`.positions`), a noun of saying's
    # for its agent
    also = re.compile(f"{CAMP_CUE.pattern}|(?i:{REPORT_AGENT.pattern})")
    parser = SelectiveParser(load_model(model), cues.triggers | VIEW_NOUNS, also=also)
    return [ParseStage(parser), AttributionStage(cues), SpeakerStage()]
