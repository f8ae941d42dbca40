"""scripts/check_imports.py passes on the project and fails on each kind of bad import."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "check_imports.py"
APPS = ["mindful", "blog", "services", "contact"]


def check(root):
    command = [sys.executable, str(SCRIPT), str(root)]
    return subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603


def test_the_project_follows_the_import_rules():
    result = check(ROOT)
    assert result.returncode == 0, result.stdout
    assert "no cycles" in result.stdout


@pytest.fixture(scope="module")
def project_copy(tmp_path_factory):
    copy = tmp_path_factory.mktemp("project")
    for app in APPS:
        shutil.copytree(ROOT / app, copy / app, ignore=shutil.ignore_patterns("__pycache__"))
    return copy


@pytest.mark.parametrize(
    ("module", "line", "complaint"),
    [
        ("mindful/models.py", "from blog.models import BlogPostPage", "must not import"),
        ("blog/models/pages.py", "from contact.forms import InquiryForm", "internals"),
        ("blog/models/comments.py", "from blog.comments import comment_create", "cycle"),
        ("contact/tasks.py", "from contact.newsletter.views import signup", "entry point"),
        (
            "contact/forms.py",
            "def f():\n    from contact.inquiries import inquiry_create",
            "inside",
        ),
        ("services/migrations/0001_initial.py", "from services.models import Specialty", "only"),
    ],
)
def test_each_kind_of_bad_import_fails_the_check(project_copy, module, line, complaint):
    path = project_copy / module
    original = path.read_text()
    try:
        path.write_text(original + "\n" + line + "\n")
        result = check(project_copy)
    finally:
        path.write_text(original)
    assert result.returncode == 1
    assert complaint in result.stdout
