"""The one error that reports every problem found at once, each reading `file:line: message`.

Raised for articles (`index.content`, where it is also known as ContentErrors), partners, synonyms
and the English lexicon, so the build collects them all the same way.
"""

from collections.abc import Sequence


class ProblemsError(Exception):
    """Every problem found; `errors` are the messages (strings, or errors whose str() is one)."""

    def __init__(self, errors: Sequence[object]) -> None:
        super().__init__("\n".join(str(error) for error in errors))
        self.errors = list(errors)
