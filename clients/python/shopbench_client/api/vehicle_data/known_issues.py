from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.billed_vehicle_data_for_vin_known_issues_report import BilledVehicleDataForVinKnownIssuesReport
from ...models.problem_doc import ProblemDoc
from ...types import UNSET, Response


def _get_kwargs(
    *,
    vin: str,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["vin"] = vin

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/known-issues",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> BilledVehicleDataForVinKnownIssuesReport | ProblemDoc | None:
    if response.status_code == 200:
        response_200 = BilledVehicleDataForVinKnownIssuesReport.from_dict(response.json())

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

    if response.status_code == 422:
        response_422 = ProblemDoc.from_dict(response.json())

        return response_422

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
) -> Response[BilledVehicleDataForVinKnownIssuesReport | ProblemDoc]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    vin: str,
) -> Response[BilledVehicleDataForVinKnownIssuesReport | ProblemDoc]:
    """`GET /v1/known-issues?vin=` (seed 002): failure modes from the VIN's owner
    complaints; charged only when it names some (`status: "ok"`).

    Args:
        vin (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[BilledVehicleDataForVinKnownIssuesReport | ProblemDoc]
    """

    kwargs = _get_kwargs(
        vin=vin,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    vin: str,
) -> BilledVehicleDataForVinKnownIssuesReport | ProblemDoc | None:
    """`GET /v1/known-issues?vin=` (seed 002): failure modes from the VIN's owner
    complaints; charged only when it names some (`status: "ok"`).

    Args:
        vin (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        BilledVehicleDataForVinKnownIssuesReport | ProblemDoc
    """

    return sync_detailed(
        client=client,
        vin=vin,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    vin: str,
) -> Response[BilledVehicleDataForVinKnownIssuesReport | ProblemDoc]:
    """`GET /v1/known-issues?vin=` (seed 002): failure modes from the VIN's owner
    complaints; charged only when it names some (`status: "ok"`).

    Args:
        vin (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[BilledVehicleDataForVinKnownIssuesReport | ProblemDoc]
    """

    kwargs = _get_kwargs(
        vin=vin,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    vin: str,
) -> BilledVehicleDataForVinKnownIssuesReport | ProblemDoc | None:
    """`GET /v1/known-issues?vin=` (seed 002): failure modes from the VIN's owner
    complaints; charged only when it names some (`status: "ok"`).

    Args:
        vin (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        BilledVehicleDataForVinKnownIssuesReport | ProblemDoc
    """

    return (
        await asyncio_detailed(
            client=client,
            vin=vin,
        )
    ).parsed
