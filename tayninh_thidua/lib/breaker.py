"""A circuit breaker for a service the site can live without for a while (the cache Redis, the Celery broker).

After a failure the breaker is open for `retry_after` seconds: callers skip the service at once instead of
waiting on it again, so a frozen server costs one short socket timeout per `retry_after` seconds per process,
not one per call. The first call after that tries again; a success closes the breaker.

Logged as warnings: the first failure of an outage, then at most once every `log_every` seconds while it lasts,
and the recovery, with how long it lasted.
"""

from __future__ import annotations

import logging
import threading
import time

logger = logging.getLogger(__name__)


class CircuitBreaker:
    def __init__(self, name: str, *, retry_after: float, log_every: float = 60.0) -> None:
        self.name = name
        self.retry_after = retry_after
        self.log_every = log_every
        self._open_until = 0.0
        self._failing_since: float | None = None
        self._last_log = 0.0
        self._lock = threading.Lock()

    @property
    def is_open(self) -> bool:
        """True while callers should not try the service (a failure less than `retry_after` seconds ago)."""
        return time.monotonic() < self._open_until

    @property
    def failing(self) -> bool:
        """True from a failure until the next success (open, or waiting for the next try)."""
        return self._failing_since is not None

    def failure(self, exc: BaseException) -> None:
        now = time.monotonic()
        with self._lock:
            self._open_until = now + self.retry_after
            first = self._failing_since is None
            if first:
                self._failing_since = now
            log = first or now - self._last_log >= self.log_every
            if log:
                self._last_log = now
        if log:
            logger.warning(
                "%s unavailable (%s: %s); not tried again for %s s",
                self.name,
                type(exc).__name__,
                exc,
                self.retry_after,
            )

    def success(self) -> None:
        if self._failing_since is None:
            return
        with self._lock:
            since, self._failing_since, self._open_until = self._failing_since, None, 0.0
        if since is not None:
            logger.warning("%s is back after %.1f s", self.name, time.monotonic() - since)

    def reset(self) -> None:
        """Forget any failure (tests, and a process that knows the service is back)."""
        with self._lock:
            self._failing_since, self._open_until, self._last_log = None, 0.0, 0.0
