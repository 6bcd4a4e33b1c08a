#!/usr/bin/env python3
"""Every reason in common/reason.h is produced by at least one test.

Test builds of civicd append "ERROR CODE" to $CIVIC_REASONS_SEEN for each
refusal they send. Run with --reset before the other tests (meson does:
priority 1000) and with the path of reason.h after them (priority -1000).
"""
import os
import re
import sys

log = os.environ["CIVIC_REASONS_SEEN"]
if sys.argv[1] == "--reset":
    open(log, "w").close()
    sys.exit(0)

# Reasons that only a broken machine or a bug in C can produce: the
# schema's triggers stand behind checks that C makes first, and the
# others need the disk or memory to fail under civicd. Each says why.
EXEMPT = {
    "R_PROTO_MEMORY": "civicd out of memory while reading",
    "R_ACCESS_LOG": "the access log cannot be written",
    "R_BACKUP_UNREADABLE": "the backup's temporary copy cannot be read",
    "R_BUDGET_RULE": "a budget trigger firing behind the C check",
    "R_CAP_RULE": "a cap trigger firing behind the C check",
    "R_MEETING_FULL_RULE": "a capacity trigger firing behind the C check",
    "R_PAYMENT_RULE": "a payment trigger firing behind the C check",
    "R_NOT_UTF8": "jansson refuses invalid UTF-8 before civic sees it",
    "R_AMOUNT_RANGE": "no method bounds an amount from above yet "
                      "(test-jfield produces it)",
}

text = open(sys.argv[1]).read().replace("\\\n", " ")
errors = dict(re.findall(r'X\((CIVIC_E_\w+),\s*"([^"]*)"\)',
                         open(os.path.join(os.path.dirname(sys.argv[1]),
                                           "errors.h")).read().replace("\\\n", " ")))
rows = re.findall(r'X\((R_\w+),\s*(CIVIC_E_\w+),\s*"([^"]*)"', text)
try:
    seen = set(open(log).read().split("\n"))
except FileNotFoundError:
    seen = set()
if not seen - {""}:
    print("1..1")
    print("not ok 1 - no refusal was noted: run the whole suite "
          "(meson test), which empties and fills " + log)
    sys.exit(1)
print("1..%d" % len(rows))
failed = 0
for i, (rid, err, code) in enumerate(rows, 1):
    key = "%s %s" % (errors[err], code or "-")
    if key in seen:
        print("ok %d - %s (%s) is produced by a test" % (i, rid, key))
    elif rid in EXEMPT:
        print("ok %d - %s # SKIP no test can produce it: %s"
              % (i, rid, EXEMPT[rid]))
    else:
        failed += 1
        print("not ok %d - %s (%s) is produced by no test" % (i, rid, key))
sys.exit(1 if failed else 0)
