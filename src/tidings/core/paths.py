"""Where tidings keeps its data: platform user dirs, overridable for tests.

Order: explicit argument (CLI flag) > environment variable > platformdirs default.
Nothing is created at import time.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP = "tidings"
ENV_DB = "TIDINGS_DB"
ENV_CONFIG = "TIDINGS_CONFIG"
ENV_DATA_DIR = "TIDINGS_DATA_DIR"


def data_dir() -> Path:
    env = os.environ.get(ENV_DATA_DIR)
    if env:
        return Path(env)
    return Path(platformdirs.user_data_dir(APP, appauthor=False))


def default_db_path(explicit: str | os.PathLike[str] | None = None) -> Path:
    if explicit:
        return Path(explicit)
    env = os.environ.get(ENV_DB)
    if env:
        return Path(env)
    return data_dir() / "tidings.db"


def default_config_path(explicit: str | os.PathLike[str] | None = None) -> Path:
    if explicit:
        return Path(explicit)
    env = os.environ.get(ENV_CONFIG)
    if env:
        return Path(env)
    local = Path("feeds.yaml")
    if local.exists():
        return local
    return Path(platformdirs.user_config_dir(APP, appauthor=False)) / "feeds.yaml"


def save_dir(configured: str | None) -> Path:
    """Where articles are saved: feeds.yaml's `save_dir` (`~` expanded), else
    `default_save_dir()`. May stat the file system."""
    return Path(configured).expanduser() if configured else default_save_dir()


def default_save_dir() -> Path:
    """Where `S` and `tidings save` put articles when feeds.yaml's `save_dir` is not set:
    the user's downloads dir if it exists (platformdirs: XDG's DOWNLOAD dir, ~/Downloads),
    else the home dir. Looked up at each save: the dir may come or go meanwhile."""
    downloads = Path(platformdirs.user_downloads_dir())
    try:
        if downloads.is_dir():
            return downloads
    except OSError:
        pass
    return Path.home()


def download_dir(configured: str | None) -> Path:
    """Where `e` and `tidings download` put enclosures: feeds.yaml's `download_dir` (`~`
    expanded), else a `tidings` folder in the user's downloads dir (platformdirs:
    XDG's DOWNLOAD dir, ~/Downloads), made when the first file comes."""
    if configured:
        return Path(configured).expanduser()
    return Path(platformdirs.user_downloads_dir()) / APP
