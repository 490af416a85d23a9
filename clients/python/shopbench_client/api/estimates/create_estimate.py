from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.estimate_accepted import EstimateAccepted
from ...models.estimate_created import EstimateCreated
from ...models.estimate_request_doc import EstimateRequestDoc
from ...models.problem_doc import ProblemDoc
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    body: EstimateRequestDoc | EstimateRequestDoc | Unset = UNSET,
    idempotency_key: None | str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/estimates",
    }

    if isinstance(body, EstimateRequestDoc):
        _kwargs["json"] = body.to_dict()

        headers["Content-Type"] = "application/json"
    if isinstance(body, EstimateRequestDoc):
        _kwargs["files"] = body.to_multipart()

        headers["Content-Type"] = "multipart/form-data; boundary=+++"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> EstimateAccepted | EstimateCreated | ProblemDoc | None:
    if response.status_code == 201:
        response_201 = EstimateCreated.from_dict(response.json())

        return response_201

    if response.status_code == 202:
        response_202 = EstimateAccepted.from_dict(response.json())

        return response_202

    if response.status_code == 400:
        response_400 = ProblemDoc.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = ProblemDoc.from_dict(response.json())

        return response_401

    if response.status_code == 402:
        response_402 = ProblemDoc.from_dict(response.json())

        return response_402

    if response.status_code == 409:
        response_409 = ProblemDoc.from_dict(response.json())

        return response_409

    if response.status_code == 413:
        response_413 = ProblemDoc.from_dict(response.json())

        return response_413

    if response.status_code == 415:
        response_415 = ProblemDoc.from_dict(response.json())

        return response_415

    if response.status_code == 422:
        response_422 = ProblemDoc.from_dict(response.json())

        return response_422

    if response.status_code == 429:
        response_429 = ProblemDoc.from_dict(response.json())

        return response_429

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[EstimateAccepted | EstimateCreated | ProblemDoc]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: EstimateRequestDoc | EstimateRequestDoc | Unset = UNSET,
    idempotency_key: None | str | Unset = UNSET,
) -> Response[EstimateAccepted | EstimateCreated | ProblemDoc]:
    """`POST /v1/estimates`: with marked areas, check, price, store and charge in
    one go → `201`; without, check, store, charge and queue the detector's job → `202`.

    Args:
        idempotency_key (None | str | Unset):
        body (EstimateRequestDoc): The body of `POST /v1/estimates` (JSON; the same fields as
            multipart form parts).
        body (EstimateRequestDoc): The body of `POST /v1/estimates` (JSON; the same fields as
            multipart form parts).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[EstimateAccepted | EstimateCreated | ProblemDoc]
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
    body: EstimateRequestDoc | EstimateRequestDoc | Unset = UNSET,
    idempotency_key: None | str | Unset = UNSET,
) -> EstimateAccepted | EstimateCreated | ProblemDoc | None:
    """`POST /v1/estimates`: with marked areas, check, price, store and charge in
    one go → `201`; without, check, store, charge and queue the detector's job → `202`.

    Args:
        idempotency_key (None | str | Unset):
        body (EstimateRequestDoc): The body of `POST /v1/estimates` (JSON; the same fields as
            multipart form parts).
        body (EstimateRequestDoc): The body of `POST /v1/estimates` (JSON; the same fields as
            multipart form parts).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        EstimateAccepted | EstimateCreated | ProblemDoc
    """

    return sync_detailed(
        client=client,
        body=body,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: EstimateRequestDoc | EstimateRequestDoc | Unset = UNSET,
    idempotency_key: None | str | Unset = UNSET,
) -> Response[EstimateAccepted | EstimateCreated | ProblemDoc]:
    """`POST /v1/estimates`: with marked areas, check, price, store and charge in
    one go → `201`; without, check, store, charge and queue the detector's job → `202`.

    Args:
        idempotency_key (None | str | Unset):
        body (EstimateRequestDoc): The body of `POST /v1/estimates` (JSON; the same fields as
            multipart form parts).
        body (EstimateRequestDoc): The body of `POST /v1/estimates` (JSON; the same fields as
            multipart form parts).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[EstimateAccepted | EstimateCreated | ProblemDoc]
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
    body: EstimateRequestDoc | EstimateRequestDoc | Unset = UNSET,
    idempotency_key: None | str | Unset = UNSET,
) -> EstimateAccepted | EstimateCreated | ProblemDoc | None:
    """`POST /v1/estimates`: with marked areas, check, price, store and charge in
    one go → `201`; without, check, store, charge and queue the detector's job → `202`.

    Args:
        idempotency_key (None | str | Unset):
        body (EstimateRequestDoc): The body of `POST /v1/estimates` (JSON; the same fields as
            multipart form parts).
        body (EstimateRequestDoc): The body of `POST /v1/estimates` (JSON; the same fields as
            multipart form parts).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        EstimateAccepted | EstimateCreated | ProblemDoc
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed
