"""scripts/setup.sh fails clearly when Python 3.10 is missing."""

import shutil
import subprocess

from bot.config import PROJECT_ROOT


def run_setup_without_python310(tmp_path, extra_env=None):
    # A copy of the project's set-up in an empty folder, so the real .venv is
    # never touched, and a PATH and HOME that hold no Python 3.10 or pyenv.
    (tmp_path / "scripts").mkdir()
    shutil.copy(PROJECT_ROOT / "scripts" / "setup.sh", tmp_path / "scripts" / "setup.sh")
    shutil.copy(PROJECT_ROOT / "requirements.txt", tmp_path / "requirements.txt")
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), **(extra_env or {})}
    return subprocess.run(
        ["bash", str(tmp_path / "scripts" / "setup.sh")],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60,
    )


def test_missing_python310_gives_a_clear_message_and_exit_code(tmp_path):
    result = run_setup_without_python310(tmp_path)
    assert result.returncode == 3
    assert "Python 3.10 was not found" in result.stderr
    assert "pyenv install 3.10" in result.stderr
    assert not (tmp_path / ".venv").exists()


def test_a_wrong_python_named_explicitly_is_not_accepted(tmp_path):
    other = shutil.which("python3", path="/usr/bin:/bin")
    assert other, "the test needs some non-3.10 python3 in /usr/bin"
    result = run_setup_without_python310(tmp_path, {"PYTHON310": other})
    assert result.returncode == 3
    assert "Python 3.10 was not found" in result.stderr
