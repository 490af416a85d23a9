from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.billed_vehicle_detail import BilledVehicleDetail
from ...models.problem_doc import ProblemDoc
from ...types import Response


def _get_kwargs(
    make: str,
    model: str,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/vehicles/{make}/{model}".format(
            make=quote(str(make), safe=""),
            model=quote(str(model), safe=""),
        ),
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> BilledVehicleDetail | ProblemDoc | None:
    if response.status_code == 200:
        response_200 = BilledVehicleDetail.from_dict(response.json())

        return response_200

    if response.status_code == 401:
        response_401 = ProblemDoc.from_dict(response.json())

        return response_401

    if response.status_code == 402:
        response_402 = ProblemDoc.from_dict(response.json())

        return response_402

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
) -> Response[BilledVehicleDetail | ProblemDoc]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    make: str,
    model: str,
    *,
    client: AuthenticatedClient,
) -> Response[BilledVehicleDetail | ProblemDoc]:
    """`GET /v1/vehicles/{make}/{model}`.

    Args:
        make (str):
        model (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[BilledVehicleDetail | ProblemDoc]
    """

    kwargs = _get_kwargs(
        make=make,
        model=model,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    make: str,
    model: str,
    *,
    client: AuthenticatedClient,
) -> BilledVehicleDetail | ProblemDoc | None:
    """`GET /v1/vehicles/{make}/{model}`.

    Args:
        make (str):
        model (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        BilledVehicleDetail | ProblemDoc
    """

    return sync_detailed(
        make=make,
        model=model,
        client=client,
    ).parsed


async def asyncio_detailed(
    make: str,
    model: str,
    *,
    client: AuthenticatedClient,
) -> Response[BilledVehicleDetail | ProblemDoc]:
    """`GET /v1/vehicles/{make}/{model}`.

    Args:
        make (str):
        model (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[BilledVehicleDetail | ProblemDoc]
    """

    kwargs = _get_kwargs(
        make=make,
        model=model,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    make: str,
    model: str,
    *,
    client: AuthenticatedClient,
) -> BilledVehicleDetail | ProblemDoc | None:
    """`GET /v1/vehicles/{make}/{model}`.

    Args:
        make (str):
        model (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        BilledVehicleDetail | ProblemDoc
    """

    return (
        await asyncio_detailed(
            make=make,
            model=model,
            client=client,
        )
    ).parsed
