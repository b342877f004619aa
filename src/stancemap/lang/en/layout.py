"""English layout labels: the labels of a roundup's lines, and capitals that name no speaker."""

from __future__ import annotations

# "Viewpoint: ...": a label whose line is the statement itself.
CONTENT_LABELS = frozenset(
    {
        "viewpoint",
        "view",
        "views",
        "position",
        "opinion",
        "quote",
        "says",
        "said",
        "statement",
        "comment",
        "stance",
        "claim",
        "perspective",
        "what they say",
        "what he says",
        "what she says",
        "in their words",
    }
)
# "Argument: ...": a label whose line becomes a field of the statement.
FIELD_LABELS = frozenset(
    {
        "argument",
        "arguments",
        "reason",
        "reasons",
        "summary",
        "key point",
        "main argument",
        "why",
        "rationale",
        "bottom line",
    }
)
# "NOTE: ...", "PHOTO: ...": a line in capitals that is no transcript speaker.
NOT_SPEAKERS = frozenset(
    {
        "NOTE",
        "UPDATE",
        "EDITOR'S NOTE",
        "CORRECTION",
        "PHOTO",
        "WATCH",
        "READ MORE",
        "RELATED",
        "SOURCE",
        "SOURCES",
        "CAPTION",
        "VIDEO",
        "BREAKING",
        "ALSO READ",
        "FILE",
        "ADVERTISEMENT",
    }
)
