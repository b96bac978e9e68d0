"""planlint: a consistency linter for Chinese government plan drafts."""

__version__ = "0.1.0"
