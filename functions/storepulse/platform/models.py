"""Base pydantic models and the constrained field types every capability shares (one definition each),
and the one document the platform itself writes (`liveWindows/current`)."""

from datetime import datetime
from functools import cache
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints
from pydantic.alias_generators import to_camel

from storepulse.platform.currencies import ISO_4217

# Firestore document ids and Auth uids we accept: no slashes, no dots-only names, bounded.
DocId = Annotated[str, StringConstraints(min_length=1, max_length=128, pattern=r"^[A-Za-z0-9_\-:@]+$")]
IdempotencyKey = Annotated[str, StringConstraints(min_length=8, max_length=128, pattern=r"^[\x21-\x7e]+$")]
ShortText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Reason = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=500)]
SessionId = Annotated[str, StringConstraints(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_\-:.]+$")]
# A code people type (coupon codes, affiliate codes): stored upper-case.
Code = Annotated[str, StringConstraints(strip_whitespace=True, to_upper=True, pattern=r"^[A-Za-z0-9_\-]{3,32}$")]
Email = Annotated[str, StringConstraints(strip_whitespace=True, max_length=254, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")]
Phone = Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^\+?[0-9][0-9 ()\-]{5,24}$")]

MAX_MONEY = 10_000_000
Money = Annotated[float, Field(ge=0, le=MAX_MONEY)]


def to_cents(amount: float) -> int:
    """A money amount in whole cents (amounts are validated to at most 2 decimals where they are prices)."""
    return round(amount * 100)


def _iso_4217(code: str) -> str:
    if code not in ISO_4217:
        raise ValueError("not an ISO 4217 currency code")
    return code


Currency = Annotated[
    str,
    StringConstraints(strip_whitespace=True, to_upper=True, pattern=r"^[A-Za-z]{3}$"),
    AfterValidator(_iso_4217),
]


# Every instance imports every model but serves one function, so each model builds its validator
# and serializer on first use (defer_build) rather than at import: an instance builds only its own
# function's. pydantic >= 2.14 holds a lock around that first build, so concurrent first requests
# each validate with the finished model (tests/unit/test_deferred_models.py).


class RequestModel(BaseModel):
    """A callable's payload: camelCase on the wire, unknown fields rejected, no NaN or infinity."""

    model_config = ConfigDict(
        alias_generator=to_camel,
        populate_by_name=True,
        extra="forbid",
        allow_inf_nan=False,
        frozen=True,
        defer_build=True,
    )


class ResponseModel(BaseModel):
    """A callable's result, serialised with camelCase keys."""

    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True, defer_build=True)


def _unset(value: object) -> bool:
    return value is None


def absent(description: str | None = None) -> Any:
    """The default of a document field that is absent until it is set (never stored as null by
    `DocumentModel.as_document`; a later partial write may still set it to null)."""
    return Field(default=None, exclude_if=_unset, description=description)


class DocumentModel(BaseModel):
    """A document clients read: the one description of its stored shape (camelCase, Firestore
    timestamps as datetimes, enums as their values). A store writes a whole document as
    `Model(...).as_document()` and a partial write (a merge, an update, blind increments) as
    `Model.changes(...)`, so writer and reader name every field alike. Unknown stored fields are
    ignored on reading (older readers keep working when a field is added)."""

    model_config = ConfigDict(
        alias_generator=to_camel,
        populate_by_name=True,
        use_enum_values=True,
        defer_build=True,
    )

    def as_document(self) -> dict[str, Any]:
        """The stored fields (datetimes stay datetimes: Firestore stores them as timestamps)."""
        return self.model_dump(by_alias=True)

    @classmethod
    def stored(cls, name: str) -> str:
        """The stored name of field `name` (KeyError for a field the model does not have)."""
        return _stored_names(cls)[name]

    @classmethod
    def changes(cls, **values: Any) -> dict[str, Any]:
        """A partial write in stored names: each keyword is a field of the model (KeyError otherwise),
        each value is written as given (`firestore.Increment` and other transforms included)."""
        names = _stored_names(cls)
        return {names[name]: value for name, value in values.items()}


class ClientClass(DocumentModel):
    """What is kept of a request's user agent: its browser, OS and device class, never the string
    (platform/addresses.py, `classify`)."""

    browser: str = Field(description="edge, opera, samsung, firefox, chrome, safari, bot or other.")
    os: str = Field(description="ios, android, chromeos, windows, macos, linux or other.")
    device: Literal["desktop", "mobile", "tablet", "bot", "other"]


@cache
def _stored_names(model: type[DocumentModel]) -> dict[str, str]:
    # Aliases are known at class creation, before the deferred validator is built.
    return {name: field.alias or name for name, field in model.model_fields.items()}


class LiveWindows(DocumentModel):
    """`liveWindows/current`: when each windowed figure was last applied (platform/freshness.py);
    every live figure is "as of" these. Anyone may read it."""

    active_now_as_of: datetime | None = absent()
    online_now_as_of: datetime | None = absent()
