"""The certificate issuer: an Ed25519 key and the Open Badges profile that names its holder.

``init`` writes three files into the issuer directory: ``issuer-key.pem`` (the private key, mode 0600:
whoever reads it can sign credentials), ``issuer.json`` (the Open Badges ``Profile``: name, URL and the
public key as a ``did:key``) and ``issuer.jwk.json`` (the same public key as a JWK, for JOSE libraries).
Publish the profile or the JWK so that employers can check credentials against it.
"""

from __future__ import annotations

import base64
import json
import os
from dataclasses import dataclass
from pathlib import Path

import base58
from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from courseware.core.errors import CoursewareError, UsageError

KEY_FILE = "issuer-key.pem"
PROFILE_FILE = "issuer.json"
JWK_FILE = "issuer.jwk.json"
#: The multicodec prefix of an Ed25519 public key in a did:key.
_ED25519_CODEC = b"\xed\x01"


class IssuerError(CoursewareError):
    """The issuer's key or profile is missing, unreadable, or not an Ed25519 key."""


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def unb64url(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def raw_public(key: Ed25519PublicKey) -> bytes:
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def did_key(key: Ed25519PublicKey) -> str:
    """The ``did:key`` of an Ed25519 public key (multibase base58btc of the multicodec-prefixed key)."""
    return "did:key:z" + base58.b58encode(_ED25519_CODEC + raw_public(key)).decode("ascii")


def key_from_did(did: str) -> Ed25519PublicKey:
    """The public key a ``did:key:z6Mk...`` names; ``UsageError`` for anything else."""
    body = did.split("#", 1)[0].removeprefix("did:key:")
    try:
        if not body.startswith("z"):
            raise ValueError("not base58btc")
        decoded = base58.b58decode(body[1:])
        if not decoded.startswith(_ED25519_CODEC) or len(decoded) != 34:
            raise ValueError("not an Ed25519 key")
        return Ed25519PublicKey.from_public_bytes(decoded[2:])
    except ValueError:
        raise UsageError(f"'{did[:80]}' is not the did:key of an Ed25519 public key") from None


def jwk(key: Ed25519PublicKey) -> dict[str, str]:
    return {"kty": "OKP", "crv": "Ed25519", "x": b64url(raw_public(key)), "kid": did_key(key)}


def key_from_jwk(data: object) -> Ed25519PublicKey:
    if not isinstance(data, dict) or data.get("kty") != "OKP" or data.get("crv") != "Ed25519" \
            or not isinstance(data.get("x"), str):
        raise UsageError("the JWK is not an Ed25519 public key (kty OKP, crv Ed25519)")
    try:
        return Ed25519PublicKey.from_public_bytes(unb64url(data["x"]))
    except ValueError:
        raise UsageError("the JWK's key is not 32 bytes of Ed25519 public key") from None


def expected_key(reference: str) -> Ed25519PublicKey:
    """The key named by ``--issuer``: a did:key, or a file holding the profile, a JWK or a PEM public key."""
    if reference.startswith("did:"):
        return key_from_did(reference)
    path = Path(reference)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise UsageError(f"--issuer {reference}: neither a did:key nor a readable file "
                         f"({getattr(error, 'strerror', None) or error})") from None
    if "BEGIN PUBLIC KEY" in text:
        try:
            loaded = serialization.load_pem_public_key(text.encode())
        except (ValueError, UnsupportedAlgorithm):
            raise UsageError(f"{path}: not a readable PEM public key") from None
        if not isinstance(loaded, Ed25519PublicKey):
            raise UsageError(f"{path}: not an Ed25519 public key")
        return loaded
    try:
        data = json.loads(text)
    except ValueError:
        raise UsageError(f"{path}: neither an issuer profile, a JWK nor a PEM public key") from None
    if isinstance(data, dict) and isinstance(data.get("id"), str) and data.get("kty") is None:
        return key_from_did(data["id"])
    return key_from_jwk(data)


@dataclass(frozen=True)
class Issuer:
    """A loaded issuer: its signing key and its Open Badges profile."""

    key: Ed25519PrivateKey
    name: str
    url: str

    @property
    def did(self) -> str:
        return did_key(self.key.public_key())

    @property
    def kid(self) -> str:
        """The verification method: the did:key with its own fingerprint as fragment, as did:key resolves it."""
        return f"{self.did}#{self.did.removeprefix('did:key:')}"

    def profile(self) -> dict[str, object]:
        return {"@context": ["https://www.w3.org/ns/credentials/v2",
                             "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
                "id": self.did, "type": ["Profile"], "name": self.name, "url": self.url}


def init(directory: Path, name: str, url: str, *, force: bool = False) -> Issuer:
    """Create the issuer's key and profile; refuses to replace an existing key unless ``force``."""
    if not name.strip():
        raise UsageError("the issuer needs a name (--name)")
    if not url.startswith(("https://", "http://")):
        raise UsageError(f"--url {url}: give the issuer's web address, starting with https://")
    key_path = directory / KEY_FILE
    if key_path.exists() and not force:
        raise UsageError(f"{key_path} already exists: credentials signed with it would no longer match a new key "
                         "(use --force to replace it anyway)")
    issuer = Issuer(Ed25519PrivateKey.generate(), " ".join(name.split()), url)
    pem = issuer.key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                   serialization.NoEncryption())
    try:
        directory.mkdir(parents=True, exist_ok=True)
        directory.chmod(0o700)
        key_path.unlink(missing_ok=True)
        descriptor = os.open(key_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(pem)
        (directory / PROFILE_FILE).write_text(json.dumps(issuer.profile(), indent=2) + "\n", encoding="utf-8")
        (directory / JWK_FILE).write_text(json.dumps(jwk(issuer.key.public_key()), indent=2) + "\n",
                                          encoding="utf-8")
    except OSError as error:
        raise IssuerError(f"cannot write the issuer in {directory}: {error.strerror or error}") from None
    return issuer


def load(directory: Path) -> Issuer:
    key_path, profile_path = directory / KEY_FILE, directory / PROFILE_FILE
    if not key_path.exists():
        raise UsageError(f"no issuer key in {directory}: create one with 'courseware issuer init --name NAME "
                         "--url URL'")
    try:
        key = serialization.load_pem_private_key(key_path.read_bytes(), password=None)
        profile = json.loads(profile_path.read_text(encoding="utf-8"))
        name, url = str(profile["name"]), str(profile["url"])
    except OSError as error:
        raise IssuerError(f"cannot read the issuer in {directory}: {error.strerror or error}") from None
    except (ValueError, KeyError, TypeError, UnsupportedAlgorithm):
        raise IssuerError(f"the issuer files in {directory} are damaged") from None
    if not isinstance(key, Ed25519PrivateKey):
        raise IssuerError(f"{key_path} is not an Ed25519 key")
    issuer = Issuer(key, name, url)
    if profile.get("id") != issuer.did:
        raise IssuerError(f"{profile_path} names another key than {key_path}")
    return issuer
