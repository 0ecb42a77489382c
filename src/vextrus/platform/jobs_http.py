"""REST: `GET /api/v1/jobs/{id}`, a background run's status, progress and result (platform.background)."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from vextrus.platform import background
from vextrus.platform.background import RunView


def jobs_router() -> APIRouter:
    router = APIRouter(prefix="/api/v1/jobs", tags=["jobs"])

    @router.get("/{run_id}", response_model=RunView)
    def get_run(run_id: UUID) -> RunView:
        """A run submitted by the signed-in user (or by anyone, for a holder of the run's supervising
        permission): `status` queued/running/done/failed, `phase`, `done` of `total`, then `result` (the
        same report the synchronous call returns) or `error` (code, message, message_bn)."""
        return background.get_run(run_id)

    return router


def accepted(run: RunView) -> JSONResponse:
    """The answer of an endpoint that queued a background run: 202, the run, and where to read it."""
    return JSONResponse(run.model_dump(mode="json"), status_code=202, headers={"Location": f"/api/v1/jobs/{run.id}"})
