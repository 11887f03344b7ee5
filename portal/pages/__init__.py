"""The portal's pages, one module per part: each holds its handlers (guarded by ``portal.web.requires``) and
``ROUTES``. A new part adds its module here."""

from __future__ import annotations

from starlette.routing import Route

from . import admin, batches, documents, drafts, jobs, packs, review, session, signoff

__all__ = ["routes"]


def routes() -> list[Route]:
    """Every page's route, in the order they are matched."""
    return [*session.ROUTES, *review.ROUTES, *batches.ROUTES, *documents.ROUTES, *packs.ROUTES, *jobs.ROUTES,
            *admin.ROUTES, *drafts.ROUTES, *signoff.ROUTES]
