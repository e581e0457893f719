#!/usr/bin/env python3
# A realistic external authentication program: accounts in a text file, one per line,
# "user:server:password" (the password is the rest of the line, so it may contain ':').
# Usage: users_file.py /path/to/users.txt
# Answers auth, isuser, setpass, tryregister, removeuser and removeuser3 as ejabberd asks them.
import os
import sys
import tempfile
from struct import pack, unpack

USERS = sys.argv[1]


def load():
    accounts = {}
    if os.path.exists(USERS):
        with open(USERS, encoding='utf-8') as f:
            for line in f:
                line = line.rstrip('\n')
                if line.count(':') >= 2:
                    user, server, password = line.split(':', 2)
                    accounts[(user, server)] = password
    return accounts


def save(accounts):
    fd, tmp = tempfile.mkstemp(dir=os.path.dirname(os.path.abspath(USERS)))
    with os.fdopen(fd, 'w', encoding='utf-8') as f:
        for (user, server), password in sorted(accounts.items()):
            f.write(f"{user}:{server}:{password}\n")
    os.replace(tmp, USERS)


def answer(parts):
    verb = parts[0]
    user, server = parts[1], parts[2]
    password = ':'.join(parts[3:])
    accounts = load()
    key = (user, server)
    if verb == 'auth':
        return accounts.get(key) == password
    if verb == 'isuser':
        return key in accounts
    if verb == 'setpass':
        if key not in accounts:
            return False
        accounts[key] = password
        save(accounts)
        return True
    if verb == 'tryregister':
        if key in accounts:
            return False
        accounts[key] = password
        save(accounts)
        return True
    if verb == 'removeuser':
        if accounts.pop(key, None) is None:
            return False
        save(accounts)
        return True
    if verb == 'removeuser3':
        if accounts.get(key) != password:
            return False
        del accounts[key]
        save(accounts)
        return True
    return False


while True:
    length = sys.stdin.buffer.read(2)
    if len(length) < 2:
        sys.exit(0)
    (size,) = unpack('>H', length)
    request = sys.stdin.buffer.read(size).decode('utf-8').split(':')
    sys.stdout.buffer.write(pack('>HH', 2, 1 if answer(request) else 0))
    sys.stdout.buffer.flush()
