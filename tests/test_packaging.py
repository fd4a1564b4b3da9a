"""Packaging decisions that can be checked without Windows or macOS: the oldest macOS from the
wheels' tags, the workflow's trigger paths and steps, the installer script's requirements."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest
import yaml

REPO_ROOT = Path(__file__).resolve().parent.parent


def minimum_version_module():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location(
        "minimum_version", REPO_ROOT / "packaging" / "macos" / "minimum_version.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["minimum_version"] = module
    spec.loader.exec_module(module)
    return module


def test_minimum_macos_is_the_newest_wheel_minimum_for_the_architecture() -> None:
    mv = minimum_version_module()
    wheels = [
        ["cp39-abi3-macosx_14_0_arm64"],  # PySide6-style arm64 wheel
        ["cp312-cp312-macosx_10_13_x86_64", "cp312-cp312-macosx_14_0_arm64"],
        ["cp312-cp312-macosx_11_0_universal2"],
        ["py3-none-any"],
        ["cp312-cp312-manylinux_2_17_x86_64"],
    ]
    assert mv.minimum_for(wheels, "arm64") == "14.0"
    assert (
        mv.minimum_for([["cp312-cp312-macosx_10_13_x86_64"], ["cp39-abi3-macosx_13_0_x86_64"]], "x86_64")
        == "13.0"
    )
    # Nothing newer than the floor: the floor.
    assert mv.minimum_for([["cp312-cp312-macosx_10_9_x86_64"]], "x86_64") == "11.0"
    assert mv.wheel_minimum(["py3-none-any"], "arm64") is None


def test_installed_wheel_tags_are_read() -> None:
    mv = minimum_version_module()
    tags = mv.installed_wheel_tags()
    assert any(any("manylinux" in t or "none-any" in t for t in wheel) for wheel in tags)


@pytest.fixture(scope="module")
def workflow() -> dict:  # type: ignore[type-arg]
    text = (REPO_ROOT / ".github" / "workflows" / "installers.yml").read_text(encoding="utf-8")
    return yaml.safe_load(text)


def test_pull_requests_touching_the_bundled_code_and_data_run_the_installers(workflow: dict) -> None:  # type: ignore[type-arg]
    paths = workflow[True]["pull_request"]["paths"]  # YAML 1.1 reads the key `on` as True
    for needed in ("interview_sim/devices/**", "resources/**", "questions/**", "packaging/**"):
        assert needed in paths


def test_workflow_steps_cover_the_issue(workflow: dict) -> None:  # type: ignore[type-arg]
    steps = workflow["jobs"]["build"]["steps"]
    text = "\n".join(str(step.get("run", "")) for step in steps)
    assert "Start-Sleep -Seconds 5" not in text  # polls instead
    assert "홍길동" in text  # Hangul install and data folders on Windows
    assert "interview-sim-cli.exe" in text
    assert "LSMinimumSystemVersion" in text


def test_inno_script_requires_6_3_and_cleans_internal() -> None:
    script = (REPO_ROOT / "packaging" / "windows" / "interview_sim.iss").read_bytes()
    assert not script.startswith(b"\xef\xbb\xbf")  # UTF-8 without BOM, as 6.3+ reads it
    text = script.decode("utf-8")
    assert "#if PREPROCVER < EncodeVer(6, 3, 0)" in text
    assert "Languages\\Korean.isl" in text
    assert 'Type: filesandordirs; Name: "{app}\\_internal"' in text
