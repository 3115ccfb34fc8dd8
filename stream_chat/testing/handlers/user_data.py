"""Guest users, with a user token signed by the app secret (the export of a user's data is in ``exports``)."""

from __future__ import annotations

from typing import Any

import jwt

from stream_chat.testing import render
from stream_chat.testing.context import Call, handles, required_object
from stream_chat.testing.errors import APIError, failed
from stream_chat.testing.handlers.users import upsert_user, user_data


@handles("CreateGuest")
def create_guest(call: Call) -> dict[str, Any]:
    store = call.store
    if store.app.get("guest_user_creation_disabled"):
        raise APIError(403, 17, failed(call.operation, "guest user creation is disabled for this app"))
    user_id, data = user_data(call, required_object(call, call.json(), "user"))
    if user_id in store.users:
        raise call.fail(f"user {user_id} already exists: a guest needs a new id")
    data["role"] = "guest"
    guest = upsert_user(call, user_id, data)
    token = jwt.encode({"user_id": guest.id}, store.api_secret, algorithm="HS256")
    return {"user": render.user(store, guest), "access_token": token}
