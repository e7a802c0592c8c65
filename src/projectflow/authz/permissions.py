"""Roles, permissions and the one map between them."""

from enum import StrEnum


class Role(StrEnum):
    OWNER = "owner"
    ADMIN = "admin"
    MEMBER = "member"
    VIEWER = "viewer"


class Permission(StrEnum):
    PROJECT_READ = "project.read"
    PROJECT_UPDATE = "project.update"
    MEMBERS_MANAGE = "members.manage"
    OWNERSHIP_MANAGE = "ownership.manage"  # grant, change or remove the owner role
    AUDIT_READ = "audit.read"
    CONTENT_WRITE = "content.write"  # boards, cards, comments
    JOBS_MANAGE = "jobs.manage"  # cancel or retry anyone's job (creators manage their own)
    COMMENTS_MODERATE = "comments.moderate"  # delete anyone's comment (authors delete their own)


_READ = frozenset({Permission.PROJECT_READ})
_WRITE = _READ | {Permission.CONTENT_WRITE}
_ADMIN = _WRITE | {
    Permission.PROJECT_UPDATE,
    Permission.MEMBERS_MANAGE,
    Permission.AUDIT_READ,
    Permission.JOBS_MANAGE,
    Permission.COMMENTS_MODERATE,
}

ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.VIEWER: _READ,
    Role.MEMBER: _WRITE,
    Role.ADMIN: _ADMIN,
    Role.OWNER: _ADMIN | {Permission.OWNERSHIP_MANAGE},
}


def role_allows(role: Role, permission: Permission) -> bool:
    return permission in ROLE_PERMISSIONS[role]
