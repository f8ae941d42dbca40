"""Staff sign-in: a second factor for whoever can read inquiries, and login throttling.

These tests sign in through the real forms (the password page, then the code page);
`client.force_login` in tests/conftest.py would skip both steps.
"""

import re

from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

LOGIN = "/admin/login/"
INBOX = "/admin/contact/inquiries/"
SETUP = "/admin/two-factor/setup/"
VERIFY = "/admin/two-factor/verify/"
OVERVIEW = "/admin/two-factor/"
PASSWORD = "a long staff passphrase"
LOCKED_MESSAGE = "Too many failed sign-in attempts"


def staff(username, group_name=None, **extra):
    user = User.objects.create_user(username, f"{username}@example.com", PASSWORD, **extra)
    if group_name:
        user.groups.add(Group.objects.get(name=group_name))
    return user


def sign_in(client, username, password=PASSWORD, address="203.0.113.7"):
    return client.post(
        LOGIN, {"username": username, "password": password, "next": ""}, REMOTE_ADDR=address
    )


def code_for(device):
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def confirmed_device(user):
    return TOTPDevice.objects.create(user=user, name="phone", confirmed=True)


def test_intake_user_without_a_second_factor_cannot_reach_the_inbox(client, db):
    staff("intake", "Intake")
    assert sign_in(client, "intake").status_code == 302
    response = client.get(INBOX)
    assert response.status_code == 302
    assert response["Location"] == f"{SETUP}?next=%2Fadmin%2Fcontact%2Finquiries%2F"
    # Every other admin page sends them to the same place.
    assert client.get("/admin/").headers["Location"].startswith(SETUP)
    setup = client.get(response["Location"])
    html = setup.content.decode()
    assert setup.status_code == 200
    assert "<svg" in html and "Type this key into the app" in html
    assert "you need two-step verification before you continue" in html


def test_intake_user_sets_up_an_app_and_then_reaches_the_inbox(client, db, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # a retry at once (throttling: its own test)
    user = staff("intake", "Intake")
    sign_in(client, "intake")
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=user, confirmed=False)

    wrong = client.post(SETUP, {"code": "000000", "next": INBOX})
    assert "That code did not work" in wrong.content.decode()
    assert client.get(INBOX).status_code == 302

    response = client.post(SETUP, {"code": code_for(device), "next": INBOX})
    html = response.content.decode()
    codes = set(StaticToken.objects.filter(device__user=user).values_list("token", flat=True))
    assert len(codes) == 10
    assert all(f"<code>{code}</code>" in html for code in codes)
    assert "no-store" in response["Cache-Control"]  # shown once, kept by no cache
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(INBOX).status_code == 200


def test_a_signed_in_user_with_an_app_must_type_its_code(client, db, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # a retry at once (throttling: its own test)
    user = staff("intake", "Intake")
    device = confirmed_device(user)
    sign_in(client, "intake")
    response = client.get(INBOX)
    assert response["Location"] == f"{VERIFY}?next=%2Fadmin%2Fcontact%2Finquiries%2F"
    page = client.get(response["Location"])
    assert "Two-step verification" in page.content.decode()

    wrong = client.post(VERIFY, {"code": "123 456", "next": INBOX})
    assert wrong.status_code == 200
    assert "That code did not work" in wrong.content.decode()
    assert client.get(INBOX).status_code == 302

    right = client.post(VERIFY, {"code": code_for(device), "next": INBOX})
    assert right.status_code == 302 and right["Location"] == INBOX
    assert client.get(INBOX).status_code == 200


def test_after_a_wrong_code_even_the_right_one_waits_a_moment(client, db):
    """django-otp doubles the wait after each wrong code, so six digits cannot be guessed."""
    user = staff("intake", "Intake")
    device = confirmed_device(user)
    sign_in(client, "intake")
    client.post(VERIFY, {"code": "000000"})
    response = client.post(VERIFY, {"code": code_for(device)})
    assert "wait a moment" in response.content.decode()
    assert client.get(INBOX).status_code == 302


def test_the_password_alone_cannot_replace_the_app(client, db):
    user = staff("intake", "Intake")
    confirmed_device(user)
    sign_in(client, "intake")
    assert client.get(SETUP).headers["Location"].startswith(VERIFY)
    assert client.post(SETUP, {"code": "000000"}).headers["Location"].startswith(VERIFY)
    assert TOTPDevice.objects.filter(user=user).count() == 1


def test_a_recovery_code_signs_in_once(client, db):
    user = staff("intake", "Intake")
    sign_in(client, "intake")
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=user)
    html = client.post(SETUP, {"code": code_for(device)}).content.decode()
    recovery_code = re.search(r"<code>([a-z2-7]{8,})</code>", html).group(1)

    again = Client()
    sign_in(again, "intake")
    response = again.post(VERIFY, {"code": recovery_code.upper(), "next": INBOX})
    assert response["Location"] == INBOX
    assert "9 left" in again.get(INBOX).content.decode()

    third = Client()
    sign_in(third, "intake")
    assert "did not work" in third.post(VERIFY, {"code": recovery_code}).content.decode()


