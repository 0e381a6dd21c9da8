#!/usr/bin/python3
# A real SMTP server for the API tests (tests/support/mail.mjs starts it): aiosmtpd
# (Debian's python3-aiosmtpd) on 127.0.0.1, printing one JSON line per accepted message
# on standard output: {"mail_from", "rcpt_tos", "data" (base64 of the bytes received),
# "tls" (whether the session had done STARTTLS)}. The first line is {"ready": true,
# "port": N}. With --tlscert/--tlskey it offers STARTTLS and refuses mail without it;
# with --user/--password it requires AUTH (over TLS).
import argparse
import base64
import json
import signal
import socket
import ssl
import sys
import threading

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


def emit(obj):
    sys.stdout.write(json.dumps(obj) + "\n")
    sys.stdout.flush()


class Recorder:
    async def handle_DATA(self, server, session, envelope):
        emit({
            "mail_from": envelope.mail_from,
            "rcpt_tos": envelope.rcpt_tos,
            "data": base64.b64encode(envelope.original_content or envelope.content).decode("ascii"),
            "tls": session.ssl is not None,
        })
        return "250 Message accepted"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--port", type=int, default=0)
    p.add_argument("--tlscert")
    p.add_argument("--tlskey")
    p.add_argument("--user")
    p.add_argument("--password")
    a = p.parse_args()
    port = a.port or free_port()
    kwargs = {}
    if a.tlscert:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(a.tlscert, a.tlskey)
        kwargs.update(tls_context=context, require_starttls=True)
    if a.user:
        def authenticator(server, session, envelope, mechanism, auth_data):
            ok = (isinstance(auth_data, LoginPassword) and auth_data.login.decode() == a.user
                  and auth_data.password.decode() == a.password)
            return AuthResult(success=ok)
        kwargs.update(authenticator=authenticator, auth_required=True, auth_require_tls=True)
    controller = Controller(Recorder(), hostname="127.0.0.1", port=port, **kwargs)
    controller.start()
    emit({"ready": True, "port": port})
    done = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: done.set())
    signal.signal(signal.SIGINT, lambda *_: done.set())
    done.wait()
    controller.stop()


if __name__ == "__main__":
    main()
