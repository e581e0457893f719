#!/usr/bin/env python3
# Takes 1.5 s to start, then allows everyone: a program that loads a big database first.
import sys, time
time.sleep(1.5)
from struct import pack, unpack
while True:
    length = sys.stdin.buffer.read(2)
    if len(length) < 2:
        sys.exit(0)
    sys.stdin.buffer.read(unpack('>H', length)[0])
    sys.stdout.buffer.write(pack('>HH', 2, 1))
    sys.stdout.buffer.flush()
