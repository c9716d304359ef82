"""The project's exceptions: each message says what went wrong and what to do next.

The CLI and the web app turn these into one clear line; anything else is a bug. `printable`
makes a file name (or any outside text) safe to put in such a line.
"""


def printable(text: str) -> str:
    """`text` with each character a terminal would act on or hide (a newline, an escape, other
    control and format characters, a byte that is not UTF-8) written as its Python escape:
    a file name can then neither forge a line of what we print nor hide part of itself."""
    text = str(text)
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


class QAError(Exception):
    """Base class: a user mistake or bad input, reported without a traceback."""


class NoIndexError(QAError):
    """No index folder yet."""


class IndexFormatError(QAError):
    """The index was built by another model or format, or is damaged."""


class IndexWriteError(QAError):
    """A new index generation could not be written (a full disk, no permission); the one
    before it is left whole and served."""


class DocumentError(QAError):
    """One document cannot be read; the rest of the corpus goes on."""

    def __init__(self, file: str, problem: str):
        super().__init__(f"{printable(file)}: {problem}")
        self.file = file
        self.problem = problem


class QuestionError(QAError):
    """The question is empty or unusable."""


class InputFileError(QAError):
    """A batch or upload file cannot be used."""
