"""English: the words and patterns stancemap's stages read (the only language shipped)."""
