"""A tiny SMTP sink for benchmarks and delivery tests: accepts and counts messages on 127.0.0.1.

It stores no message; asked to (`keep_subjects`), it counts them per Subject line, so a test can tell which
message arrived how often. `delay` holds each message before accepting it, as a slow mail server would.
Bounded: it listens on the loopback only, drops a client after 30 s of silence and refuses messages
over 1 MB. Enough of RFC 5321 for Django's SMTP backend (EHLO/HELO, MAIL, RCPT, DATA, RSET, NOOP, QUIT).
"""

from __future__ import annotations

import socketserver
import threading
import time
from collections import Counter

MAX_MESSAGE = 1024 * 1024


class _Handler(socketserver.StreamRequestHandler):
    timeout = 30

    def reply(self, *lines: str) -> None:
        # One write per reply: a multi-line reply split over writes stalls on Nagle + delayed ACK (~40 ms).
        self.wfile.write("".join(f"{line}\r\n" for line in lines).encode("ascii"))

    def handle(self) -> None:
        self.reply("220 sink ESMTP")
        while True:
            line = self.rfile.readline(1024)
            if not line:
                return
            verb = line[:4].upper()
            if verb == b"EHLO":
                self.reply("250-sink", "250 SIZE 1048576")
            elif verb == b"DATA":
                self.reply("354 end with <CRLF>.<CRLF>")
                size, subject = 0, ""
                while (chunk := self.rfile.readline(65536)) not in (b".\r\n", b""):
                    size += len(chunk)
                    if not subject and chunk[:8].lower() == b"subject:":
                        subject = chunk[8:].strip().decode("ascii", "replace")
                if size > MAX_MESSAGE:
                    self.reply("552 too big")
                else:
                    self.server.count_message(subject)
                    time.sleep(self.server.delay)
                    self.reply("250 queued")
            elif verb == b"QUIT":
                self.reply("221 bye")
                return
            else:  # HELO, MAIL, RCPT, RSET, NOOP
                self.reply("250 ok")


class SmtpSink(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, port: int = 0, *, delay: float = 0.0, keep_subjects: bool = False):
        super().__init__(("127.0.0.1", port), _Handler)
        self.received = 0
        self.delay = delay
        self.subjects: Counter | None = Counter() if keep_subjects else None
        self._lock = threading.Lock()

    def count_message(self, subject: str = "") -> None:
        with self._lock:
            self.received += 1
            if self.subjects is not None:
                self.subjects[subject] += 1

    @property
    def port(self) -> int:
        return self.server_address[1]

    def start(self) -> SmtpSink:
        threading.Thread(target=self.serve_forever, daemon=True).start()
        return self
