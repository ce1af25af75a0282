"""The load script's arithmetic and verdict (the run itself is in docs/load.md: it starts gunicorn
and takes a minute, too long for every test run)."""

from __future__ import annotations

import argparse
import importlib.util
import shutil
import subprocess
import sys
from types import ModuleType

from tests.conftest import REPO


def _load() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_load", REPO / "bench" / "load.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_load"] = module
    spec.loader.exec_module(module)
    return module


def test_percentiles_are_nearest_rank():
    load = _load()
    values = [n / 1000 for n in range(1, 101)]  # 1 ms … 100 ms
    # nearest rank: p50 of 100 values is the 50th, p95 the 95th, p99 the 99th
    assert load.percentile(values, 50) == 50
    assert load.percentile(values, 95) == 95
    assert load.percentile(values, 99) == 99
    # 10 values: p95 is the ceil(9.5) = 10th value, p50 the 5th
    assert load.percentile([n / 1000 for n in range(10, 101, 10)], 95) == 100
    assert load.percentile([n / 1000 for n in range(10, 101, 10)], 50) == 50


def test_report_counts_rate_and_fails_on_any_error(capsys):
    load = _load()
    stats = load.Stats()
    for n in range(1, 11):
        stats.record(load.PAGES[0], n / 1000, None)
    args = argparse.Namespace(users=4, workers=3, think=0.5)
    # 10 requests in 5 s: 2.0 per second
    assert load.report(stats, 5.0, args, matches=3) == 0
    out = capsys.readouterr().out
    assert "requests 10, 2.0 per second, errors 0" in out
    assert "| volunteer: portal start" in out
    stats.record(load.PAGES[6], 0.2, "302 /konto/login/?next=/admin/")
    assert load.report(stats, 5.0, args, matches=3) == 1
    assert "errors on coordinator: admin home" in capsys.readouterr().out


def test_the_server_environment_passes_the_production_settings(tmp_path):
    """The run stopped at its first command once production required a new setting: the
    environment the script gives gunicorn must load the settings with DEBUG off."""
    load = _load()
    env = load.server_env("postgres://root@127.0.0.1:5432/none_load", "redis://127.0.0.1:1/0", "q")
    env["DJANGO_SETTINGS_MODULE"] = "wegbegleitung.settings"
    try:
        done = subprocess.run(
            [sys.executable, "-c", "import django; django.setup(); from django.conf import "
             "settings; print(settings.DEBUG)"],
            env=env, cwd=REPO, capture_output=True, text=True, timeout=120,
        )  # fmt: skip
    finally:
        shutil.rmtree(env["PRIVATE_FILES_ROOT"], ignore_errors=True)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "False"
