#!/usr/bin/env python3
"""Every method's flags in daemon/method.c are what the method does.

Test builds of civicd append, for each call that succeeded, a line
"call NAME flags=WPO wrote=0|1 personal=0|1" to $CIVIC_REASONS_SEEN (the
log reasons.py reads too): whether the call changed rows other than the
access log's, and whether it ran a statement that reads a column of
personal data (store.c's list). Run after every other test (meson gives
it priority -1000), with the schema directory, so that every method the
IDL declares is judged:

- every method is called successfully by some test;
- a write method (W) changes the database in some call; any other
  method never does (civicd refuses such a statement, so this holds
  twice);
- a personal-data method (P, or O for one that shows it only to the
  person it is about) reads personal data in some call; a read that is
  neither never reads any, so the access log misses nothing.
"""
import glob
import os
import re
import sys

log = os.environ["CIVIC_REASONS_SEEN"]
methods = []
for path in sorted(glob.glob(os.path.join(sys.argv[1], "*.varlink"))):
    text = open(path).read()
    iface = re.search(r"^interface\s+(\S+)", text, re.M).group(1)
    methods += [iface + "." + m
                for m in re.findall(r"^method\s+(\w+)", text, re.M)]

calls = {}
try:
    for line in open(log):
        m = re.match(r"call (\S+) flags=(\S+) wrote=(\d) personal=(\d)$",
                     line.strip())
        if m:
            c = calls.setdefault(m.group(1), {"flags": m.group(2),
                                              "wrote": set(),
                                              "personal": set()})
            c["wrote"].add(m.group(3) == "1")
            c["personal"].add(m.group(4) == "1")
except FileNotFoundError:
    pass
if not calls:
    print("1..1")
    print("not ok 1 - no call was noted: run the whole suite "
          "(meson test), which empties and fills " + log)
    sys.exit(1)

print("1..%d" % len(methods))
failed = 0
for i, name in enumerate(methods, 1):
    c = calls.get(name)
    why = None
    if c is None:
        why = "no test calls it successfully"
    elif "W" in c["flags"] and True not in c["wrote"]:
        why = "it is flagged a write, but no call changed anything"
    elif "W" not in c["flags"] and True in c["wrote"]:
        why = "it is a read, but a call changed the database"
    elif ("P" in c["flags"] or "O" in c["flags"]) \
            and True not in c["personal"]:
        why = "it is flagged personal, but no call read personal data"
    elif not set("WPO") & set(c["flags"]) and True in c["personal"]:
        why = "it reads personal data, but is not flagged personal " \
              "(so the access log misses it)"
    if why:
        failed += 1
        print("not ok %d - %s: %s" % (i, name, why))
    else:
        print("ok %d - %s is what its flags (%s) say" % (i, name,
                                                         c["flags"]))
sys.exit(1 if failed else 0)
