import re
from typing import Annotated
from uuid import UUID

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints

from projectflow.kit.fields import NonBlank, Text

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def _valid_email(value: str) -> str:
    if not _EMAIL.match(value):
        raise ValueError("must be an email address like name@example.com")
    return value.lower()


Email = Annotated[
    Text[Annotated[str, StringConstraints(strip_whitespace=True, max_length=254)]],
    AfterValidator(_valid_email),
]
Name = Text[Annotated[NonBlank, Field(max_length=200)]]
# Hashed, never stored as text; NUL is refused all the same, as in every text field.
SignupPassword = Text[Annotated[str, Field(min_length=10, max_length=1024)]]
Password = Text[Annotated[str, Field(max_length=1024)]]


class SignupIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    email: Email
    password: SignupPassword
    name: Name


class LoginIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    email: Email
    password: Password


class UserOut(BaseModel):
    id: UUID
    email: str
    name: str


class SessionOut(BaseModel):
    user: UserOut
    token: str
