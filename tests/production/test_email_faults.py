"""Email faults through the whole deployment (Caddy, gunicorn, db_worker, aiosmtpd,
PostgreSQL): the mail server stops during signups, inquiries and a send; the worker is
killed in the middle of a send to a few hundred readers; PostgreSQL restarts while
people submit. After the recovery path the README documents, every email has arrived
exactly once (counted per recipient in aiosmtpd) and every acknowledged submission is
stored once."""

import threading
import time
import uuid
from collections import Counter

import requests

from tests.production.posts import new_post
from tests.production.test_inquiries import PRACTICE_INBOX, inquiry_data
from tests.production.visitor import body_text
from tests.servers import wait_until

BULK_READERS = 300


# A copy of the newest demo post under a new title, published now; prints its id and
# title. Each test sends a post of its own, so no earlier send of it holds readers back.
def subscribed_readers(stack):
    rows = stack.query("SELECT email FROM newsletter_subscriber WHERE status = 'subscribed'")
    return {email for (email,) in rows}


def send_post(stack, admin, post_id):
    """Send the post from the admin, as a clinician does; returns the send's subject."""
    subject = f"Faults {uuid.uuid4().hex[:8]}"
    form = admin.form("/admin/newsletter_sends/new/", containing="subject")
    response = admin.post(
        "/admin/newsletter_sends/new/",
        data={**form.fields, "post": post_id, "subject": subject, "preview_text": ""},
    )
    assert response.status_code == 302, response.text[:3000]
    return subject


def send_status(stack, subject):
    return stack.query(
        "SELECT status, total, sent_count FROM newsletter_postsend WHERE subject = %s", [subject]
    )[0]


def recipients_of(stack, match):
    """How many messages each address received, among those `match` accepts."""
    return Counter(m["To"].strip() for m in stack.smtp.messages if match(m))


def recover(stack):
    """The README's recovery path once the mail server is back (the periodic job's two
    email jobs, without waiting for their usual minimum ages)."""
    stack.manage("retry_emails", "--min-age-minutes", "0")
    stack.manage("resume_sends", "--idle-seconds", "0")


def recover_until(stack, done, timeout=120):
    """Run the recovery path as the periodic timer would, until `done()` holds."""
    deadline = time.monotonic() + timeout
    while not done():
        assert time.monotonic() < deadline, "emails still missing after recovery"
        recover(stack)
        try:
            wait_until(done, timeout=8)
        except TimeoutError:
            continue


def queue_drained(stack):
    """No task is waiting that is due (deferred retries for later do not count)."""
    [(waiting,)] = stack.query(
        "SELECT count(*) FROM django_tasks_database_dbtaskresult "
        "WHERE status = 'READY' AND run_after <= now()"
    )
    return waiting == 0


def settle(stack):
    """Recovery once more after everything arrived, then let the worker finish: whatever
    it still had queued must find nothing left to send."""
    recover(stack)
    wait_until(lambda: queue_drained(stack), timeout=60, message="the task queue to drain")
    time.sleep(1)  # the task the worker took last


def test_mail_server_outage_during_signups_inquiries_and_a_send_loses_and_doubles_nothing(
    stack, make_visitor, admin
):
    post_id = new_post(stack)
    readers = subscribed_readers(stack)
    signups = [f"signup-{uuid.uuid4().hex[:10]}@example.com" for _ in range(6)]
    inquiries = [f"inquiry-{uuid.uuid4().hex[:10]}@example.com" for _ in range(4)]
    signup_forms = [(make_visitor(), email) for email in signups]
    signup_forms = [(v, v.form("/newsletter/", containing="consent"), e) for v, e in signup_forms]
    inquiry_forms = [(make_visitor(), email) for email in inquiries]
    inquiry_forms = [(v, v.form("/contact/", containing="message"), e) for v, e in inquiry_forms]

    stack.smtp.stop()
    try:
        for visitor, form, email in signup_forms:
            response = visitor.submit(form, email=email, first_name="Sam", consent="on")
            assert response.status_code == 302
        for visitor, form, email in inquiry_forms:
            assert visitor.submit(form, **inquiry_data(email)).status_code == 302
        subject = send_post(stack, admin, post_id)

        # The worker tried each email while the server was away, and recorded the failure.
        def all_tried():
            [(untried,)] = stack.query(
                "SELECT count(*) FROM contact_inquiry WHERE email = ANY(%s) AND email_attempts = 0",
                [inquiries],
            )
            [(confirmations_tried,)] = stack.query(
                "SELECT count(*) FROM newsletter_confirmationemail c "
                "JOIN newsletter_subscriber s ON s.id = c.subscriber_id "
                "WHERE s.email = ANY(%s) AND c.attempts > 0",
                [signups],
            )
            status, total, _ = send_status(stack, subject)
            return untried == 0 and confirmations_tried == len(signups) and status == "sending"

        wait_until(all_tried, timeout=60, message="the worker to try every email")
        assert not recipients_of(stack, lambda m: m["To"].strip() in signups + inquiries)
    finally:
        stack.smtp.start()

    # Every acknowledged submission is stored once.
    for email in signups:
        assert stack.query(
            "SELECT count(*) FROM newsletter_subscriber WHERE email = %s", [email]
        ) == [(1,)]
    inquiry_ids = {}
    for email in inquiries:
        [(pk,)] = stack.query("SELECT id FROM contact_inquiry WHERE email = %s", [email])
        inquiry_ids[email] = pk
    notified = [f"/admin/contact/inquiries/edit/{pk}/" for pk in inquiry_ids.values()]

    def visitors_emails():
        return recipients_of(stack, lambda m: m["To"].strip() in signups + inquiries)

    def notifications():
        return Counter(
            path
            for m in stack.smtp.messages
            if PRACTICE_INBOX in m["To"]
            for path in notified
            if path in body_text(m)
        )

    def post_copies():
        return recipients_of(stack, lambda m: m["Subject"] == subject)

    def everything_arrived():
        return (
            set(visitors_emails()) == set(signups + inquiries)
            and set(notifications()) == set(notified)
            and set(post_copies()) == readers
            and send_status(stack, subject)[0] == "sent"
        )

    recover_until(stack, everything_arrived)
    settle(stack)
    assert visitors_emails() == Counter(signups + inquiries)
    assert notifications() == Counter(notified)
    assert post_copies() == Counter(readers)
    assert send_status(stack, subject) == ("sent", len(readers), len(readers))


