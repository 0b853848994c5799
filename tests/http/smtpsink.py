#!/usr/bin/python3
"""A local SMTP sink for the tests (issue 8, item 1): Debian's aiosmtpd on a
loopback port.  Each message the sink accepts is appended to OUT as one JSON
line (envelope, headers, decoded body).  --delay SECS holds every DATA
before answering; a message whose client went away meanwhile never received
the 250, so it is not recorded (it was not accepted).
usage: smtpsink.py PORT OUT [--delay SECS] [--auth USER:PASS]"""
import asyncio, email, email.policy, json, sys, time

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult


class Sink:
    def __init__(self, out, delay):
        self.out, self.delay = out, delay

    async def handle_DATA(self, server, session, envelope):
        if self.delay:
            await asyncio.sleep(self.delay)
        if server.transport is None or server.transport.is_closing():
            return "451 client gone"
        msg = email.message_from_bytes(envelope.content, policy=email.policy.default)
        rec = {"from": envelope.mail_from, "to": envelope.rcpt_tos,
               "subject": str(msg["subject"]), "message_id": str(msg["message-id"]),
               "lang": str(msg["content-language"]), "body": msg.get_content(),
               "auth": session.authenticated}
        with open(self.out, "a", encoding="utf-8") as f:
            f.write(json.dumps(rec) + "\n")
        return "250 OK"


def main():
    port, out = int(sys.argv[1]), sys.argv[2]
    delay, auth = 0.0, None
    args = sys.argv[3:]
    while args:
        if args[0] == "--delay":
            delay = float(args[1])
        elif args[0] == "--auth":
            auth = args[1].split(":", 1)
        args = args[2:]
    kw = {}
    if auth:
        def check(server, session, envelope, mechanism, data):
            ok = data.login.decode() == auth[0] and data.password.decode() == auth[1]
            return AuthResult(success=ok)
        kw = dict(authenticator=check, auth_require_tls=False, auth_required=True)
    # A loaded machine (two suites side by side) can take longer than the
    # default 5 s to answer the controller's own start-up probe.
    c = Controller(Sink(out, delay), hostname="127.0.0.1", port=port, ready_timeout=30, **kw)
    c.start()
    print("ready", flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass
    c.stop()


if __name__ == "__main__":
    main()
