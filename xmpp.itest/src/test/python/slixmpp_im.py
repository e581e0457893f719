"""RFC 6121 with slixmpp, a second client next to Smack: subscription handshake (slixmpp's
own auto-authorize and auto-subscribe), presence both ways, unavailable presence for a killed
connection, and an offline message with its XEP-0203 delay stamp at the next login.

Usage: slixmpp_im.py <port> <certificate file> <romeo jid> <juliet jid> <password>
Prints one line per step; exits 0 when every step passed, 1 with the failed step otherwise."""
import asyncio
import sys

import slixmpp

PORT, CERT, ROMEO, JULIET, PASSWORD = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5]
STEP_SECONDS = 20


class Client(slixmpp.ClientXMPP):
    def __init__(self, jid):
        super().__init__(jid, PASSWORD)
        self.register_plugin('xep_0203')
        self.ssl_context.load_verify_locations(CERT)
        self.ready = asyncio.Event()
        self.messages = asyncio.Queue()
        self.add_event_handler('session_start', self.start)
        self.add_event_handler('message', lambda m: self.messages.put_nowait(m))

    async def start(self, _):
        await self.get_roster()
        self.send_presence()
        self.ready.set()


async def until(what, check):
    for _ in range(STEP_SECONDS * 10):
        if check():
            print('ok: ' + what, flush=True)
            return
        await asyncio.sleep(0.1)
    raise AssertionError(what)


async def online(jid):
    c = Client(jid)
    c.connect(address=('127.0.0.1', PORT), force_starttls=True)
    await asyncio.wait_for(c.ready.wait(), STEP_SECONDS)
    return c


def subscription(client, contact):
    return client.client_roster[contact]['subscription']


def available(client, contact):
    return len(client.client_roster.presence(contact)) > 0


async def main():
    romeo = await online(ROMEO)
    juliet = await online(JULIET)
    print('ok: both logged in over STARTTLS', flush=True)

    romeo.send_presence_subscription(pto=JULIET)   # juliet's client approves and asks back by itself
    await until('romeo and juliet subscribed both ways',
                lambda: subscription(romeo, JULIET) == 'both' and subscription(juliet, ROMEO) == 'both')
    await until('each sees the other available', lambda: available(romeo, JULIET) and available(juliet, ROMEO))

    juliet.abort()   # the connection dies without a word
    await until('romeo sees juliet go unavailable', lambda: not available(romeo, JULIET))

    romeo.send_message(mto=JULIET, mbody='while you were away', mtype='chat')
    await romeo.get_roster()   # answered after the message: it is stored by now
    juliet = await online(JULIET)
    message = await asyncio.wait_for(juliet.messages.get(), STEP_SECONDS)
    assert message['body'] == 'while you were away', message
    assert message['delay']['stamp'] is not None, 'no XEP-0203 delay stamp: ' + str(message)
    print('ok: the offline message arrives at the next login, stamped ' + str(message['delay']['stamp']), flush=True)
    await until('romeo sees juliet back', lambda: available(romeo, JULIET))

    romeo.disconnect()
    juliet.disconnect()
    print('all passed', flush=True)


try:
    asyncio.get_event_loop().run_until_complete(asyncio.wait_for(main(), 120))
except (AssertionError, asyncio.TimeoutError) as failed:
    print('FAILED at: ' + (str(failed) or type(failed).__name__), flush=True)
    sys.exit(1)
