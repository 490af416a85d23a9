from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.mode import Mode

if TYPE_CHECKING:
    from ..models.engine_info import EngineInfo
    from ..models.price import Price
    from ..models.rate_limits import RateLimits
    from ..models.usage import Usage


T = TypeVar("T", bound="Account")


@_attrs_define
class Account:
    """`GET /v1/account`.

    Attributes:
        credit_balance (int): Credits left in this mode.
        default_engine (str): The engine `POST /v1/chat` uses when none is named.
        engines (list[EngineInfo]): Every answering engine: multiplier, minimum plan, whether it runs here.
        engines_available (list[str]): The engines this key's plan may use (seed 003's `engines_available`).
        key_id (str): The key's id (`key_…`), never the secret.
        mode (Mode): Which side of a partner's account a key works on.
        partner (str): Partner name.
        partner_id (str): `ptn_…`.
        plan (str): Plan id.
        plan_name (str): Plan name.
        prices (list[Price]): What each call costs.
        rate_limits (RateLimits): The rate-limit budget.
        usage (Usage): Usage this month.
    """

    credit_balance: int
    default_engine: str
    engines: list[EngineInfo]
    engines_available: list[str]
    key_id: str
    mode: Mode
    partner: str
    partner_id: str
    plan: str
    plan_name: str
    prices: list[Price]
    rate_limits: RateLimits
    usage: Usage
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        credit_balance = self.credit_balance

        default_engine = self.default_engine

        engines = []
        for engines_item_data in self.engines:
            engines_item = engines_item_data.to_dict()
            engines.append(engines_item)

        engines_available = self.engines_available

        key_id = self.key_id

        mode = self.mode.value

        partner = self.partner

        partner_id = self.partner_id

        plan = self.plan

        plan_name = self.plan_name

        prices = []
        for prices_item_data in self.prices:
            prices_item = prices_item_data.to_dict()
            prices.append(prices_item)

        rate_limits = self.rate_limits.to_dict()

        usage = self.usage.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "credit_balance": credit_balance,
                "default_engine": default_engine,
                "engines": engines,
                "engines_available": engines_available,
                "key_id": key_id,
                "mode": mode,
                "partner": partner,
                "partner_id": partner_id,
                "plan": plan,
                "plan_name": plan_name,
                "prices": prices,
                "rate_limits": rate_limits,
                "usage": usage,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.engine_info import EngineInfo  # noqa: PLC0415
        from ..models.price import Price  # noqa: PLC0415
        from ..models.rate_limits import RateLimits  # noqa: PLC0415
        from ..models.usage import Usage  # noqa: PLC0415

        d = dict(src_dict)
        credit_balance = d.pop("credit_balance")

        default_engine = d.pop("default_engine")

        engines = []
        _engines = d.pop("engines")
        for engines_item_data in _engines:
            engines_item = EngineInfo.from_dict(engines_item_data)

            engines.append(engines_item)

        engines_available = cast(list[str], d.pop("engines_available"))

        key_id = d.pop("key_id")

        mode = Mode(d.pop("mode"))

        partner = d.pop("partner")

        partner_id = d.pop("partner_id")

        plan = d.pop("plan")

        plan_name = d.pop("plan_name")

        prices = []
        _prices = d.pop("prices")
        for prices_item_data in _prices:
            prices_item = Price.from_dict(prices_item_data)

            prices.append(prices_item)

        rate_limits = RateLimits.from_dict(d.pop("rate_limits"))

        usage = Usage.from_dict(d.pop("usage"))

        account = cls(
            credit_balance=credit_balance,
            default_engine=default_engine,
            engines=engines,
            engines_available=engines_available,
            key_id=key_id,
            mode=mode,
            partner=partner,
            partner_id=partner_id,
            plan=plan,
            plan_name=plan_name,
            prices=prices,
            rate_limits=rate_limits,
            usage=usage,
        )

        account.additional_properties = d
        return account

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
