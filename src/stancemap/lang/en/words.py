"""English word lists: function words, abbreviations, and the first words of vague mentions."""

from __future__ import annotations

# The commonest English function words: a text (or a question) without them is not English.
FUNCTION_WORDS = frozenset(
    """the a an of to and in on for is are was were be been that this with as by at from it
    he she they we i you not but or have has had said will would his her their its our who
    which what there than also about after into more""".split()
)
# Words a full stop follows without ending the sentence ("Mr.", "U.S.").
ABBREVIATIONS = frozenset(
    """mr mrs ms dr prof st gen sen rep gov lt col capt sgt jr sr vs etc no inc ltd co corp
    jan feb mar apr jun jul aug sep sept oct nov dec u.s u.k u.n e.g i.e""".split()
)
# first words of a mention that names no one: pronouns, quantifiers, generic groups
VAGUE = frozenset(
    """a an some many several few most others other another all both each someone somebody
    anyone everyone people they them he she it we i you who that which those these one two
    three four five six seven eight nine ten eleven twelve dozens hundreds thousands millions
    percent multiple numerous various critics supporters opponents proponents advocates
    detractors skeptics sceptics experts officials
    analysts observers commentators sources insiders residents voters activists protesters
    economists scientists scholars researchers politicians lawmakers""".split()
)
# What a statement can be said to come from that is nobody: the measure under debate ("the
# plan calls for ..."), figures and findings ("estimates indicate ..."), an event ("the
# protest referenced ..."); the head word of a mention.
NON_AGENTS = frozenset(
    """plan plans rule rules bill bills law laws measure measures proposal proposals policy
    policies scheme schemes mandate mandates tax taxes ban bans levy legislation initiative
    ordinance amendment decision estimate estimates figure figures data statistics numbers
    study studies survey surveys poll polls analysis evidence protest protests obstacle
    obstacles""".split()
)
# words that make a group someone's ("the ...", "her aides", "its lawyers"), not a kind of
# people ("shop owners")
DEFINITE = frozenset("the his her its their our my your".split())
# a picture or a chart "shows" something: a caption, not a speaker
MEDIA = frozenset("photo photograph picture image video footage chart graph map caption".split())
# the names of days and months: capitalised, yet no part of a name ("Republicans Tuesday
# blocked ...")
CALENDAR = frozenset(
    """monday tuesday wednesday thursday friday saturday sunday january february march april
    may june july august september october november december""".split()
)
