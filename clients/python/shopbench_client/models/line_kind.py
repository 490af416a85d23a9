from enum import StrEnum


class LineKind(StrEnum):
    FEE = "fee"
    INFORMATIONAL = "informational"
    MARKET_ESTIMATE = "market_estimate"
    TAX = "tax"

    def __str__(self) -> str:
        return str(self.value)
