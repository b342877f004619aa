"""English names and how the text refers to people: titles, pronouns, words of address."""

from __future__ import annotations

import re

# Words before or inside a name that are not part of it ("Mr", "President", "the").
TITLES = frozenset(
    """ayatollah chairman chief dr former gen general gov governor hojatoleslam imam
    judge justice lady lord mayor minister miss mr mrs ms president prime prof rep rev
    secretary sen senator sheikh sir the vice""".split()
)
# Title words that the tagger marks as proper nouns ("Deputy Mayor Leila Brandt").
ROLE_TITLES = frozenset(
    """admiral ambassador attorney ayatollah bishop captain chair chairman chairwoman
    chief col. colonel commissioner congressman congresswoman councillor councilman
    councilwoman deputy director dr. gen. general gov. governor imam judge justice king
    leader lieutenant lt. marshal mayor minister pope president prime prince princess
    prof. professor queen rep. representative secretary sen. senator sergeant sheikh
    sheriff speaker vice""".split()
)
# Abbreviated titles a full stop follows inside a name ("Lt. Gov. Gavin Newsom", "Reps.
# Pramila Jayapal", "Del. Jeff Campbell"): before a capitalised word they end no sentence.
TITLE_ABBREVIATIONS = frozenset(
    """adm atty capt cmdr col cpl del dels dr drs gen gov govs hon lt maj mr mrs ms mmes
    messrs pres prof rep reps rev sen sens sgt supt""".split()
)
# Words after an organisation's name that leave it the same organisation ("the Vote Norland
# campaign" is Vote Norland).
NAME_SUFFIXES = frozenset({"campaign"})
PERSON_PRONOUNS = frozenset({"he", "she", "him", "her"})
PRONOUN_GENDER = {"he": "m", "him": "m", "she": "f", "her": "f"}
# Pronouns that never resolve to one named speaker.
GROUP_PRONOUNS = frozenset({"they", "we", "i", "it"})
# "Mr. Trump", "Mrs. Clinton", "Ms. Okafor": the text says which pronoun fits
HONORIFIC = re.compile(r"\b(?P<title>Mr|Mrs|Ms|Miss)\.?\s+(?P<name>[A-Z][\w’'\-]+)")
MALE_HONORIFICS = frozenset({"Mr"})
RELATIVE_PRONOUNS = frozenset({"who", "which", "that", "whom"})
# Words of address that an appositive can hold ("If I may, sir, ..."): never a role.
ADDRESS = frozenset({"sir", "madam", "ma'am", "ma’am", "miss", "folks", "guys", "everyone"})
# Prepositions inside one organisation's name: an "and" after one joins the parts of that name
# ("the Department of Health and Human Services"), not two names (nlp.named_entities).
NAME_INNER_PREPOSITIONS = frozenset({"of", "for", "on", "in", "at", "to", "from"})
# What joins two names in a list: "X and Y", "X, Y and Z", "X, and Y"
NAME_JOIN = re.compile(r"\s*(?:,\s*(?:and\s+)?|and\s+)")
# Words of an organisation's name that its acronym leaves out ("Democratic National
# Committee" -> DNC).
ACRONYM_SKIP = frozenset({"the", "of", "and", "for"})
# The speaker of a first-person cue inside a quote is the quoted speaker.
FIRST_PERSON = frozenset({"i", "we", "you"})
# Words that make a name an organisation's, whatever its first word ("Virginia House of
# Delegates", "Salvation Army"): an entity the parser labels an organisation that opens
# with a first name and holds none of these reads as a person ("Nadia El Idrissi").
ORGANISATION_WORDS = frozenset(
    """academy administration agency alliance army assembly association authority bank board bureau
    campaign centre center church city club coalition college commission committee company
    corporation council county court department foundation front fund group guard house
    institute league ministry movement network office organisation organization party
    police press school senate service society state team trust union university""".split()
)
