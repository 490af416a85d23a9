from enum import StrEnum


class DamageType(StrEnum):
    CRACK = "Crack"
    DENT = "Dent"
    GLASSBREAK = "GlassBreak"
    LAMPDAMAGE = "LampDamage"
    MISSINGPART = "MissingPart"
    PAINTCHIP = "PaintChip"
    RUST = "Rust"
    SCRATCH = "Scratch"
    STRUCTURAL = "Structural"

    def __str__(self) -> str:
        return str(self.value)
