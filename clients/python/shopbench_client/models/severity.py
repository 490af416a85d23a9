from enum import StrEnum


class Severity(StrEnum):
    MINOR = "Minor"
    MODERATE = "Moderate"
    SEVERE = "Severe"

    def __str__(self) -> str:
        return str(self.value)
