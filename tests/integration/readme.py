#!/usr/bin/env python3
"""README.md's tour, run as a new user would run it, against the demo.

Starts civicd the way `make run` does (a fresh demo database under a
var/ directory, the caller in the admin group), then runs every command
of the tour's console blocks in order, in one shell directory, with
stdout and stderr together as a terminal shows them, and compares what
civic prints with what the README shows. Runnable sh blocks are run too,
and must succeed.

What differs from machine to machine or day to day is matched as a
pattern on both sides: dates, times of day, the uptime, tokens, the
year of an application reference, and the directory make run was
started in. "..." on a line of its own stands for any lines; a line
that ends in " ..." for the rest of that line. A command must succeed,
unless the README shows its refusal (a line "civic: ..."). With
README_SHOW=1 in the environment it prints what every command printed,
for writing the README.
"""
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

readme = open(sys.argv[1], encoding="utf-8").read()
tour = readme[readme.index("## A short tour"):readme.index("## On a server")]

T = tempfile.mkdtemp(prefix="civic-readme.")
ROOT = "/home/you/civic"  # where the README's reader cloned civic
var = os.path.join(T, "var")
home = os.path.join(T, "home")
os.makedirs(var)
os.makedirs(home)
# In Danish, as the README's reader has it after make run's export.
env = dict(os.environ, HOME=home, CIVIC_SOCKET=os.path.join(var, "civicd.sock"),
           PATH=os.path.dirname(os.environ["CIVIC"]) + ":" + os.environ["PATH"],
           LANG="da_DK.UTF-8", LC_ALL="", LANGUAGE="")
env.pop("CIVIC_TOKEN", None)
if subprocess.run("locale -a | grep -qix da_DK.utf8", shell=True).returncode:
    print("1..0 # SKIP the da_DK.UTF-8 locale the tour speaks is missing "
          "(make test makes it: make locale)")
    sys.exit(0)
sock = env["CIVIC_SOCKET"]
# As make run starts it (see the Makefile), and where other users may
# reach it, as they may reach a clone in /home/you.
os.chmod(T, 0o755)
daemon = subprocess.Popen(
    [os.environ["CIVICD"], "--config", "/dev/null", "--socket", sock,
     "--database", os.path.join(var, "civic.db"), "--demo",
     "--socket-group", "users", "--admin-group", str(os.getgid()),
     "--coord-group", "4002"],
    stdout=subprocess.DEVNULL, stderr=open(os.path.join(T, "civicd.log"), "w"))
for _ in range(100):
    if os.path.exists(sock):
        break
    time.sleep(0.05)


def normal(text, actual):
    """The text with what varies replaced by names for it."""
    if actual:
        text = text.replace(T, ROOT).replace(ROOT + "/home", "/root")
    text = re.sub(r"civic_[A-Za-z0-9_-]{43}", "<token>", text)
    text = re.sub(r"\b\d\d\.\d\d\.\d{4}\b", "<date>", text)
    text = re.sub(r"\b\d\d:\d\d\b", "<time>", text)
    text = re.sub(r"\b20\d\d-(\d{4})\b", r"<year>-\1", text)
    text = re.sub(r"^((?:Up|Oppe): +).*$", r"\1<uptime>", text, flags=re.M)
    return [line.rstrip() for line in text.split("\n")]


def matches(want, got):
    """True if the README's lines want describe the output lines got."""
    def same(w, g):
        return g.startswith(w[:-4]) if w.endswith(" ...") else w == g

    def at(seg, i):
        return i + len(seg) <= len(got) and \
            all(same(w, got[i + k]) for k, w in enumerate(seg))

    segs, cur = [], []
    for w in want:
        if w.strip() == "...":
            segs.append(cur)
            cur = []
        else:
            cur.append(w)
    segs.append(cur)
    i = 0
    for n, seg in enumerate(segs):
        last = n == len(segs) - 1
        if n == 0:
            if not at(seg, 0):
                return False
            i = len(seg)
            continue
        if last and seg:
            if not at(seg, len(got) - len(seg)) or len(got) - len(seg) < i:
                return False
            i = len(got)
            continue
        while i <= len(got) - len(seg) and not at(seg, i):
            i += 1
        if i > len(got) - len(seg):
            return False
        i += len(seg)
    return i == len(got) or segs[-1] == []


# The tour's blocks, in order: (kind, text).
blocks = re.findall(r"```(console|sh)\n(.*?)```", tour, re.S)
steps = []
for kind, text in blocks:
    lines = text.rstrip("\n").split("\n")
    if kind == "sh":
        cmd = "\n".join(l for l in lines if not l.startswith("export "))
        if cmd.strip():
            steps.append((cmd, None))
        continue
    i = 0
    while i < len(lines):
        if not lines[i].startswith("$ "):
            i += 1
            continue
        cmd = lines[i][2:]
        while cmd.endswith("\\") and i + 1 < len(lines):
            i += 1
            cmd = cmd + "\n" + lines[i]
        i += 1
        out = []
        while i < len(lines) and not lines[i].startswith("$ "):
            out.append(lines[i])
            i += 1
        while out and out[-1] == "":
            out.pop()
        steps.append((cmd, out))

print("1..%d" % len(steps))
failed = 0
token = ""
for n, (cmd, want) in enumerate(steps, 1):
    argv, stdin = ["bash", "-c", cmd], ""
    if re.match(r"civic login\b", cmd):
        # On a terminal, as the README shows it: login asks for the
        # token without echo.
        # The token goes in once the prompt is up, as a person types it.
        env["README_TOKEN"] = token
        argv = ["bash", "-c", '(sleep 1; printf "%s\\n" "$README_TOKEN") | '
                'script -qec "$0" /dev/null', cmd]
    p = subprocess.run(argv, cwd=T, env=env, input=stdin,
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       text=True, timeout=60)
    p.stdout = p.stdout.replace("\r", "")
    found = re.findall(r"civic_[A-Za-z0-9_-]{43}", p.stdout)
    if found:
        token = found[-1]
    title = cmd.split("\n")[0].split("  #")[0].strip()
    refused = want is not None and any(l.startswith("civic: ") for l in want)
    ok = (p.returncode != 0) == refused
    if ok and want:
        got = normal(p.stdout.rstrip("\n"), True)
        ok = matches(normal("\n".join(want), False), got)
    if ok and os.environ.get("README_SHOW"):
        print("ok %d - %s" % (n, title))
        for line in p.stdout.rstrip("\n").split("\n"):
            print("# prints: " + line)
    elif ok:
        print("ok %d - %s" % (n, title))
    else:
        failed += 1
        print("not ok %d - %s" % (n, title))
        print("# exit status %d" % p.returncode)
        for line in (want or []):
            print("# README: " + line)
        for line in p.stdout.rstrip("\n").split("\n"):
            print("# prints: " + line)
daemon.send_signal(signal.SIGTERM)
daemon.wait(timeout=30)
shutil.rmtree(T)
sys.exit(1 if failed else 0)
