#!/usr/bin/env bash
# Measures ejabberd or Prosody (Debian's packages) with the same SINT run as this server:
#   xmpp.itest/compliance/run-peer.sh ejabberd|prosody [Maven arguments...]
# Starts the peer on 127.0.0.1:5222 with the configuration next to this script and a fresh data
# folder, creates the admin account with the peer's own tool, runs SmackComplianceIT with
# -Dsint.peer (the report lands in xmpp.itest/target/sint/<peer>.txt), and stops the peer.
# Needs root (the peers run as their own users) and a free port 5222; the packages must be
# installed (apt-get install ejabberd prosody; Debian's policy-rc.d keeps them from starting).
set -euo pipefail
peer=${1:?usage: run-peer.sh ejabberd|prosody [Maven arguments...]}; shift
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
password=admin-secret
ulimit -n "$(ulimit -Hn)"   # as high as allowed: both peers warn at a default of 1024

if (echo > /dev/tcp/127.0.0.1/5222) 2>/dev/null; then
  echo "error: port 5222 is taken; stop what listens there (ss -ltnp | grep 5222) and run again" >&2
  exit 1
fi

data=$(mktemp -d "/tmp/sint-$peer.XXXXXX")
case "$peer" in
  ejabberd)
    chown ejabberd "$data"
    # A configuration folder of its own: Debian's /etc/ejabberd/ejabberdctl.cfg would name /etc/ejabberd/ejabberd.yml again.
    cp "$here/ejabberd.yml" /etc/ejabberd/inetrc "$data/"
    ctl() { ejabberdctl --config-dir "$data" --spool "$data" --logs "$data" --node "sint@localhost" "$@"; }
    stop() { ctl stop >/dev/null 2>&1 || true; ctl stopped >/dev/null 2>&1 || true; }
    trap 'stop; rm -rf "$data"' EXIT
    ctl start
    ctl started
    ctl register admin localhost "$password"
    ;;
  prosody)
    chown prosody "$data"
    as_prosody() { runuser -u prosody -- env PROSODY_DATA="$data" "$@"; }
    # A process group of its own, so that stopping it reaches Prosody under runuser.
    setsid runuser -u prosody -- env PROSODY_DATA="$data" prosody --config "$here/prosody.cfg.lua" > "$data/prosody.log" 2>&1 &
    pid=$!
    trap 'kill -- -$pid 2>/dev/null || true; wait $pid 2>/dev/null || true; rm -rf "$data"' EXIT
    for _ in $(seq 1 50); do (echo > /dev/tcp/127.0.0.1/5222) 2>/dev/null && break; sleep 0.2; done
    as_prosody prosodyctl --config "$here/prosody.cfg.lua" register admin localhost "$password"
    ;;
  *) echo "error: unknown peer '$peer'; ejabberd or prosody" >&2; exit 2 ;;
esac

cd "$root"
bin/mvn -B verify -pl xmpp.itest -Dit.test=SmackComplianceIT -Dsint.peer="$peer" -Dsint.adminPassword="$password" "$@"
