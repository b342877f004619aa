"""English argument-label wording: openers, reporting frames, clause breaks, trailing words,
pronoun starts and the Penn Treebank tags of a noun phrase."""

from __future__ import annotations

import re

# Discourse openers ("But", "However, ..."): dropped from the start of a label.
OPENERS = re.compile(
    r"^(?:(?:and|but|so|yet|however|moreover|furthermore|also|still|indeed|in fact|"
    r"of course|therefore|thus|now|then|well|rather|instead|meanwhile)\b[,]?\s+)+",
    re.I,
)
# A reporting frame before the claim ("he said that ..."): dropped.
FRAME = re.compile(
    r"^(?:[^,]{0,60}?\b(?:said|says|stated|added|noted|argued|claimed|believes?|"
    r"stressed|emphasi[sz]ed|warned|insisted|explained)[,:]?\s+(?:[^,\"“]{0,40}?\bthat[,:]?\s+)?|that[,:]?\s+)",
    re.I,
)
# A reporting frame after a quotation ('"...," she said'): dropped.
TAIL_FRAME = re.compile(
    r"(?:[,.!?]\s*[\"”’]|[\"”’]\s*[,.]?)\s*(?:\S+\s+){0,5}?(?:said|says|added|noted|told|"
    r"stated|argued|warned|insisted|explained)\b[^\"“”]*$",
    re.I,
)
# A leading subordinate clause ("If ..., "): dropped from a long label.
LEADING_CLAUSE = re.compile(
    r"^(?:if|unless|when|while|although|though|as long as|since|because|after|before|"
    r"once|whether)\b[^,]{3,}?,\s*",
    re.I,
)
# "Miriam Castell, managing director of Lakeside Courier newspaper, advocates ...": a role in
# apposition to a name, dropped when the sentence is long
APPOSITION = re.compile(
    r"(?P<name>\b[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)+),\s+(?:the\s+|a\s+|an\s+)?"
    r"[a-z][^,;:.!?\s]*(?:\s+[^,;:.!?\s]+){1,8},\s+"
)
# Where a trailing clause begins: a label keeps what comes before.
CLAUSE_BREAK = re.compile(
    r"\s*(?:[;:—–]|\s-\s|,\s*(?:because|but|which|while|whereas|although|though|since|as|"
    r"so that|and|who|adding|saying|according)\b)",
    re.I,
)
# Words a cut label may not end on.
TRAILING = frozenset(
    """a an the and or but of to in on for with by as at from that which who whose
    is are was were be been this these those its their our his her my your than if
    when while because so very more most not no rather instead also even just only
    will would shall should can could may might must""".split()
)
# "... of students and force them to": a cut stops before the cut-off second half at these.
JOINTS = frozenset({"and", "or"})
# "not only X" whose "but also Y" was cut: keep X (the pair is dropped when BUT is not left).
NOT_ONLY = ("not", "only")
BUT = "but"
# Penn Treebank tags: heads of a noun phrase, and what may stand inside one
NP_HEAD = frozenset({"NN", "NNS", "NNP", "NNPS", "CD"})
NP_INNER = NP_HEAD | {"DT", "PDT", "JJ", "JJR", "JJS", "PRP$", "POS", "HYPH"}
# A key point candidate that opens with one of these names its subject only by reference.
PRONOUN_START = frozenset("it this that these those they he she we i you there".split())
