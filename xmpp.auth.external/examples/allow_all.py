#!/usr/bin/env python3
# The seed's example external authentication program, ported to Python 3: it answers every
# request with success. Protocol: each request is a 2-byte big-endian length, then
# "verb:User:Server[:Password]"; each answer is 2 bytes of length (always 2), then 2 bytes 0 or 1.
import sys
from struct import pack, unpack


def from_server():
    length = sys.stdin.buffer.read(2)
    if len(length) < 2:
        sys.exit(0)  # the server closed our input: it is stopping
    (size,) = unpack('>H', length)
    return sys.stdin.buffer.read(size).decode('utf-8').split(':')


def to_server(success):
    sys.stdout.buffer.write(pack('>HH', 2, 1 if success else 0))
    sys.stdout.buffer.flush()


def auth(username, server, password):
    return True


def isuser(username, server):
    return True


def setpass(username, server, password):
    return True


while True:
    data = from_server()
    success = False
    if data[0] == "auth":
        success = auth(data[1], data[2], ':'.join(data[3:]))
    elif data[0] == "isuser":
        success = isuser(data[1], data[2])
    elif data[0] == "setpass":
        success = setpass(data[1], data[2], ':'.join(data[3:]))
    to_server(success)
