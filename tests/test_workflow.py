"""The GitHub Pages workflow: valid against GitHub's workflow schema, clean under zizmor's
audit (offline), and built from the same `make site` with the address configure-pages gives."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml

from tests.conftest import REPO

WORKFLOW = REPO / ".github" / "workflows" / "pages.yml"
TOOLS = Path(sys.executable).parent


def run_tool(*arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(TOOLS / arguments[0]), *arguments[1:]],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_workflow_matches_the_github_workflow_schema() -> None:
    result = run_tool(
        "check-jsonschema", "--builtin-schema", "vendor.github-workflows", str(WORKFLOW)
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_zizmor_finds_nothing_in_the_workflows() -> None:
    result = run_tool(
        "zizmor",
        "--offline",
        "--persona",
        "pedantic",
        "--config",
        "zizmor.yml",
        ".github/workflows",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No findings to report" in result.stdout


def _steps(workflow: dict[str, Any]) -> list[dict[str, Any]]:
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


def test_workflow_builds_with_make_site_and_deploys_with_the_official_actions() -> None:
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    steps = _steps(workflow)
    actions = [step["uses"].partition("@")[0] for step in steps if "uses" in step]
    assert actions.index("actions/configure-pages") < actions.index("actions/upload-pages-artifact")
    assert actions[-1] == "actions/deploy-pages"
    build = next(step for step in steps if step.get("run") == "make site")
    configure = next(step for step in steps if step.get("uses", "").startswith("actions/configure"))
    # The address comes from configure-pages, so a fork needs no edit.
    assert build["env"] == {
        "DOSSIER_SITE_URL": f"${{{{ steps.{configure['id']}.outputs.base_url }}}}"
    }
    upload = next(step for step in steps if step.get("uses", "").startswith("actions/upload-pages"))
    assert upload["with"]["path"] == "site"
    assert workflow["permissions"] == {}
    checkout = next(step for step in steps if step.get("uses", "").startswith("actions/checkout"))
    assert checkout["with"]["persist-credentials"] is False
