#!/usr/bin/env python3
"""No string a person reads is left out of the translation.

Makes a pseudo-language from po/civic.pot in which every translation is
its English text between ⟦ and ⟧, and runs civic in it (LANGUAGE=xx,
CIVIC_LOCALEDIR): the help of every command and group, and a tour of
every kind of output against the demo - tables, details, confirmations,
plurals, prompts, usage errors and refusals rendered from their figures.
What is left of the output when the bracketed text is taken out, and the
data civicd holds (each command's own --json reply, its arguments), must
hold no word: a word left is a string civic prints without marking it.
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

root = os.environ["MAN_DIR"]  # the source root
civic, civicd = os.environ["CIVIC"], os.environ["CIVICD"]
T = tempfile.mkdtemp(prefix="civic-unmarked.")
os.chmod(T, 0o755)  # a user without roles reads the catalogue too
n = 0
failed = 0


def ok(cond, desc, diag=""):
    global n, failed
    n += 1
    print(("ok" if cond else "not ok") + " %d - %s" % (n, desc))
    if not cond:
        failed += 1
        for line in diag.splitlines():
            print("# " + line)


# The pseudo-language: "⟦" + English + "⟧" (new lines at either end
# stay outside, as msgfmt wants them alike), written from civic.pot.
def pseudo(s):
    """s, escaped as in a .po file, between the brackets; what a %s puts
    in stays outside them, so it must be marked (or data) itself."""
    m = re.match(r"^((?:\\n)*)(.*?)((?:\\n)*)$", s, re.S)
    body = re.sub(r"%[-.0-9*]*s", lambda d: "⟧" + d.group(0) + "⟦", m.group(2))
    return m.group(1) + "⟦" + body + "⟧" + m.group(3)


pot = open(os.path.join(root, "po", "civic.pot"), encoding="utf-8").read()
out = ['msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n'
       '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n']
for e in pot.split("\n\n")[1:]:
    def get(key):
        m = re.search(r"^" + key + r" ((?:\".*\"\n?)+)", e + "\n", re.M)
        return None if m is None else "".join(
            re.findall(r'"((?:[^"\\]|\\.)*)"', m.group(1)))
    ctx, mid, pl = get("msgctxt"), get("msgid"), get("msgid_plural")
    if mid is None:
        continue
    b = ('msgctxt "%s"\n' % ctx if ctx is not None else "") + \
        'msgid "%s"\n' % mid
    if pl is not None:
        b += 'msgid_plural "%s"\nmsgstr[0] "%s"\nmsgstr[1] "%s"\n' % (
            pl, pseudo(mid), pseudo(pl))
    else:
        b += 'msgstr "%s"\n' % pseudo(mid)
    out.append(b)
po = os.path.join(T, "xx.po")
mo_dir = os.path.join(T, "locale", "xx", "LC_MESSAGES")
os.makedirs(mo_dir)
with open(po, "w", encoding="utf-8") as f:
    f.write("\n".join(out))
subprocess.run(["msgfmt", "--check", "-o", os.path.join(mo_dir, "civic.mo"),
                po], check=True)

sock = os.path.join(T, "civicd.sock")
env = dict(os.environ, LC_ALL="C.UTF-8", LANGUAGE="xx",
           CIVIC_LOCALEDIR=os.path.join(T, "locale"), CIVIC_SOCKET=sock,
           HOME=T, XDG_CONFIG_HOME=os.path.join(T, "config"),
           NO_COLOR="1", CIVIC_PAGER="cat", COLUMNS="300")
env.pop("CIVIC_TOKEN", None)
daemon = subprocess.Popen(
    [civicd, "--config", "/dev/null", "--socket", sock,
     "--database", os.path.join(T, "civic.db"), "--demo",
     "--admin-group", str(os.getgid()), "--socket-group", "4000"],
    stdout=subprocess.DEVNULL, stderr=open(os.path.join(T, "log"), "w"))
for _ in range(100):
    if os.path.exists(sock):
        break
    time.sleep(0.05)

commands = subprocess.run([civic, "help", "--commands"], env=env,
                          capture_output=True, text=True).stdout.split("\n")
commands = [c for c in commands if c]
ok(len(commands) > 40, "civic help --commands lists the commands")
words_ok = set(w for c in commands
               for w in re.findall(r"[a-z]+", c)) | {"civic", "civicd"}


def strings(v):
    """Every string (and number) in a JSON value, its keys too, and each
    line of a text, as civic may print them apart."""
    if isinstance(v, dict):
        for k, x in v.items():
            yield k
            yield from strings(x)
    elif isinstance(v, list):
        for x in v:
            yield from strings(x)
    elif isinstance(v, (str, int)) and not isinstance(v, bool):
        yield str(v)
        yield from str(v).split("\n")


def unmarked(text, data):
    """The words of text outside ⟦⟧, that are not data or names."""
    prev = None
    while prev != text:  # innermost first: a marked text inside another
        prev = text
        text = re.sub(r"⟦[^⟦⟧]*⟧", " ", text)
    text = re.sub(r"\((?:[a-z]+\.)+[A-Za-z]+\)", " ", text)  # error names
    text = re.sub(r"--[a-z-]+", " ", text)                   # options
    text = re.sub(r"civic_[A-Za-z0-9_-]+|CT1\.[A-Za-z0-9_.-]+", " ", text)
    text = re.sub(r"\b[A-Z0-9]{4} [A-Z0-9]{4}\b", " ", text)  # codes
    text = re.sub(r"\bkr\.|\b(?:true|false|null)\b", " ", text)
    text = re.sub(r"(?<![\w>])/[\w./-]+", " ", text)          # paths
    # Data as whole words only: a short value must not hide a word.
    for d in sorted(data, key=len, reverse=True):
        if d.strip():
            text = re.sub(r"(?<!\w)" + re.escape(d) + r"(?!\w)", " ", text)
    return [w for w in re.findall(r"[A-Za-zÆØÅæøå]{2,}", text)
            if w not in words_ok]


# The data civicd holds, as its replies give it: taken out of the text.
known = {T, sock} | {os.strerror(e) for e in range(1, 134)}  # libc's


def harvest(args):
    """Adds the strings of civic --json args's reply to what is data."""
    j = subprocess.run([civic, "--json"] + args, env=env,
                       capture_output=True, text=True)
    try:
        known.update(strings(json.loads(j.stdout)))
    except ValueError:
        pass


