#!/usr/bin/python3
"""A real SMTP server for tests: Debian's aiosmtpd on loopback, storing every message as a file.

Needs python3-aiosmtpd (apt-get install -y --no-install-recommends python3-aiosmtpd); run it with
Debian's /usr/bin/python3, which sees that package.

    scripts/lib/smtp-sink.py --dir DIR [--port 0] [options]

Prints the port it listens on (one line, just the number) on stdout once it accepts connections,
then serves until SIGTERM/SIGINT. Listens on 127.0.0.1 only.

Flags:
  --dir DIR                 where messages go (created if missing). For message number N (from 1):
                            DIR/N.eml       the message exactly as received (CRLF, dots unstuffed)
                            DIR/N.json      {"mail_from", "rcpt_to": [...], "peer",
                                             "peer_port" (tells connections apart), "helo",
                                             "received_at", "size", "tls", "auth_user"}
                            Both are written to a temporary name and renamed, .eml first: a
                            reader never sees half a file, and N.json means N.eml is complete.
                            DIR/sessions/K.json is written when connection K ends:
                            {"peer", "messages": stored in that session, "data_started": DATA
                             began but its final dot never arrived}. Tests use it to know the
                            server has finished with a connection (e.g. one aborted mid-DATA).
  --port N                  0 (default): any free port.
  --hostname NAME           name in the greeting (default sink.example).
  --temp-fail ADDR          answer 451 4.2.0 to RCPT TO:<ADDR> (repeatable; case-insensitive).
  --perm-fail ADDR          answer 550 5.1.1 to RCPT TO:<ADDR> (repeatable).
  --data-temp-fail ADDR     accept ADDR at RCPT, but answer 451 4.3.0 to the final dot of any
                            message to it, and store nothing (repeatable).
  --data-perm-fail ADDR     likewise with 554 5.6.0 (repeatable).
  --max-size BYTES          announce SIZE and refuse larger messages (default 10 MiB).
  --tls-cert FILE --tls-key FILE
                            certificate chain and key (PEM) for TLS.
  --starttls                offer STARTTLS (needs the certificate).
  --require-starttls        refuse mail until STARTTLS (implies --starttls).
  --implicit-tls            TLS from the first byte, as smtps:// (needs the certificate).
  --auth-user USER --auth-password-file FILE
                            require AUTH PLAIN or LOGIN with these credentials (aiosmtpd refuses
                            AUTH before TLS).
  --quiet                   no per-message line on stderr.
"""

import argparse
import asyncio
import datetime
import json
import os
import signal
import ssl
import sys

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword


def write_atomic(path, data):
    tmp = path + ".tmp"
    # No fsync: readers need whole files (the rename gives that), not durability, and an fsync
    # per message would make the sink, not the sender, the thing measured.
    with open(tmp, "wb") as f:
        f.write(data)
    os.rename(tmp, path)


class Sink:
    def __init__(self, args):
        self.dir = args.dir
        self.quiet = args.quiet
        self.temp = {a.lower() for a in args.temp_fail}
        self.perm = {a.lower() for a in args.perm_fail}
        self.data_temp = {a.lower() for a in args.data_temp_fail}
        self.data_perm = {a.lower() for a in args.data_perm_fail}
        self.count = 0
        self.sessions = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        a = address.lower()
        if a in self.temp:
            return "451 4.2.0 temporary failure for this recipient (sink)"
        if a in self.perm:
            return "550 5.1.1 no such user here (sink)"
        envelope.rcpt_tos.append(address)
        return "250 2.1.5 OK"

    async def handle_DATA(self, server, session, envelope):
        rcpts = {r.lower() for r in envelope.rcpt_tos}
        session.data_started = False
        if rcpts & self.data_temp:
            return "451 4.3.0 temporary failure at end of data (sink)"
        if rcpts & self.data_perm:
            return "554 5.6.0 message refused at end of data (sink)"
        self.count += 1
        n = self.count
        content = envelope.original_content or envelope.content
        if isinstance(content, str):
            content = content.encode("utf-8", "surrogateescape")
        meta = {
            "mail_from": envelope.mail_from,
            "rcpt_to": list(envelope.rcpt_tos),
            "peer": str(session.peer[0]) if session.peer else None,
            "peer_port": session.peer[1] if session.peer else None,
            "helo": session.host_name,
            "received_at": datetime.datetime.now(datetime.timezone.utc).isoformat(),
            "size": len(content),
            # session.ssl is set by STARTTLS only; implicit TLS shows on the transport.
            "tls": session.ssl is not None
            or server.transport.get_extra_info("sslcontext") is not None,
            "auth_user": getattr(session, "auth_user", None),
        }
        write_atomic(os.path.join(self.dir, f"{n}.eml"), content)
        write_atomic(os.path.join(self.dir, f"{n}.json"), json.dumps(meta).encode())
        session.stored = getattr(session, "stored", 0) + 1
        if not self.quiet:
            print(f"smtp-sink: stored message {n} ({len(content)} bytes)", file=sys.stderr, flush=True)
        return f"250 2.0.0 stored as {n}"


