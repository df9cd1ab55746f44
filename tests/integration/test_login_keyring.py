"""`studio login` and `studio sync` with a real Secret Service (gnome-keyring on a private D-Bus):
the token goes to the keyring and nowhere else; without a keyring nothing is stored at all."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.hub.hubproc import PASSWORD, HubProcess

needs_keyring = pytest.mark.skipif(
    not (shutil.which("dbus-run-session") and shutil.which("gnome-keyring-daemon")),
    reason="needs dbus-run-session and gnome-keyring (apt-get install gnome-keyring dbus-x11)",
)


def every_byte_under(folder: Path) -> bytes:
    return b"".join(p.read_bytes() for p in folder.rglob("*") if p.is_file())


@needs_keyring
def test_login_stores_the_token_only_in_the_keyring_and_sync_uses_it(
    hub: HubProcess, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    studio = f"{sys.executable} -m studio --data-dir {data}"
    key = f"editor @ {hub.url}"
    script = f"""
set -e
printf 'keyring-password' | gnome-keyring-daemon --unlock --components=secrets >/dev/null
printf '%s\\n' '{PASSWORD}' | {studio} login --hub {hub.url} --user editor
{sys.executable} -c "import keyring; print('BACKEND', type(keyring.get_keyring()).__module__)"
{sys.executable} -c "import keyring; print('TOKEN', keyring.get_password('studio', '{key}'))"
{studio} sync
{studio} status --json
"""
    done = subprocess.run(
        ["dbus-run-session", "--", "sh", "-c", script],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "Signed in as editor (editor)" in done.stdout
    assert "BACKEND keyring.backends.SecretService" in done.stdout
    token = next(
        line.split(" ", 1)[1] for line in done.stdout.splitlines() if line.startswith("TOKEN ")
    )
    assert len(token) > 20
    assert "Received" in done.stdout  # the sync round ran with the keyring's token
    # The canary: the token is nowhere in the data folder (database, settings, logs).
    assert token.encode() not in every_byte_under(data)


def test_without_a_keyring_nothing_is_stored_and_the_user_is_told(
    hub: HubProcess, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "studio",
            "--data-dir",
            str(data),
            "login",
            "--hub",
            hub.url,
            "--user",
            "editor",
        ],
        input=PASSWORD + "\n",
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env={
            **os.environ,
            "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
            "QT_QPA_PLATFORM": "offscreen",
        },
    )
    assert done.returncode == 2
    assert "only in the system keyring" in done.stderr and "nothing was saved" in done.stderr
    assert "Traceback" not in done.stderr
    assert not (data / "workspaces").exists()