def test_superusers_need_a_second_factor_too(client, db):
    staff("boss", is_superuser=True, is_staff=True)
    sign_in(client, "boss")
    assert client.get("/admin/").headers["Location"].startswith(SETUP)


def test_other_staff_may_choose_a_second_factor_and_turn_it_off(client, db):
    user = staff("editor", "Editors")
    sign_in(client, "editor")
    assert client.get("/admin/").status_code == 200
    assert "Two-step verification is off" in client.get(OVERVIEW).content.decode()
    assert OVERVIEW in client.get("/admin/account/").content.decode()

    client.get(SETUP)
    client.post(SETUP, {"code": code_for(TOTPDevice.objects.get(user=user))})
    assert "Two-step verification is on" in client.get(OVERVIEW).content.decode()
    client.post(f"{OVERVIEW}disable/")
    assert not TOTPDevice.objects.filter(user=user).exists()


def test_intake_cannot_turn_the_second_factor_off(client, db):
    user = staff("intake", "Intake")
    client.force_login(user)  # signed in with a verified device (tests/conftest.py)
    assert "cannot be turned off" in client.get(OVERVIEW).content.decode()
    client.post(f"{OVERVIEW}disable/")
    assert TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def test_new_recovery_codes_replace_the_old_ones(client, db):
    user = staff("intake", "Intake")
    client.force_login(user)
    first = client.post(f"{OVERVIEW}recovery-codes/").content.decode()
    second = client.post(f"{OVERVIEW}recovery-codes/").content.decode()
    codes = set(StaticToken.objects.filter(device__user=user).values_list("token", flat=True))
    assert len(codes) == 10
    assert all(f"<code>{code}</code>" in second for code in codes)
    assert not any(f"<code>{code}</code>" in first for code in codes)


def failures(client, username, count, address="203.0.113.7"):
    return [sign_in(client, username, "wrong password", address) for _ in range(count)]


def locked_text(response):
    html = response.content.decode()
    return re.search(r'<li class="error">(.*?)</li>', html, re.S).group(1)


def test_signing_in_pauses_after_five_failures_even_with_the_right_password(client, db):
    staff("intake", "Intake")
    answers = failures(client, "intake", 5)
    assert [r.status_code for r in answers[:4]] == [200] * 4
    assert "Your username and password" in answers[0].content.decode()
    assert answers[4].status_code == 429
    assert LOCKED_MESSAGE in answers[4].content.decode()
    assert "15 minutes" in answers[4].content.decode()
    right = sign_in(client, "intake")
    assert right.status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_pause_reads_the_same_for_unknown_and_existing_usernames(db):
    staff("intake", "Intake")
    known = failures(Client(), "intake", 5, address="198.51.100.1")
    unknown = failures(Client(), "nobody-here", 5, address="198.51.100.2")
    assert [r.status_code for r in known] == [r.status_code for r in unknown]
    first_known, first_unknown = known[0].content.decode(), unknown[0].content.decode()
    assert re.findall(r'class="error">(.*?)<', first_known) == re.findall(
        r'class="error">(.*?)<', first_unknown
    )
    assert locked_text(known[-1]) == locked_text(unknown[-1])
    assert "nobody-here" not in unknown[-1].content.decode()


def test_one_address_trying_many_usernames_is_paused(client, db):
    staff("intake", "Intake")
    for name in ["ann", "bob", "cy", "di"]:
        assert sign_in(client, name, "guess").status_code == 200
    assert sign_in(client, "eve", "guess").status_code == 429
    # The real user, from the same address, waits too.
    assert sign_in(client, "intake").status_code == 429
    # From another address they are not held up by someone else's guesses.
    assert sign_in(Client(), "intake", address="192.0.2.50").status_code == 302


def test_one_account_tried_from_many_addresses_is_paused(db):
    staff("intake", "Intake")
    for number in range(1, 5):
        assert sign_in(Client(), "intake", "guess", f"192.0.2.{number}").status_code == 200
    assert sign_in(Client(), "intake", "guess", "192.0.2.9").status_code == 429
    assert sign_in(Client(), "intake", address="192.0.2.10").status_code == 429


def test_the_client_address_comes_from_our_proxy_only(client, db, settings):
    """Behind one proxy, the visitor's address is the one the proxy appended, so a
    forged X-Forwarded-For does not give an attacker a fresh address each time."""
    settings.TRUSTED_PROXY_COUNT = 1
    staff("intake", "Intake")
    for number in range(5):
        response = client.post(
            LOGIN,
            {"username": f"guess{number}", "password": "x"},
            REMOTE_ADDR="10.0.0.2",
            HTTP_X_FORWARDED_FOR=f"1.2.3.{number}, 203.0.113.99",
        )
    assert response.status_code == 429


def test_an_administrator_can_reset_a_lost_second_factor(client, db):
    user = staff("intake", "Intake")
    confirmed_device(user)
    call_command("reset_two_factor", "intake")
    sign_in(client, "intake")
    assert client.get(INBOX).headers["Location"].startswith(SETUP)
