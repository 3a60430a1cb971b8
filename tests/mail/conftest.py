from tests.mail.smtp import smtp  # noqa: F401 - the test SMTP server
