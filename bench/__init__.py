"""`make bench`: Tayori's relevance and speed, measured beside independent baseline engines.

- `bench.relevance`: the metrics and `evaluate(search)` for any engine given as a function.
- `bench.corpus`: the passages every engine indexes (from the real content) and the query sets.
- `bench.peers`: the baselines (SQLite FTS5 trigram, Whoosh defaults, Whoosh CJK bigrams).
"""