class SinkSMTP(SMTP):
    """Records, per connection, whether a DATA phase began and never finished."""

    async def smtp_DATA(self, arg):
        if self.session is not None and self.envelope is not None and self.envelope.rcpt_tos:
            self.session.data_started = True
        return await super().smtp_DATA(arg)

    def connection_lost(self, error):
        sink = self.event_handler
        sink.sessions += 1
        session = self.session
        record = {
            "peer": str(session.peer[0]) if session and session.peer else None,
            "messages": getattr(session, "stored", 0) if session else 0,
            "data_started": bool(getattr(session, "data_started", False)) if session else False,
        }
        try:
            write_atomic(
                os.path.join(sink.dir, "sessions", f"{sink.sessions}.json"),
                json.dumps(record).encode(),
            )
        except OSError as e:
            print(f"smtp-sink: cannot record session: {e}", file=sys.stderr, flush=True)
        super().connection_lost(error)


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--dir", required=True)
    p.add_argument("--port", type=int, default=0)
    p.add_argument("--hostname", default="sink.example")
    p.add_argument("--temp-fail", action="append", default=[])
    p.add_argument("--perm-fail", action="append", default=[])
    p.add_argument("--data-temp-fail", action="append", default=[])
    p.add_argument("--data-perm-fail", action="append", default=[])
    p.add_argument("--max-size", type=int, default=10 * 1024 * 1024)
    p.add_argument("--tls-cert")
    p.add_argument("--tls-key")
    p.add_argument("--starttls", action="store_true")
    p.add_argument("--require-starttls", action="store_true")
    p.add_argument("--implicit-tls", action="store_true")
    p.add_argument("--auth-user")
    p.add_argument("--auth-password-file")
    p.add_argument("--quiet", action="store_true")
    args = p.parse_args()

    os.makedirs(os.path.join(args.dir, "sessions"), exist_ok=True)
    tls_context = None
    if args.tls_cert or args.tls_key:
        tls_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        tls_context.load_cert_chain(args.tls_cert, args.tls_key)
    if (args.starttls or args.require_starttls or args.implicit_tls) and tls_context is None:
        p.error("TLS needs --tls-cert and --tls-key")

    kwargs = {
        "hostname": args.hostname,
        "data_size_limit": args.max_size,
        "decode_data": False,
        "enable_SMTPUTF8": False,
    }
    if args.starttls or args.require_starttls:
        kwargs["tls_context"] = tls_context
        kwargs["require_starttls"] = args.require_starttls
    if args.auth_user:
        with open(args.auth_password_file, "rb") as f:
            want_password = f.read().rstrip(b"\r\n")
        want_user = args.auth_user.encode()

        def authenticator(server, session, envelope, mechanism, auth_data):
            ok = (
                isinstance(auth_data, LoginPassword)
                and auth_data.login == want_user
                and auth_data.password == want_password
            )
            if ok:
                session.auth_user = auth_data.login.decode("utf-8", "replace")
            # handled=False: aiosmtpd then answers 535 itself (with the default it stays silent).
            return AuthResult(success=ok, handled=False, auth_data=auth_data)

        kwargs["authenticator"] = authenticator
        kwargs["auth_required"] = True
        kwargs["auth_require_tls"] = True
    else:
        # No AUTH offered at all without credentials to check.
        kwargs["auth_exclude_mechanism"] = ["LOGIN", "PLAIN"]

    sink = Sink(args)
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    server = loop.run_until_complete(
        loop.create_server(
            lambda: SinkSMTP(sink, loop=loop, **kwargs),
            host="127.0.0.1",
            port=args.port,
            ssl=tls_context if args.implicit_tls else None,
        )
    )
    port = server.sockets[0].getsockname()[1]
    print(port, flush=True)
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, loop.stop)
    try:
        loop.run_forever()
    finally:
        server.close()
        loop.run_until_complete(server.wait_closed())
        loop.close()


if __name__ == "__main__":
    main()
