from enum import StrEnum


class VinWarningType0Kind(StrEnum):
    CHECK_DIGIT_MISMATCH = "check_digit_mismatch"

    def __str__(self) -> str:
        return str(self.value)
