import contact.newsletter_admin  # noqa: F401 (registers the mailing list's admin)
