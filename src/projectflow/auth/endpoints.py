from fastapi import APIRouter, Request, status

from projectflow.auth import service
from projectflow.auth.dependencies import CurrentUser, TokenDep
from projectflow.auth.schemas import LoginIn, SessionOut, SignupIn, UserOut
from projectflow.db.session import SessionDep, SessionmakerDep
from projectflow.state import SettingsDep

router = APIRouter(prefix="/api", tags=["auth"])


@router.post("/auth/signup", status_code=status.HTTP_201_CREATED)
async def sign_up(data: SignupIn, session: SessionDep, settings: SettingsDep) -> SessionOut:
    user, token = await service.sign_up(session, settings, data)
    return SessionOut(user=UserOut.model_validate(user, from_attributes=True), token=token)


@router.post("/auth/login")
async def log_in(
    data: LoginIn,
    request: Request,
    session: SessionDep,
    sessionmaker: SessionmakerDep,
    settings: SettingsDep,
) -> SessionOut:
    ip = request.client.host if request.client else "unknown"
    user, token = await service.log_in(session, sessionmaker, settings, data, ip)
    return SessionOut(user=UserOut.model_validate(user, from_attributes=True), token=token)


@router.post("/auth/logout", status_code=status.HTTP_204_NO_CONTENT)
async def log_out(user: CurrentUser, token: TokenDep, session: SessionDep) -> None:
    await service.log_out(session, user, token)


@router.get("/me")
async def me(user: CurrentUser) -> UserOut:
    return UserOut.model_validate(user, from_attributes=True)
