"""General language resources, derived at build time and shipped small.

Each module is a function from the content's vocabulary (and a heavy resource that never ships)
to the small data the query side needs: extra lexicon entries (`vocabulary`), English → Japanese
rules (`english`), Japanese synonym rules (`synonyms`). `jmdict` reads the dictionary they share.
"""
