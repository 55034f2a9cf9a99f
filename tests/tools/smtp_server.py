#!/usr/bin/python3
"""smtp_server.py - a strict SMTP server for Glocal's mail tests (Debian's python3-aiosmtpd).

    /usr/bin/python3 tests/tools/smtp_server.py OUT_DIR [--delay SECONDS] [--tls CERT KEY --auth USER:PASSWORD]

Listens on a free port of 127.0.0.1 and prints "PORT n" once it does. Every
message it accepts is appended to OUT_DIR/messages.jsonl, decoded by Python's
own e-mail parser (an implementation independent of Glocal's): its Message-ID,
envelope, decoded Subject and From name, text and HTML parts, and the raw size.
It is strict where a real server may be: a bare LF anywhere refuses the
message (550). Cues in the recipient's local part:
    reject...      550 at RCPT (a permanent failure)
    tempfailN...   451 at the end of DATA for the first N attempts of a Message-ID
Every attempt is appended to OUT_DIR/attempts.jsonl.
With --tls and --auth it insists on STARTTLS and then on AUTH with that user
and password before it takes any mail (530 otherwise, 535 for a wrong password).
"""
import asyncio
import email
import email.policy
import json
import os
import re
import ssl
import sys
import time

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword

OUT = sys.argv[1]
DELAY = float(sys.argv[sys.argv.index('--delay') + 1]) if '--delay' in sys.argv else 0.0
BARE_LF = re.compile(rb'(?<!\r)\n')
TLS = sys.argv[sys.argv.index('--tls') + 1:sys.argv.index('--tls') + 3] if '--tls' in sys.argv else None
AUTH = sys.argv[sys.argv.index('--auth') + 1].encode() if '--auth' in sys.argv else None


def append(name, record):
    with open(os.path.join(OUT, name), 'a', encoding='utf-8') as f:
        f.write(json.dumps(record, ensure_ascii=False) + '\n')
        f.flush()
        os.fsync(f.fileno())


def part(msg, kind):
    body = msg.get_body((kind,))
    return None if body is None else body.get_content().replace('\r\n', '\n')


class Strict:
    def __init__(self):
        self.tries = {}

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.split('@')[0].startswith('reject'):
            return '550 5.1.1 <%s>: mailbox unavailable' % address
        envelope.rcpt_tos.append(address)
        return '250 2.1.5 OK'

    async def handle_DATA(self, server, session, envelope):
        raw = envelope.original_content
        msg = email.message_from_bytes(raw, policy=email.policy.default)
        mid = str(msg.get('Message-ID', ''))
        self.tries[mid] = self.tries.get(mid, 0) + 1
        append('attempts.jsonl', {'message_id': mid, 'rcpt': envelope.rcpt_tos, 'at': time.time()})
        if BARE_LF.search(raw):
            return '550 5.6.0 Bare LF in the message (RFC 5321 2.3.8)'
        for rcpt in envelope.rcpt_tos:
            m = re.match(r'tempfail(\d+)', rcpt)
            if m and self.tries[mid] <= int(m.group(1)):
                return '451 4.3.0 Try again later'
        if DELAY:
            await asyncio.sleep(DELAY)
        sender = msg['From'].addresses[0] if msg['From'] else None
        append('messages.jsonl', {
            'message_id': mid,
            'tls': session.ssl is not None,
            'login': session.auth_data.decode() if isinstance(session.auth_data, bytes) else None,
            'mail_from': envelope.mail_from,
            'rcpt': envelope.rcpt_tos,
            'subject': str(msg['Subject']),
            'from_name': sender.display_name if sender else None,
            'from_address': sender.addr_spec if sender else None,
            'date': str(msg['Date']),
            'list_unsubscribe': msg['List-Unsubscribe'],
            'content_type': msg.get_content_type(),
            'text': part(msg, 'plain'),
            'html': part(msg, 'html'),
            'size': len(raw),
            'longest_line': max(len(line) for line in raw.split(b'\r\n')),
        })
        return '250 2.0.0 Accepted'


def authenticator(server, session, envelope, mechanism, auth_data):
    ok = isinstance(auth_data, LoginPassword) and auth_data.login + b':' + auth_data.password == AUTH
    return AuthResult(success=True, auth_data=auth_data.login) if ok else AuthResult(success=False, handled=False)


def smtp(handler):
    if not TLS:
        return SMTP(handler, data_size_limit=8 << 20)
    ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ctx.load_cert_chain(TLS[0], TLS[1])
    return SMTP(handler, data_size_limit=8 << 20, tls_context=ctx, require_starttls=True,
                auth_required=True, auth_require_tls=True, authenticator=authenticator)


async def main():
    handler = Strict()
    loop = asyncio.get_running_loop()
    server = await loop.create_server(lambda: smtp(handler), '127.0.0.1', 0)
    print('PORT %d' % server.sockets[0].getsockname()[1], flush=True)
    async with server:
        await server.serve_forever()   # until the test stops us


asyncio.run(main())
