"""Every public page type is valid HTML by the Nu HTML Checker (the W3C validator's engine).

The checker is a Java program that takes seconds to start, so all pages are written to
files and checked in one run. `scripts/ensure-test-services` installs it (npm `vnu-jar`).
"""

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings

from tests.inquiry_factories import inquiry_form_data
from tests.site_pages import INDEXABLE, utility_pages

VNU_JAR = Path(
    os.environ.get(
        "VNU_JAR",
        settings.BASE_DIR / ".cache/node/node_modules/vnu-jar/build/dist/vnu.jar",
    )
)


def nu_errors(files):
    """The checker's error messages for the given HTML files (warnings left out)."""
    java = shutil.which("java")
    if not VNU_JAR.exists() or java is None:
        pytest.fail(
            f"The Nu HTML Checker needs java and {VNU_JAR}: run scripts/ensure-test-services"
        )
    result = subprocess.run(  # noqa: S603 (a fixed command on files this test wrote)
        [java, "-jar", str(VNU_JAR), "--errors-only", "--format", "json", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(result.stderr or '{"messages": []}')["messages"]
    return [
        f"{Path(m.get('url', '')).name}:{m.get('lastLine')}: {m.get('message')}"
        for m in messages
        if m.get("type") == "error"
    ]


def test_every_page_type_passes_the_nu_html_checker(client, demo, tmp_path):
    pages = {name: client.get(path) for name, path in {**INDEXABLE, **utility_pages()}.items()}
    # Pages that only exist as answers to a POST: errors shown in a form, and after a POST.
    pages["inquiry with errors"] = client.post("/contact/", inquiry_form_data(email="nope"))
    pages["unsubscribed"] = client.post(utility_pages()["unsubscribe"])
    pages["signup with errors"] = client.post("/newsletter/", {"email": "nope"})
    files = []
    for name, response in pages.items():
        assert response.status_code in (200, 400, 404), (name, response.status_code)
        path = tmp_path / (re.sub(r"\W+", "-", name) + ".html")
        path.write_bytes(response.content)
        files.append(path)
    assert nu_errors(files) == []