def run(args, desc, json_too=True, stdin=None):
    """Runs civic args in the pseudo-language; checks what it printed.
    The data is read before and after: civicd's own timers (retention,
    a checkpoint) may add an audit entry between the two runs."""
    if json_too:
        harvest(args)
    p = subprocess.run([civic] + args, env=env, capture_output=True,
                       text=True, input=stdin or "")
    out = p.stdout + p.stderr
    known.update(a for a in args if not a.startswith("--"))
    if json_too:
        harvest(args)
    left = unmarked(out, known)
    ok(not left and out.strip() != "", desc,
       "unmarked: %s\n%s" % (" ".join(sorted(set(left))), out))
    if left:  # meson shows a failed test's stderr
        sys.stderr.write("not ok: %s: unmarked: %s\n" % (desc, " ".join(
            sorted(set(left)))))
    return p


# Help: civic's, every group's, every command's.
run(["--help"], "civic --help", json_too=False)
run(["help"], "civic help", json_too=False)
for group in sorted(set(c.split()[0] for c in commands if " " in c)):
    run([group, "--help"], "civic %s --help" % group, json_too=False)
for c in commands:
    run(c.split() + ["--help"], "civic %s --help" % c, json_too=False)

# A tour of every kind of output, with the demo's data.
for args in (["meeting", "door-list", "1"], ["meeting", "door-list", "2"],
             ["application", "list", "--all"], ["applicant", "list"]):
    harvest(args)
for args in (["status"], ["whoami"], ["fund", "show", "2017"],
             ["application", "list", "--all"], ["application", "list"],
             ["application", "list", "--all", "--limit", "2", "--offset", "1"],
             ["application", "show", "1"], ["application", "show", "2"],
             ["applicant", "list"], ["applicant", "show", "1"],
             ["meeting", "list", "--all"], ["meeting", "show", "1"],
             ["meeting", "door-list", "1"], ["registration", "show", "1"],
             ["accounts", "overdue"], ["audit", "verify"],
             ["audit", "list", "--limit", "5"], ["audit", "checkpoint"],
             ["privacy", "purge", "--dry-run"],
             ["privacy", "erase", "--email", "nobody@example.org"],
             ["meeting", "pubkey"]):
    run(args, "civic " + " ".join(args))