def test_worker_killed_in_the_middle_of_a_send_resumes_and_each_reader_gets_it_once(stack, admin):
    prefix = f"bulk-{uuid.uuid4().hex[:6]}"
    stack.query(
        "INSERT INTO newsletter_subscriber (email, first_name, status, created, consent_at, "
        "consent_source, consent_version, confirmed_at) "
        "SELECT %s || '-' || n || '@example.com', '', 'subscribed', now(), now(), '', 'test', "
        "now() FROM generate_series(1, %s) AS n",
        [prefix, BULK_READERS],
    )
    post_id = new_post(stack)
    readers = subscribed_readers(stack)
    restarts_before = stack.worker.restarts
    subject = send_post(stack, admin, post_id)

    def post_copies():
        return recipients_of(stack, lambda m: m["Subject"] == subject)

    # Past the first batch of 100, the mail server stalls mid-conversation; the worker,
    # waiting on it, is killed (as by the OOM killer), and systemd starts it again.
    wait_until(lambda: sum(post_copies().values()) >= 130, timeout=60, message="130 emails")
    handler = stack.smtp.handler
    handler.held.clear()
    handler.holding.set()
    try:
        wait_until(handler.held.is_set, timeout=10, message="the worker to wait on SMTP")
        stack.worker.kill()
    finally:
        handler.holding.clear()
    interrupted = sum(post_copies().values())
    assert interrupted < len(readers)
    wait_until(lambda: stack.worker.restarts > restarts_before, timeout=30, message="a restart")

    # The killed worker's batch stays unfinished until the periodic job resumes it; the
    # email it was sending is claimed again once its claim is EMAIL_CLAIM_TIMEOUT old.
    def every_reader_has_it():
        return set(post_copies()) == readers and send_status(stack, subject)[0] == "sent"

    deadline = time.monotonic() + 120
    while not every_reader_has_it():
        assert time.monotonic() < deadline, send_status(stack, subject)
        stack.manage("run_periodic")
        time.sleep(2)
    settle(stack)
    assert post_copies() == Counter(readers)
    assert send_status(stack, subject) == ("sent", len(readers), len(readers))
    assert stack.worker.running


def test_postgresql_restart_while_people_submit_sends_each_email_once(stack, make_visitor):
    people = [make_visitor() for _ in range(4)]
    # Each inquiry is a new one with its own page load and one-time key (a resend of one form
    # counts once, mindful/once.py): every person opens the form in four tabs.
    forms = [
        [person.form("/contact/", containing="message") for _ in range(4)] for person in people
    ]
    outcomes = []  # (email, status) of every submission
    lock = threading.Lock()
    begin = threading.Event()

    def keep_submitting(person, tabs):
        begin.wait()
        for form in tabs:
            email = f"pg-{uuid.uuid4().hex[:12]}@example.com"
            try:
                status = person.submit(form, **inquiry_data(email)).status_code
            except requests.RequestException as error:
                status = type(error).__name__
            with lock:
                outcomes.append((email, status))
            time.sleep(0.3)

    threads = [
        threading.Thread(target=keep_submitting, args=pair)
        for pair in zip(people, forms, strict=True)
    ]
    for thread in threads:
        thread.start()
    restarts_before = stack.worker.restarts
    begin.set()
    time.sleep(1.5)  # submissions (and their emails) are under way: restart the database
    stack.postgres.restart()
    for thread in threads:
        thread.join()

    stored = {}
    for email, status in outcomes:
        [(count,)] = stack.query("SELECT count(*) FROM contact_inquiry WHERE email = %s", [email])
        # Acknowledged means stored once; a 503 may or may not have been stored, never twice.
        assert (count == 1) if status == 302 else (count <= 1), (email, status, count)
        if count:
            [(pk,)] = stack.query("SELECT id FROM contact_inquiry WHERE email = %s", [email])
            stored[email] = f"/admin/contact/inquiries/edit/{pk}/"
    assert any(status == 302 for _, status in outcomes)

    def acknowledgements():
        return recipients_of(stack, lambda m: m["To"].strip() in stored)

    def notifications():
        paths = set(stored.values())
        return Counter(
            path
            for m in stack.smtp.messages
            if PRACTICE_INBOX in m["To"]
            for path in paths
            if path in body_text(m)
        )

    recover_until(
        stack,
        lambda: (
            set(acknowledgements()) == set(stored) and set(notifications()) == set(stored.values())
        ),
    )
    settle(stack)
    assert acknowledgements() == Counter(stored.keys())
    assert notifications() == Counter(stored.values())
    # The worker kept going, or systemd's Restart=always brought it back at once.
    assert stack.worker.running
    restarts = stack.worker.restarts - restarts_before
    print(f"db_worker restarts during the PostgreSQL restart: {restarts}")
