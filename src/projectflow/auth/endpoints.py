from fastapi import APIRouter, status

from projectflow.auth import service
from projectflow.auth.dependencies import CurrentUser, TokenDep
from projectflow.auth.schemas import LoginIn, SessionOut, SignupIn, UserOut
from projectflow.auth.throttle import spend
from projectflow.db.session import SessionDep, SessionmakerDep
from projectflow.state import AnonymousLimitsDep, ClientAddressDep, PasswordsDep, SettingsDep

router = APIRouter(prefix="/api", tags=["auth"])


@router.post(
    "/auth/signup",
    status_code=status.HTTP_201_CREATED,
    responses={409: {"description": "An account already uses this email"}},
)
async def sign_up(
    data: SignupIn,
    session: SessionDep,
    settings: SettingsDep,
    passwords: PasswordsDep,
    limits: AnonymousLimitsDep,
    address: ClientAddressDep,
) -> SessionOut:
    spend(limits.signup, address, "sign-up")
    user, token = await service.sign_up(session, settings, passwords, data)
    return SessionOut(user=UserOut.model_validate(user, from_attributes=True), token=token)


@router.post("/auth/login", responses={401: {"description": "Wrong email or password"}})
async def log_in(
    data: LoginIn,
    sessionmaker: SessionmakerDep,
    settings: SettingsDep,
    passwords: PasswordsDep,
    limits: AnonymousLimitsDep,
    address: ClientAddressDep,
) -> SessionOut:
    spend(limits.login, address, "sign-in")
    user, token = await service.log_in(sessionmaker, settings, passwords, data, address)
    return SessionOut(user=UserOut.model_validate(user, from_attributes=True), token=token)


@router.post("/auth/logout", status_code=status.HTTP_204_NO_CONTENT)
async def log_out(user: CurrentUser, token: TokenDep, session: SessionDep) -> None:
    await service.log_out(session, user, token)


@router.get("/me")
async def me(user: CurrentUser) -> UserOut:
    return UserOut.model_validate(user, from_attributes=True)
