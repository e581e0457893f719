#!/usr/bin/env python3
# Answers with something that is not the protocol: a length of 7.
import sys
from struct import unpack
while True:
    length = sys.stdin.buffer.read(2)
    if len(length) < 2:
        sys.exit(0)
    sys.stdin.buffer.read(unpack('>H', length)[0])
    sys.stdout.buffer.write(b'\x00\x07\x00\x01')
    sys.stdout.buffer.flush()
