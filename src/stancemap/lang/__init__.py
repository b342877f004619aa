"""Language data: word lists, cue lexicons and phrasing patterns, one folder per language.

Every stage reads its words from here (``stancemap.lang.en`` today), so that a second
language means a new folder beside ``en/`` plus its models, not edits across the stages.
"""
