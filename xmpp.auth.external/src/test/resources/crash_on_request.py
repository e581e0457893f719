#!/usr/bin/env python3
# Dies in the middle of a request: reads it, answers nothing, exits 3.
import sys
sys.stdin.buffer.read(2)
sys.exit(3)
