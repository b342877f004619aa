"""English stance patterns: reported views and their rebuttals, and feelings held by others."""

from __future__ import annotations

import re

# "Opponents claim (that) ...": who reports a view, with a report verb, and the view.
REPORT = re.compile(
    r"^(?P<who>[^.;:!?]{1,80}?)\s+(?:claim(?:s|ed)?|say(?:s)?|said|argue(?:s|d)?|"
    r"insist(?:s|ed)?|contend(?:s|ed)?|suggest(?:s|ed)?|maintain(?:s|ed)?|believe(?:s|d)?|"
    r"think(?:s)?|thought|assert(?:s|ed)?|allege(?:s|d)?|warn(?:s|ed)?|complain(?:s|ed)?|"
    r"tell(?:s)? us|told us|would have (?:you|us) believe)\s+(?:that\s+)?(?P<view>.+)$",
    re.I | re.S,
)
# What a rebuttal calls the view ("simply not true", "a myth"): the source of a pattern.
FALSITY = (
    r"(?:simply\s+|just\s+|plainly\s+|flat\s+|dead\s+)?(?:not true|untrue|false|wrong|"
    r"nonsense|a myth|mistaken|misleading|incorrect|not the case|baseless|unfounded|rubbish)\b"
)
# "that is", "they're", "such claims are": what a rebuttal opens with (a pattern's source).
IT_IS = (
    r"(?:that|this|it|they|he|she|such claims?|those claims?|the claim)\s+"
    r"(?:is|are|was|were|'s|'re|’s|’re)\s+"
)
# "..., but that is not true": the rebuttal that ends a report in the same sentence.
REBUTTAL_TAIL = re.compile(
    r"(?:[,;]\s*(?:but|yet|however)?|\s(?:but|yet|however))\b,?\s*"
    + IT_IS
    + FALSITY
    + r"[^.!?]*[.!?]?\s*$",
    re.I,
)
# "They are wrong." / "That is simply not true." / "Nonsense.": a rebuttal on its own.
REBUTTAL_NEXT = re.compile(
    r"^\s*(?:but\s+)?(?:" + IT_IS + FALSITY + r"|(?:nonsense|rubbish|not true|wrong)\b)", re.I
)
# The speaker's own words ("I / we said ...") are never read as someone else's view.
FIRST_PERSON = frozenset({"i", "we"})

# "Those who are enthusiastic about X should know ...": a relative clause that describes the
# people a speaker addresses or warns, up to the modal of the main clause. Its feelings are
# theirs (the speaker usually disowns them), so they are not the speaker's sentiment.
HOLDER = re.compile(
    r"\b(?:those|people|anyone|anybody|everyone|everybody|someone|somebody|others|the ones)"
    r"\s+who\b[^.;:!?]*?(?=\b(?:should|must|ought|needs? to|ha(?:ve|s) to|will|would|"
    r"can|cannot|could|may|might|shall)\b)",
    re.I,
)
