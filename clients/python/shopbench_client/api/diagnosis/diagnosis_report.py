from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem_doc import ProblemDoc
from ...types import UNSET, Response, Unset


def _get_kwargs(
    id: str,
    *,
    paper: str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["paper"] = paper

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/diagnoses/{id}/report.pdf".format(
            id=quote(str(id), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> ProblemDoc | list[int] | None:
    if response.status_code == 200:
        response_200 = cast(list[int], response.content)

        return response_200

    if response.status_code == 400:
        response_400 = ProblemDoc.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = ProblemDoc.from_dict(response.json())

        return response_401

    if response.status_code == 404:
        response_404 = ProblemDoc.from_dict(response.json())

        return response_404

    if response.status_code == 429:
        response_429 = ProblemDoc.from_dict(response.json())

        return response_429

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[ProblemDoc | list[int]]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    id: str,
    *,
    client: AuthenticatedClient,
    paper: str | Unset = UNSET,
) -> Response[ProblemDoc | list[int]]:
    """`GET /v1/diagnoses/{id}/report.pdf[?paper=letter|a4]` (free once the diagnosis is paid).

    Args:
        id (str):
        paper (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ProblemDoc | list[int]]
    """

    kwargs = _get_kwargs(
        id=id,
        paper=paper,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    id: str,
    *,
    client: AuthenticatedClient,
    paper: str | Unset = UNSET,
) -> ProblemDoc | list[int] | None:
    """`GET /v1/diagnoses/{id}/report.pdf[?paper=letter|a4]` (free once the diagnosis is paid).

    Args:
        id (str):
        paper (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ProblemDoc | list[int]
    """

    return sync_detailed(
        id=id,
        client=client,
        paper=paper,
    ).parsed


async def asyncio_detailed(
    id: str,
    *,
    client: AuthenticatedClient,
    paper: str | Unset = UNSET,
) -> Response[ProblemDoc | list[int]]:
    """`GET /v1/diagnoses/{id}/report.pdf[?paper=letter|a4]` (free once the diagnosis is paid).

    Args:
        id (str):
        paper (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ProblemDoc | list[int]]
    """

    kwargs = _get_kwargs(
        id=id,
        paper=paper,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    id: str,
    *,
    client: AuthenticatedClient,
    paper: str | Unset = UNSET,
) -> ProblemDoc | list[int] | None:
    """`GET /v1/diagnoses/{id}/report.pdf[?paper=letter|a4]` (free once the diagnosis is paid).

    Args:
        id (str):
        paper (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ProblemDoc | list[int]
    """

    return (
        await asyncio_detailed(
            id=id,
            client=client,
            paper=paper,
        )
    ).parsed
