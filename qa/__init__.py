"""Cited question answering over police inspection material (HMICFRS reports, press releases,
force responses). See README.md; each module's docstring says what it owns."""

__version__ = "0.1.0"
