"""The web app as a child process: a free loopback port, waiting until the page is served, and
stopping it. Shared by the cold-start benchmark, the load test and the browser tests.
"""
from __future__ import annotations

import socket
import subprocess
import time
import urllib.request


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_served(url: str, proc: subprocess.Popen, timeout: float,
                      poll: float = 0.2) -> None:
    """Return once `url` answers 200; RuntimeError if the process exits or time runs out."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"the app exited with code {proc.returncode} before serving")
        try:
            with urllib.request.urlopen(url, timeout=2) as reply:
                if reply.status == 200:
                    return
        except OSError:
            time.sleep(poll)
    raise RuntimeError(f"the app did not serve {url} within {timeout:.0f} s")


def stop(proc: subprocess.Popen, grace: float = 20) -> None:
    """Terminate the app, killing it if it does not stop within `grace` seconds."""
    proc.terminate()
    try:
        proc.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
