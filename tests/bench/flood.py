#!/usr/bin/env python3
"""flood.py MODE SOCKET SECONDS: one part of calls.sh's flood benchmark.

  connect  connects in a loop and never sends (each connection is kept
           until the daemon closes it or 200 are open, then dropped)
  refused  sends calls its uid may not make, as fast as answers come
  probe    one Whoami on a fresh connection at a time, timed; prints
           "N P50_MS P99_MS MAX_MS FAILED"

Each runs as the uid calls.sh gives it with setpriv.
"""
import json
import socket
import sys
import time

mode, path, seconds = sys.argv[1], sys.argv[2], float(sys.argv[3])
end = time.monotonic() + seconds


def connect():
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.connect(path)
    return s


def read_one(s, buf):
    while b'\0' not in buf:
        chunk = s.recv(65536)
        if not chunk:
            return None, b''
        buf += chunk
    msg, rest = buf.split(b'\0', 1)
    return json.loads(msg), rest


if mode == 'connect':
    held = []
    while time.monotonic() < end:
        try:
            held.append(connect())
        except OSError:
            time.sleep(0.001)
        if len(held) >= 200:
            for s in held:
                s.close()
            held = []
elif mode == 'refused':
    frame = b'{"method":"dk.civic.meetings.ShowRegistration","parameters":{"id":1}}\0'
    while time.monotonic() < end:
        try:
            s = connect()
            buf = b''
            for _ in range(100):
                s.sendall(frame)
                msg, buf = read_one(s, buf)
                if msg is None:
                    break
            s.close()
        except OSError:
            time.sleep(0.001)
elif mode == 'probe':
    frame = b'{"method":"dk.civic.core.Whoami"}\0'
    took, failed = [], 0
    while time.monotonic() < end:
        t = time.monotonic()
        try:
            s = connect()
            s.sendall(frame)
            msg, _ = read_one(s, b'')
            s.close()
            if msg is None or 'error' in msg:
                failed += 1
                continue
        except OSError:
            failed += 1
            continue
        took.append((time.monotonic() - t) * 1000)
        time.sleep(0.01)
    took.sort()
    n = len(took)
    if n == 0:
        print(0, 0, 0, 0, failed)
    else:
        print(n, '%.2f' % took[n // 2], '%.2f' % took[min(n - 1, n * 99 // 100)],
              '%.2f' % took[-1], failed)
else:
    sys.exit('usage: flood.py connect|refused|probe SOCKET SECONDS')
