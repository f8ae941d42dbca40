"""Two-step sign-in for staff (django-otp): an authenticator app (TOTP) plus recovery codes.

Required for everyone who can read inquiries (`settings.TWO_FACTOR_REQUIRED_PERMISSIONS`)
and for superusers; optional for other staff. `middleware.SecondFactorMiddleware`
keeps a signed-in but unverified user out of the admin until they verify, or set up
a device when they must have one.
"""
