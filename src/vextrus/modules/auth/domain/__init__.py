"""The auth domain: pure security rules (no database, no web framework).

Import from the submodules (`passwords`, `tokens`, `refresh`, `totp`, `lockout`, `login`,
`apikeys`, `permissions`, `roles`); the names below are the ones other code uses most.
"""

from .errors import AuthError
from .permissions import Grant, PermissionSet, limit_for, validate_permission

__all__ = ["AuthError", "Grant", "PermissionSet", "limit_for", "validate_permission"]
