from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.case_created import CaseCreated
from ...models.case_request_doc import CaseRequestDoc
from ...models.problem_doc import ProblemDoc
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    body: CaseRequestDoc,
    idempotency_key: None | str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/cases",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> CaseCreated | ProblemDoc | None:
    if response.status_code == 201:
        response_201 = CaseCreated.from_dict(response.json())

        return response_201

    if response.status_code == 400:
        response_400 = ProblemDoc.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = ProblemDoc.from_dict(response.json())

        return response_401

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
) -> Response[CaseCreated | ProblemDoc]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: CaseRequestDoc,
    idempotency_key: None | str | Unset = UNSET,
) -> Response[CaseCreated | ProblemDoc]:
    """`POST /v1/cases`: store a case (free) → `201 {case_id}`.

    Args:
        idempotency_key (None | str | Unset):
        body (CaseRequestDoc): The case `POST /v1/cases` takes, with its limits (the OpenAPI
            schema;
            the body is read as `shopbench_diagnosis::CaseInput`).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CaseCreated | ProblemDoc]
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
    body: CaseRequestDoc,
    idempotency_key: None | str | Unset = UNSET,
) -> CaseCreated | ProblemDoc | None:
    """`POST /v1/cases`: store a case (free) → `201 {case_id}`.

    Args:
        idempotency_key (None | str | Unset):
        body (CaseRequestDoc): The case `POST /v1/cases` takes, with its limits (the OpenAPI
            schema;
            the body is read as `shopbench_diagnosis::CaseInput`).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CaseCreated | ProblemDoc
    """

    return sync_detailed(
        client=client,
        body=body,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: CaseRequestDoc,
    idempotency_key: None | str | Unset = UNSET,
) -> Response[CaseCreated | ProblemDoc]:
    """`POST /v1/cases`: store a case (free) → `201 {case_id}`.

    Args:
        idempotency_key (None | str | Unset):
        body (CaseRequestDoc): The case `POST /v1/cases` takes, with its limits (the OpenAPI
            schema;
            the body is read as `shopbench_diagnosis::CaseInput`).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CaseCreated | ProblemDoc]
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
    body: CaseRequestDoc,
    idempotency_key: None | str | Unset = UNSET,
) -> CaseCreated | ProblemDoc | None:
    """`POST /v1/cases`: store a case (free) → `201 {case_id}`.

    Args:
        idempotency_key (None | str | Unset):
        body (CaseRequestDoc): The case `POST /v1/cases` takes, with its limits (the OpenAPI
            schema;
            the body is read as `shopbench_diagnosis::CaseInput`).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CaseCreated | ProblemDoc
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed
