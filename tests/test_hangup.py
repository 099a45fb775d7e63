"""The reader quits when its terminal hangs up, even with no SIGHUP to tell it (under
`make run`, or a shell that does not pass it on): it used to spin at 100% CPU for ever."""

from __future__ import annotations

import os
import select
import subprocess
import sys
import time

from tidings.tui import hangup

LAUNCH = (
    "import signal, sys; from pathlib import Path;"
    "signal.signal(signal.SIGHUP, signal.SIG_IGN);"  # as when the signal does not come
    "from tidings.core.models import Config, Settings;"
    "from tidings.tui.app import make_app;"
    "make_app(Config(settings=Settings(refresh_on_startup=False)), Path(sys.argv[1])).run()"
)


def test_a_hung_up_terminal_is_gone():
    master, slave = os.openpty()
    try:
        assert hangup.watchable(slave) and not hangup.gone(slave)
        os.close(master)
        assert hangup.gone(slave)
    finally:
        os.close(slave)
    assert hangup.gone(None) and not hangup.watchable(None)


def test_the_reader_quits_when_its_terminal_hangs_up(tmp_path):
    master, slave = os.openpty()
    env = dict(os.environ, TERM="xterm-256color")
    proc = subprocess.Popen(
        [sys.executable, "-c", LAUNCH, str(tmp_path / "h.db")],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=env,
        start_new_session=True,
        close_fds=True,
    )
    os.close(slave)
    try:
        seen = b""
        deadline = time.monotonic() + 60
        while b"No feeds yet" not in seen and time.monotonic() < deadline:
            ready, _, _ = select.select([master], [], [], 1.0)
            if ready:
                seen += os.read(master, 65536)
        assert b"No feeds yet" in seen  # the reader is up (its empty list's hint)
    finally:
        os.close(master)  # the terminal goes away
    try:
        assert proc.wait(timeout=30) is not None
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
