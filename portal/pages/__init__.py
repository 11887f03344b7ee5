"""The portal's pages, one module per part: each holds its handlers (guarded by ``portal.web.requires``) and
``ROUTES``. A new part adds its module here."""

from __future__ import annotations

from starlette.routing import Route

from . import documents, drafts, jobs, packs, review, session

__all__ = ["routes"]


def routes() -> list[Route]:
    """Every page's route, in the order they are matched."""
    return [*session.ROUTES, *review.ROUTES, *documents.ROUTES, *packs.ROUTES, *jobs.ROUTES,
            *drafts.ROUTES]
