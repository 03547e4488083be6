"""The GOFTAR_AUTH login file, checked before anyone can sign in (no Streamlit here: the app page shows the message).

The sign-in cookie is a token signed with `cookie.key`: anyone who knows the key can forge a cookie for any user,
admin included, without a password. So the app refuses to start with the key left as in `assets/auth.example.yaml`
or with a key shorter than 32 bytes, and with a password that is still the example's placeholder (not a bcrypt hash).
"""

from __future__ import annotations

from pathlib import Path

EXAMPLE_PATH = Path(__file__).resolve().parent.parent / "assets" / "auth.example.yaml"
MIN_KEY_BYTES = 32
BCRYPT_PREFIXES = ("$2a$", "$2b$", "$2y$")
BCRYPT_HASH_CHARS = 60


class LoginConfigError(ValueError):
    """The login file cannot be used as it is; the message says why and what to do (Persian, then English)."""


def _example_key() -> str | None:
    import yaml

    try:
        return yaml.safe_load(EXAMPLE_PATH.read_text(encoding="utf-8"))["cookie"]["key"]
    except (OSError, KeyError, TypeError, ValueError):
        return None


def check(config) -> dict:
    """The login configuration if it is safe to serve with; else LoginConfigError."""
    try:
        users = config["credentials"]["usernames"]
        cookie = config["cookie"]
        key, name = cookie["key"], cookie["name"]
    except (KeyError, TypeError) as error:
        raise LoginConfigError(f"پروندهٔ ورود ناقص است — the login file lacks {error} (see {EXAMPLE_PATH.name})") from error
    if not isinstance(key, str) or key == _example_key() or "REPLACE" in key:
        raise LoginConfigError(
            "کلید کوکی همان نمونه است — cookie.key is still the example's placeholder: anyone could forge a sign-in "
            "cookie with it. Set a long random secret, e.g. `python -c \"import secrets; print(secrets.token_urlsafe(48))\"`.")
    if len(key.encode("utf-8")) < MIN_KEY_BYTES:
        raise LoginConfigError(
            f"کلید کوکی کوتاه است — cookie.key is {len(key.encode('utf-8'))} bytes; use at least {MIN_KEY_BYTES} "
            "random bytes (a short key can be guessed, and then any sign-in cookie forged).")
    if not isinstance(name, str) or not name.strip():
        raise LoginConfigError("نام کوکی خالی است — cookie.name is empty")
    if not isinstance(users, dict) or not users:
        raise LoginConfigError("هیچ کاربری تعریف نشده است — credentials.usernames lists no user")
    placeholders = sorted(username for username, user in users.items()
                          if not _is_bcrypt_hash((user or {}).get("password")))
    if placeholders:
        raise LoginConfigError(
            "گذرواژهٔ این کاربران درهم‌سازی نشده است — these users' password is not a bcrypt hash (still the "
            f"example's placeholder?): {', '.join(map(str, placeholders))}. Use `python -m goftar hash-password`.")
    return config


def _is_bcrypt_hash(value) -> bool:
    return (isinstance(value, str) and value.startswith(BCRYPT_PREFIXES) and len(value) == BCRYPT_HASH_CHARS
            and "REPLACE" not in value)
