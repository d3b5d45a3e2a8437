"""The error an editors' file raises: every problem found, each reading `file:line: message`."""


class ProblemsError(Exception):
    def __init__(self, errors: list[str]) -> None:
        super().__init__("\n".join(errors))
        self.errors = errors
