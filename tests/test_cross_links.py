"""Where one app's pages show another's: clinicians' posts, the signup under each post."""


def test_clinician_page_lists_the_posts_they_wrote(client, demo_site):
    html = client.get("/clinicians/tabitha-moss/").content.decode()
    assert "How Does Psychotherapy Work?" in html
    assert 'href="/blog/author/tabitha-moss/"' in html


def test_clinician_without_posts_shows_no_post_list(client, demo_site):
    html = client.get("/clinicians/jordan-alvarez/").content.decode()
    assert "How Does Psychotherapy Work?" not in html


def test_every_post_ends_with_the_mailing_list_signup(client, demo_site):
    html = client.get("/blog/how-does-psychotherapy-work/").content.decode()
    assert 'id="newsletter-post-heading"' in html
    assert 'id="newsletter-footer-heading"' in html
    assert html.count('action="/newsletter/"') == 2
