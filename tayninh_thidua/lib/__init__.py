"""The site library: the bottom layer every app builds on.

Text (Vietnamese slugs and search keys), uploads, private storage, thumbnails, rate limiting, the page
cache, the outbox and the workflow kit. It imports no app of the project (pyproject.toml's import contract).
"""
