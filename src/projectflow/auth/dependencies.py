"""`CurrentUser`: the bearer token's owner, acting in this request's transaction."""

from typing import Annotated

from fastapi import Depends
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from projectflow.auth.tokens import hash_token
from projectflow.db.identity import Identity, act_as_token_owner
from projectflow.db.session import SessionDep
from projectflow.kit.errors import Unauthorized

_bearer = HTTPBearer(auto_error=False, description="A token from sign-up or login.")
BearerDep = Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]


async def bearer_token(credentials: BearerDep) -> str:
    if credentials is None or not credentials.credentials:
        raise Unauthorized("Send 'Authorization: Bearer <token>' (from sign-up or login).")
    return credentials.credentials


TokenDep = Annotated[str, Depends(bearer_token)]


async def current_user(session: SessionDep, token: TokenDep) -> Identity:
    identity = await act_as_token_owner(session, hash_token(token))
    if identity is None:
        raise Unauthorized()
    return identity


CurrentUser = Annotated[Identity, Depends(current_user)]