def made(args):
    """Runs civic --json args (a change) and returns its reply."""
    j = subprocess.run([civic, "--json"] + args, env=env,
                       capture_output=True, text=True)
    known.update(strings(json.loads(j.stdout)))
    return json.loads(j.stdout)


# Changes, with their confirmations and plurals.
m = str(made(["meeting", "create", "--title", "Prøve", "--capacity", "3",
              "--party-max", "4", "--start", "1.6.2040 17:00",
              "--end", "19:00"])["meeting"]["id"])
run(["meeting", "schedule", m], "meeting schedule", json_too=False)
regs = []
for i, seats in ((1, "2"), (2, "1"), (3, "2"), (4, "1")):
    p = run(["register", "--name", "Person %d" % i, "--email",
             "p%d@x.dk" % i, "--seats", seats, m],
            "register (%s seats)" % seats, json_too=False)
    harvest(["meeting", "door-list", m])
run(["meeting", "show", m], "a meeting with a waiting list")
run(["meeting", "door-list", m], "the door list with a waiting list")
door = made(["meeting", "door-list", m])["registrations"]
ids = {r["name"]: str(r["id"]) for r in door}
run(["registration", "cancel", "--reason", "syg", ids["Person 2"]],
    "a cancellation that moves one up", json_too=False)
run(["registration", "cancel", "--reason", "syg", ids["Person 1"]],
    "a cancellation that moves more up", json_too=False)
run(["checkin", "--registration", ids["Person 3"], m], "a check-in",
    json_too=False)
run(["register", "--name", "Gæst", "--walk-in", "--seats", "2", m],
    "a walk-in", json_too=False)
run(["ticket", "verify", "--key",
     made(["meeting", "pubkey"])["key"],
     made(["registration", "show", ids["Person 3"]])["registration"]["ticket"]],
    "ticket verify", json_too=False)
a = str(made(["applicant", "add", "--email", "x@x.dk", "Ny Forening"])
        ["applicant"]["id"])
for verb in ("rotate", "revoke", "disable", "enable"):
    run(["applicant", verb, a], "applicant " + verb, json_too=False)
run(["grant", "approve", "--amount", "10000", "--committee", "KFU 1", "3"],
    "grant approve", json_too=False)
run(["grant", "pay", "--amount", "1000", "--reference", "B1", "3"],
    "grant pay", json_too=False)
run(["fund", "set", "--cap", "50000", "2041"], "fund set", json_too=False)
run(["logout"], "logout", json_too=False)

# Refusals, rendered from their figures, and usage errors.
for args, desc in (
        (["grant", "approve", "--amount", "900000", "--committee", "K", "4"],
         "a refusal with amounts"),
        (["grant", "approve", "--amount", "1", "--committee", "K", "1"],
         "a refusal with a status"),
        (["application", "show", "99"], "a refusal: not found"),
        (["register", "--name", "X", "--email", "x@y.dk", "1"],
         "a refusal with a time"),
        (["register", "--name", "X", "--email", "p4@x.dk", m],
         "a refusal with a number"),
        (["meeting", "edit", "--capacity", "1", m], "a refusal of capacity"),
        (["register", "--name", "X", "--email", "p9@x.dk", "--seats", "9",
          m], "a refusal of a party too large"),
        (["grant", "approve", "--amount", "abc", "--committee", "K", "3"],
         "a usage error with a value"),
        (["grant", "aprove"], "a typo"),
        (["apply", "--title", "X"], "a field apply would ask for"),
        (["grant", "approve", "--amount"], "an option without its value"),
        (["meeting", "show", "--bogus", "1"], "an unknown option"),
        (["grant"], "a group without a command"),
        (["ticket", "verify", "--key", "nope", "x"], "ticket verify refused"),
        (["audit", "list", "--object", "nothing"], "a bad --object"),
        (["-s", "/nonexistent/sock", "status"], "civicd unreachable"),
        (["call", "dk.civic.fund.Nothing"], "an unknown method")):
    run(args, desc, json_too=False)

# A caller without roles: the permission refusal names roles.
p = subprocess.run(["setpriv", "--reuid=1234", "--regid=1234",
                    "--groups=4000", civic, "application", "list"],
                   env=env, capture_output=True, text=True)
left = unmarked(p.stdout + p.stderr, set())
ok(not left, "a refusal that names roles", " ".join(left) + "\n" + p.stderr)

daemon.terminate()
daemon.wait()
shutil.rmtree(T, ignore_errors=True)
print("1..%d" % n)
sys.exit(1 if failed else 0)
