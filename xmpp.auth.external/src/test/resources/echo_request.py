#!/usr/bin/env python3
# Writes each request it gets to the file named in argv[1] (one per line), answers success:
# lets a test see exactly what the server sent.
import sys
from struct import pack, unpack
log = open(sys.argv[1], 'a', encoding='utf-8')
while True:
    length = sys.stdin.buffer.read(2)
    if len(length) < 2:
        sys.exit(0)
    log.write(sys.stdin.buffer.read(unpack('>H', length)[0]).decode('utf-8') + '\n')
    log.flush()
    sys.stdout.buffer.write(pack('>HH', 2, 1))
    sys.stdout.buffer.flush()
