#!/usr/bin/env python3
"""activate.py - plays systemd's part in the restart test: it holds the
listening socket (as civicd.socket does) and runs the daemon with it by
socket activation (LISTEN_FDS, LISTEN_PID). On SIGUSR1 it restarts the
daemon as `systemctl restart civicd.service` would: SIGTERM, wait for it
to exit, start it again; the socket stays open throughout, so connections
made meanwhile wait in its queue. On SIGTERM it stops the daemon and
exits with the daemon's status. Each restart's exit status is printed on
stdout as "exit N".

usage: activate.py SOCKET COMMAND...
"""
import os
import signal
import socket
import subprocess
import sys


SIGNALS = {signal.SIGUSR1, signal.SIGTERM, signal.SIGCHLD}


def start(cmd):
    # LISTEN_PID must be the daemon's pid: the shell sets it to its own,
    # then becomes the daemon, with the signals this process waits for
    # unblocked again.
    return subprocess.Popen(
        ['sh', '-c', 'LISTEN_PID=$$ LISTEN_FDS=1 exec "$@"', 'sh'] + cmd,
        pass_fds=(3,),
        preexec_fn=lambda: signal.pthread_sigmask(signal.SIG_UNBLOCK,
                                                  SIGNALS))


def main():
    path, cmd = sys.argv[1], sys.argv[2:]
    if os.path.exists(path):
        os.unlink(path)
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.bind(path)
    os.chmod(path, 0o666)
    sock.listen(1024)
    os.dup2(sock.fileno(), 3)
    os.set_inheritable(3, True)

    sigs = SIGNALS
    signal.pthread_sigmask(signal.SIG_BLOCK, sigs)
    daemon = start(cmd)
    while True:
        sig = signal.sigwait(sigs)
        if sig == signal.SIGCHLD:
            if daemon.poll() is not None:
                # It exited on its own: that is the test's to see.
                print('exit %d' % daemon.returncode, flush=True)
                sys.exit(daemon.returncode)
            continue
        daemon.send_signal(signal.SIGTERM)
        rc = daemon.wait()
        print('exit %d' % rc, flush=True)
        if sig == signal.SIGTERM:
            sys.exit(rc)
        daemon = start(cmd)


if __name__ == '__main__':
    main()
