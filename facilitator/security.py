"""Secrets: generation, hashing and constant-time comparison."""

import hashlib
import hmac
import secrets

# No look-alikes: no 0/O, 1/I/L.
CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789'
CODE_LENGTH = 7


def new_code() -> str:
    return ''.join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def new_secret() -> str:
    """A URL-safe secret of 192 bits."""
    return secrets.token_urlsafe(24)


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def same_secret(secret: str, expected_hash: str) -> bool:
    return hmac.compare_digest(hash_secret(secret), expected_hash)


def normalize_code(code: str) -> str:
    return code.strip().upper()
