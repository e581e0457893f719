#!/usr/bin/env python3
# Reads requests and never answers.
import sys, time
while sys.stdin.buffer.read(1):
    pass
time.sleep(3600)
