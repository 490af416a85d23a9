from enum import StrEnum


class VehicleClass(StrEnum):
    COMPACT = "Compact"
    FULLSIZE = "FullSize"
    LUXURY = "Luxury"
    MIDSIZE = "Midsize"
    PICKUP = "Pickup"
    SUV = "Suv"

    def __str__(self) -> str:
        return str(self.value)
