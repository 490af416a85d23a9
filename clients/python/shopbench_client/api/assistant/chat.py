from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.chat_answer import ChatAnswer
from ...models.chat_request import ChatRequest
from ...models.problem_doc import ProblemDoc
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    body: ChatRequest,
    idempotency_key: None | str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/chat",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ChatAnswer | ProblemDoc | None:
    if response.status_code == 200:
        response_200 = ChatAnswer.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = ProblemDoc.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = ProblemDoc.from_dict(response.json())

        return response_401

    if response.status_code == 402:
        response_402 = ProblemDoc.from_dict(response.json())

        return response_402

    if response.status_code == 403:
        response_403 = ProblemDoc.from_dict(response.json())

        return response_403

    if response.status_code == 404:
        response_404 = ProblemDoc.from_dict(response.json())

        return response_404

    if response.status_code == 415:
        response_415 = ProblemDoc.from_dict(response.json())

        return response_415

    if response.status_code == 429:
        response_429 = ProblemDoc.from_dict(response.json())

        return response_429

    if response.status_code == 503:
        response_503 = ProblemDoc.from_dict(response.json())

        return response_503

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[ChatAnswer | ProblemDoc]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: ChatRequest,
    idempotency_key: None | str | Unset = UNSET,
) -> Response[ChatAnswer | ProblemDoc]:
    """`POST /v1/chat`: answer a question, cited; charge it by tokens × the
    engine's multiplier; keep it in its conversation.

    Args:
        idempotency_key (None | str | Unset):
        body (ChatRequest): `POST /v1/chat`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ChatAnswer | ProblemDoc]
    """

    kwargs = _get_kwargs(
        body=body,
        idempotency_key=idempotency_key,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    body: ChatRequest,
    idempotency_key: None | str | Unset = UNSET,
) -> ChatAnswer | ProblemDoc | None:
    """`POST /v1/chat`: answer a question, cited; charge it by tokens × the
    engine's multiplier; keep it in its conversation.

    Args:
        idempotency_key (None | str | Unset):
        body (ChatRequest): `POST /v1/chat`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ChatAnswer | ProblemDoc
    """

    return sync_detailed(
        client=client,
        body=body,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: ChatRequest,
    idempotency_key: None | str | Unset = UNSET,
) -> Response[ChatAnswer | ProblemDoc]:
    """`POST /v1/chat`: answer a question, cited; charge it by tokens × the
    engine's multiplier; keep it in its conversation.

    Args:
        idempotency_key (None | str | Unset):
        body (ChatRequest): `POST /v1/chat`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ChatAnswer | ProblemDoc]
    """

    kwargs = _get_kwargs(
        body=body,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: ChatRequest,
    idempotency_key: None | str | Unset = UNSET,
) -> ChatAnswer | ProblemDoc | None:
    """`POST /v1/chat`: answer a question, cited; charge it by tokens × the
    engine's multiplier; keep it in its conversation.

    Args:
        idempotency_key (None | str | Unset):
        body (ChatRequest): `POST /v1/chat`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ChatAnswer | ProblemDoc
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed
