"""Who sees what in the admin: clinicians moderate comments and run the mailing list,
but only the Intake group sees inquiries."""

import pytest
from django.contrib.auth.models import Group, User

COMMENTS = "/admin/snippets/blog/comment/"
CATEGORIES = "/admin/snippets/blog/blogcategory/"
SUBSCRIBERS = "/admin/newsletter_subscribers/"
SENDS = "/admin/newsletter_sends/"
INQUIRIES = "/admin/contact/inquiries/"


def member_of(group_name):
    user = User.objects.create_user(group_name.lower(), f"{group_name}@example.com", "pw")
    user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.mark.parametrize("group_name", ["Editors", "Moderators"])
def test_clinicians_moderate_comments_and_see_the_mailing_list(client, db, group_name):
    client.force_login(member_of(group_name))
    for url in [COMMENTS, CATEGORIES, SUBSCRIBERS, SENDS, f"{SUBSCRIBERS}?export=csv"]:
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("group_name", ["Editors", "Moderators"])
def test_clinicians_outside_intake_cannot_see_inquiries(client, db, group_name):
    client.force_login(member_of(group_name))
    response = client.get(INQUIRIES, follow=True)
    assert response.redirect_chain == [("/admin/", 302)]
    assert "Sorry, you do not have permission" in response.text
    assert "Inquiries" not in response.text
