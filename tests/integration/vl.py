#!/usr/bin/env python3
"""vl.py - a raw varlink client for the tests that need control over
timing that socat does not give: pipelining many calls, not reading the
replies for a while, signalling the daemon between sending and reading.

usage: vl.py SOCKET COUNT METHOD [PARAMS] [--wait SEC] [--signal PID:SIG]
             [--pace SEC]

Sends COUNT calls of METHOD (PARAMS a JSON object; "{n}" in it is replaced
by the call's number, 1-based) on one connection, all at once (or one
every --pace seconds), then optionally sends a signal to a process, waits
--wait seconds without reading, and reads replies until COUNT have come
or the daemon closes. Prints each reply as one line of JSON, then
"replies: N" on stderr.
"""
import argparse
import json
import os
import signal
import socket
import sys
import time


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('socket')
    ap.add_argument('count', type=int)
    ap.add_argument('method')
    ap.add_argument('params', nargs='?', default='{}')
    ap.add_argument('--wait', type=float, default=0)
    ap.add_argument('--signal', default=None)
    ap.add_argument('--pace', type=float, default=0)
    a = ap.parse_args()

    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.connect(a.socket)
    frames = []
    for n in range(1, a.count + 1):
        p = json.loads(a.params.replace('{n}', str(n)))
        frames.append(json.dumps({'method': a.method, 'parameters': p})
                      .encode() + b'\0')
    if a.pace:
        for f in frames:
            s.sendall(f)
            time.sleep(a.pace)
    else:
        s.sendall(b''.join(frames))
    if a.signal:
        pid, sig = a.signal.split(':')
        time.sleep(0.2)  # the calls are on the socket by now
        os.kill(int(pid), getattr(signal, sig))
    time.sleep(a.wait)
    s.settimeout(30)
    buf = b''
    got = 0
    while got < a.count:
        try:
            chunk = s.recv(65536)
        except socket.timeout:
            break
        if not chunk:
            break
        buf += chunk
        while b'\0' in buf:
            msg, buf = buf.split(b'\0', 1)
            print(msg.decode())
            got += 1
    print('replies: %d' % got, file=sys.stderr)


main()
