"""A real SMTP server on a free local port that records what it is sent (for delivery tests).

It speaks enough SMTP for `smtplib` (EHLO/HELO, MAIL, RCPT, DATA, RSET, NOOP, QUIT) and can be
told to refuse the next N messages with a temporary failure, as a struggling server would.
"""

from __future__ import annotations

import socketserver
import threading
from dataclasses import dataclass, field
from email import message_from_bytes
from email.message import Message


@dataclass
class Recorder:
    messages: list[Message] = field(default_factory=list)
    refuse_next: int = 0  # answer this many DATA commands with 451
    lock: threading.Lock = field(default_factory=threading.Lock)

    def subjects(self) -> list[str]:
        with self.lock:
            return [str(message["Subject"]) for message in self.messages]

    def recipients(self) -> list[str]:
        with self.lock:
            return [str(message["To"]) for message in self.messages]


class _Handler(socketserver.StreamRequestHandler):
    recorder: Recorder

    def reply(self, line: str) -> None:
        self.wfile.write(line.encode() + b"\r\n")
        self.wfile.flush()

    def handle(self) -> None:
        self.reply("220 recorder ready")
        while True:
            line = self.rfile.readline()
            if not line:
                return
            verb = line.decode(errors="replace").strip().split(" ", 1)[0].upper()
            if verb == "EHLO":
                self.reply("250-recorder")
                self.reply("250 8BITMIME")
            elif verb in ("HELO", "MAIL", "RCPT", "RSET", "NOOP"):
                self.reply("250 OK")
            elif verb == "DATA":
                self.reply("354 go ahead")
                data = b""
                while True:
                    chunk = self.rfile.readline()
                    if chunk in (b".\r\n", b".\n", b""):
                        break
                    data += chunk[1:] if chunk.startswith(b"..") else chunk
                with self.recorder.lock:
                    refuse = self.recorder.refuse_next > 0
                    if refuse:
                        self.recorder.refuse_next -= 1
                    else:
                        self.recorder.messages.append(message_from_bytes(data))
                self.reply("451 try again later" if refuse else "250 queued")
            elif verb == "QUIT":
                self.reply("221 bye")
                return
            else:
                self.reply("502 not implemented")


class _Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


class SMTPRecorder:
    """Start with `with SMTPRecorder() as smtp:`; `smtp.port`, `smtp.recorder`."""

    def __init__(self) -> None:
        self.recorder = Recorder()
        handler = type("Handler", (_Handler,), {"recorder": self.recorder})
        self.server = _Server(("127.0.0.1", 0), handler)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> SMTPRecorder:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)

    def config(self) -> dict[str, object]:
        """App settings that deliver to this server."""
        return {
            "MAIL_BACKEND": "smtp",
            "MAIL_SERVER": "127.0.0.1",
            "MAIL_PORT": self.port,
            "MAIL_USE_TLS": False,
            "MAIL_TIMEOUT_SECONDS": 5,
        }
