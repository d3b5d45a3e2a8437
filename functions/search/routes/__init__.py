"""The API's routes, one Powertools `Router` per concern.

To add a concern (say, feedback): write `routes/feedback.py` with `router = Router()` and its routes,
then add one line to `app.py`: `app.include_router(feedback.router)`. Shared pieces come from `api/`:
`api.index.search_index`, `api.errors.ApiError`, `api.caching.cacheable`, `api.telemetry`.
"""
