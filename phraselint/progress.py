"""A one-line progress report on stderr for long runs on a terminal:
files done, findings so far, rate. Silent when stderr is not a TTY."""

from __future__ import annotations

import sys
import time


class Progress:
    def __init__(self, enabled: bool, total: int | None = None, interval: float = 0.2):
        self.enabled = enabled
        self.total = total
        self.interval = interval
        self.files = 0
        self.findings = 0
        self._start = time.monotonic()
        self._shown = 0.0
        self._width = 0

    def update(self, findings: int) -> None:
        self.files += 1
        self.findings += findings
        if not self.enabled:
            return
        now = time.monotonic()
        if now - self._shown >= self.interval:
            self._shown = now
            rate = self.files / max(now - self._start, 1e-6)
            of = f"/{self.total}" if self.total else ""
            self._write(f"{self.files}{of} files, {self.findings} findings, {rate:.0f} files/s")

    def clear(self) -> None:
        if self.enabled and self._width:
            self._write("")

    def _write(self, text: str) -> None:
        pad = max(self._width - len(text), 0)
        sys.stderr.write("\r" + text + " " * pad + ("\r" if not text else ""))
        sys.stderr.flush()
        self._width = len(text)
