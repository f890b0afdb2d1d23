"""Errors a user can act on: each says what went wrong, where, and how to fix it."""


class DigestError(Exception):
    """Base class; the CLI prints ``error: <message>`` and exits with :attr:`exit_code`."""

    exit_code = 1


class InputError(DigestError):
    """An input path or file cannot be used."""


class ConfigError(DigestError):
    """A configuration or sidecar file is malformed; the message names the key or line."""

    exit_code = 2


class DependencyError(DigestError):
    """An optional or required library is missing; the message says what to install."""
