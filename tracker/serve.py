"""Serving the dashboard: the port is checked first, then Streamlit runs on 127.0.0.1.

Streamlit reports a taken port only after it has started (and `tracker` had already printed
the URL), so the port is tried here first with a bind of our own, as Tornado will bind it.
"""

from __future__ import annotations

import errno
import os
import socket
import subprocess
import sys
from pathlib import Path

from tracker.errors import ConfigError

HOST = "127.0.0.1"
DASHBOARD_APP = Path(__file__).resolve().parent.parent / "dashboard" / "app.py"


class PortUnavailable(ConfigError):
    """The dashboard cannot listen on the port asked for (taken, privileged, out of range)."""


def check_port(port: int, host: str = HOST) -> None:
    """Raise PortUnavailable unless a server could listen on `host:port` now."""
    if not 1 <= port <= 65535:
        raise PortUnavailable(f"port {port} is not a TCP port (1-65535)")
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        # As Tornado binds: a port held only by connections closing (TIME_WAIT) is free.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
            probe.listen(1)
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise PortUnavailable(
                    f"port {port} on {host} is already in use (another dashboard?); "
                    "stop that server or choose another port with --port"
                ) from None
            raise PortUnavailable(
                f"cannot listen on {host}:{port}: {exc.strerror or exc}"
            ) from None


def streamlit_command(port: int, host: str = HOST) -> list[str]:
    """The settings of .streamlit/config.toml, given as flags so they hold from any folder."""
    return [
        sys.executable, "-m", "streamlit", "run", str(DASHBOARD_APP),
        "--server.address", host,
        "--server.port", str(port),
        "--server.headless", "true",
        "--browser.gatherUsageStats", "false",
        # Tracebacks hold SQL and file paths: the server's log only (.streamlit/config.toml).
        "--client.showErrorDetails", "none",
    ]  # fmt: skip


def run_dashboard(database_url: str, port: int) -> int:
    """Run the dashboard until it stops; its exit code."""
    env = os.environ | {"TRACKER_DATABASE_URL": database_url}
    return subprocess.run(streamlit_command(port), env=env, check=False).returncode
