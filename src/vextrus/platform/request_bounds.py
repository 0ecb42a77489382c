"""Every request's work is bounded, and sync work never runs on the event loop.

- `BodyLimitMiddleware` counts the bytes a client streams (not only its Content-Length) and answers
  413 `body_too_large` past the route's limit: `VEXTRUS_MAX_UPLOAD_BYTES` for uploads (a POST whose
  path has an `import` segment: `/api/v1/finance/import`, `/master_data/import`, ...), else
  `VEXTRUS_MAX_BODY_BYTES`. The limit is chosen from the path before anything reads the body (the
  CSRF check reads page forms before routing).
- Endpoints that read the raw body or a form stay plain `def` (FastAPI runs them in its thread pool,
  contextvars such as the acting context and the request id included): they take the body or the
  form read on the event loop by the async dependencies `RawBody` and `FormBody`, never `await` it.
"""

from __future__ import annotations

import asyncio
from typing import Annotated

import anyio
from fastapi import Depends, Request
from starlette.datastructures import FormData, Headers
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from vextrus.platform.errors import DomainError
from vextrus.platform.i18n import to_bangla_digits


async def _raw_body(request: Request) -> bytes:
    return await request.body()


async def _form_body(request: Request) -> FormData:
    return await request.form()


RawBody = Annotated[bytes, Depends(_raw_body)]
"""The request body, read asynchronously before a plain `def` endpoint runs in the thread pool."""
FormBody = Annotated[FormData, Depends(_form_body)]
"""The parsed form (urlencoded or multipart), read asynchronously; uploads are `UploadFile`s whose
`.file` the sync endpoint reads."""


UPLOAD_SEGMENT = "import"


def is_upload(method: str, path: str) -> bool:
    """Imports and uploads: a POST to a path with an `import` segment."""
    return method == "POST" and UPLOAD_SEGMENT in path.split("/")


def body_too_large(limit: int) -> DomainError:
    mib = f"{limit / 1048576:.3g} MiB"
    return DomainError("body_too_large", f"The request is larger than this address accepts ({mib})",
                       f"অনুরোধটি এই ঠিকানার সীমার ({to_bangla_digits(f'{limit / 1048576:.3g}')} মেবিবাইট) চেয়ে বড়", details={"limit": limit})


class _TooLarge(Exception):
    pass


class BodyLimitMiddleware:
    """Pure ASGI: refuses a declared Content-Length over the limit before the app runs, and stops a
    streamed body the moment it passes the limit (whatever the app then answers becomes the 413)."""

    def __init__(self, app: ASGIApp, max_body: int, max_upload: int):
        self.app, self.max_body, self.max_upload = app, max_body, max_upload

    def limit_for(self, scope: Scope) -> int:
        return self.max_upload if is_upload(scope["method"], scope["path"]) else self.max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.limit_for(scope)
        declared = Headers(scope=scope).get("content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            await self._refuse(scope, receive, send, limit)
            return
        received = 0
        over = False
        started = False

        async def counted() -> Message:
            nonlocal received, over
            if over:
                raise _TooLarge
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    over = True
                    raise _TooLarge
            return message

        async def guarded(message: Message) -> None:
            nonlocal started
            if over:  # the app answered after its read failed: the client gets the 413 instead
                return
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counted, guarded)
        except Exception:  # _TooLarge itself, or what a layer made of it (an ExceptionGroup, a 500)
            if not over or started:
                raise
        if over and not started:
            await self._refuse(scope, receive, send, limit)

    @staticmethod
    async def _refuse(scope: Scope, receive: Receive, send: Send, limit: int) -> None:
        response = JSONResponse(body_too_large(limit).to_dict(), status_code=413, headers={"Connection": "close"})
        await response(scope, receive, send)


class UploadSlots:
    """At most `size` imports/uploads run at once in this process (`VEXTRUS_MAX_CONCURRENT_UPLOADS`); the
    others wait for a slot on the event loop, holding no thread, so uploads cannot take the thread pool
    that every other request (and each request's authentication) needs."""

    def __init__(self, size: int):
        self.size, self.waiting, self.running = size, 0, 0
        self._by_loop: dict[int, anyio.Semaphore] = {}

    def semaphore(self) -> anyio.Semaphore:
        loop = id(asyncio.get_running_loop())  # a test client runs its own loop
        if loop not in self._by_loop:
            self._by_loop[loop] = anyio.Semaphore(self.size)
        return self._by_loop[loop]


class UploadSlotsMiddleware:
    def __init__(self, app: ASGIApp, slots: UploadSlots):
        self.app, self.slots = app, slots

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not is_upload(scope["method"], scope["path"]):
            await self.app(scope, receive, send)
            return
        sem = self.slots.semaphore()
        self.slots.waiting += 1
        try:
            await sem.acquire()
        finally:
            self.slots.waiting -= 1
        self.slots.running += 1
        try:
            await self.app(scope, receive, send)
        finally:
            self.slots.running -= 1
            sem.release()
