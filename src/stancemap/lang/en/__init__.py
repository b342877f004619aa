"""English: the words and patterns stancemap's stages read (the only language shipped).

* :mod:`.words`: function words (is a text English?), abbreviations (where a sentence does
  not end), the first words of vague mentions and media words (who is no identified speaker).
* :mod:`.question`: how a question asks and a motion is worded (question words, polar
  openers, action verbs, conditions, stance cues).
* :mod:`.cues`: attribution cues read from the parse: view nouns, content prepositions and
  spaCy's English dependency labels.
* :mod:`.layout`: roundup labels ("Viewpoint:", "Argument:") and capitals that name no
  transcript speaker ("NOTE:", "PHOTO:").
* :mod:`.stance`: reported views and their rebuttals ("Critics claim ..., but that is not
  true"), and the clauses whose feelings are other people's ("those who ... should").
* :mod:`.arguments`: argument-label wording: openers, reporting frames, clause breaks,
  trailing words, pronoun starts and the Penn Treebank tags of a noun phrase.
"""
