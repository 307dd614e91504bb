"""Why a URL was not fetched: one exception family for the fetcher and the socket layer under it.

Kept in its own module because both ``fetch.py`` (politeness, redirects, retries) and ``guard.py``
(addresses, deadlines, cancellation at the socket) raise them, and the poller tells them apart:
a refusal or a failure is reported as a rejected input, a robots.txt skip is only counted, and a
stop request ends the poll without reporting anything as failed.
"""

from __future__ import annotations


class FetchError(Exception):
    """A URL that could not be fetched, with a one-line reason (the message)."""


class Disallowed(FetchError):
    """robots.txt forbids this URL: a deliberate skip, not a failure of the input."""


class Refused(FetchError):
    """The fetch policy forbids the destination (address, scheme, too many redirects); nothing was sent."""


class DeadlineExceeded(FetchError):
    """The fetch as a whole (connect, headers, body, redirects, retries) ran past its deadline."""


class Stopped(FetchError):
    """The watcher was asked to stop (SIGINT/SIGTERM) while this fetch was in progress."""
