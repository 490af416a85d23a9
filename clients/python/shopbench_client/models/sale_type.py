from enum import StrEnum


class SaleType(StrEnum):
    DEALER = "dealer"
    PRIVATE = "private"

    def __str__(self) -> str:
        return str(self.value)
