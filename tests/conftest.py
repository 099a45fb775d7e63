"""Shared test setup: no test ever touches the real home directory, and no proxy of
the machine's stands between the tests and their servers on 127.0.0.1."""

import pytest

PROXY_VARS = ["HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY"]
PROXY_VARS += [name.lower() for name in PROXY_VARS]


@pytest.fixture(autouse=True)
def _isolated_dirs(tmp_path_factory, monkeypatch):
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / ".cache"))
    monkeypatch.setenv("TIDINGS_DATA_DIR", str(home / "data"))
    monkeypatch.delenv("TIDINGS_DB", raising=False)
    monkeypatch.delenv("TIDINGS_CONFIG", raising=False)
    monkeypatch.delenv("SSH_CONNECTION", raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)
    for name in PROXY_VARS:
        monkeypatch.delenv(name, raising=False)
