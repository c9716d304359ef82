"""The project's exceptions: each message says what went wrong and what to do next.

The CLI and the web app turn these into one clear line; anything else is a bug.
"""


class QAError(Exception):
    """Base class: a user mistake or bad input, reported without a traceback."""


class NoIndexError(QAError):
    """No index folder yet."""


class IndexFormatError(QAError):
    """The index was built by another model or format, or is damaged."""


class DocumentError(QAError):
    """One document cannot be read; the rest of the corpus goes on."""

    def __init__(self, file: str, problem: str):
        super().__init__(f"{file}: {problem}")
        self.file = file
        self.problem = problem


class QuestionError(QAError):
    """The question is empty or unusable."""


class InputFileError(QAError):
    """A batch or upload file cannot be used."""
