from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.diagnose_request import DiagnoseRequest
from ...models.diagnosis_accepted import DiagnosisAccepted
from ...models.problem_doc import ProblemDoc
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    body: DiagnoseRequest,
    idempotency_key: None | str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/diagnose",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> DiagnosisAccepted | ProblemDoc | None:
    if response.status_code == 202:
        response_202 = DiagnosisAccepted.from_dict(response.json())

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

    if response.status_code == 404:
        response_404 = ProblemDoc.from_dict(response.json())

        return response_404

    if response.status_code == 409:
        response_409 = ProblemDoc.from_dict(response.json())

        return response_409

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
) -> Response[DiagnosisAccepted | ProblemDoc]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: DiagnoseRequest,
    idempotency_key: None | str | Unset = UNSET,
) -> Response[DiagnosisAccepted | ProblemDoc]:
    """`POST /v1/diagnose`: charge, queue the job → `202 {diagnosis_id, status: "processing"}`.

    Args:
        idempotency_key (None | str | Unset):
        body (DiagnoseRequest): The body of `POST /v1/diagnose`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DiagnosisAccepted | ProblemDoc]
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
    body: DiagnoseRequest,
    idempotency_key: None | str | Unset = UNSET,
) -> DiagnosisAccepted | ProblemDoc | None:
    """`POST /v1/diagnose`: charge, queue the job → `202 {diagnosis_id, status: "processing"}`.

    Args:
        idempotency_key (None | str | Unset):
        body (DiagnoseRequest): The body of `POST /v1/diagnose`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DiagnosisAccepted | ProblemDoc
    """

    return sync_detailed(
        client=client,
        body=body,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: DiagnoseRequest,
    idempotency_key: None | str | Unset = UNSET,
) -> Response[DiagnosisAccepted | ProblemDoc]:
    """`POST /v1/diagnose`: charge, queue the job → `202 {diagnosis_id, status: "processing"}`.

    Args:
        idempotency_key (None | str | Unset):
        body (DiagnoseRequest): The body of `POST /v1/diagnose`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DiagnosisAccepted | ProblemDoc]
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
    body: DiagnoseRequest,
    idempotency_key: None | str | Unset = UNSET,
) -> DiagnosisAccepted | ProblemDoc | None:
    """`POST /v1/diagnose`: charge, queue the job → `202 {diagnosis_id, status: "processing"}`.

    Args:
        idempotency_key (None | str | Unset):
        body (DiagnoseRequest): The body of `POST /v1/diagnose`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DiagnosisAccepted | ProblemDoc
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed
