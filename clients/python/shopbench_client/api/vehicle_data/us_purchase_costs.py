from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.billed_vehicle_data_us_costs import BilledVehicleDataUsCosts
from ...models.problem_doc import ProblemDoc
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    state: str,
    price: str,
    sale_type: str,
    trade_in: str | Unset = UNSET,
    local_rate: str | Unset = UNSET,
    year: str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["state"] = state

    params["price"] = price

    params["sale_type"] = sale_type

    params["trade_in"] = trade_in

    params["local_rate"] = local_rate

    params["year"] = year

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/us/purchase-costs",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> BilledVehicleDataUsCosts | ProblemDoc | None:
    if response.status_code == 200:
        response_200 = BilledVehicleDataUsCosts.from_dict(response.json())

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

    if response.status_code == 429:
        response_429 = ProblemDoc.from_dict(response.json())

        return response_429

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[BilledVehicleDataUsCosts | ProblemDoc]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    state: str,
    price: str,
    sale_type: str,
    trade_in: str | Unset = UNSET,
    local_rate: str | Unset = UNSET,
    year: str | Unset = UNSET,
) -> Response[BilledVehicleDataUsCosts | ProblemDoc]:
    """`GET /v1/us/purchase-costs?state=&price=&sale_type=[&trade_in=&local_rate=&year=]` (seed 002).

    Args:
        state (str):
        price (str):
        sale_type (str):
        trade_in (str | Unset):
        local_rate (str | Unset):
        year (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[BilledVehicleDataUsCosts | ProblemDoc]
    """

    kwargs = _get_kwargs(
        state=state,
        price=price,
        sale_type=sale_type,
        trade_in=trade_in,
        local_rate=local_rate,
        year=year,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    state: str,
    price: str,
    sale_type: str,
    trade_in: str | Unset = UNSET,
    local_rate: str | Unset = UNSET,
    year: str | Unset = UNSET,
) -> BilledVehicleDataUsCosts | ProblemDoc | None:
    """`GET /v1/us/purchase-costs?state=&price=&sale_type=[&trade_in=&local_rate=&year=]` (seed 002).

    Args:
        state (str):
        price (str):
        sale_type (str):
        trade_in (str | Unset):
        local_rate (str | Unset):
        year (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        BilledVehicleDataUsCosts | ProblemDoc
    """

    return sync_detailed(
        client=client,
        state=state,
        price=price,
        sale_type=sale_type,
        trade_in=trade_in,
        local_rate=local_rate,
        year=year,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    state: str,
    price: str,
    sale_type: str,
    trade_in: str | Unset = UNSET,
    local_rate: str | Unset = UNSET,
    year: str | Unset = UNSET,
) -> Response[BilledVehicleDataUsCosts | ProblemDoc]:
    """`GET /v1/us/purchase-costs?state=&price=&sale_type=[&trade_in=&local_rate=&year=]` (seed 002).

    Args:
        state (str):
        price (str):
        sale_type (str):
        trade_in (str | Unset):
        local_rate (str | Unset):
        year (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[BilledVehicleDataUsCosts | ProblemDoc]
    """

    kwargs = _get_kwargs(
        state=state,
        price=price,
        sale_type=sale_type,
        trade_in=trade_in,
        local_rate=local_rate,
        year=year,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    state: str,
    price: str,
    sale_type: str,
    trade_in: str | Unset = UNSET,
    local_rate: str | Unset = UNSET,
    year: str | Unset = UNSET,
) -> BilledVehicleDataUsCosts | ProblemDoc | None:
    """`GET /v1/us/purchase-costs?state=&price=&sale_type=[&trade_in=&local_rate=&year=]` (seed 002).

    Args:
        state (str):
        price (str):
        sale_type (str):
        trade_in (str | Unset):
        local_rate (str | Unset):
        year (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        BilledVehicleDataUsCosts | ProblemDoc
    """

    return (
        await asyncio_detailed(
            client=client,
            state=state,
            price=price,
            sale_type=sale_type,
            trade_in=trade_in,
            local_rate=local_rate,
            year=year,
        )
    ).parsed
