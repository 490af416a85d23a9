//! Model year from position 10, as vPIC's `fVinModelYear2` computes it.
//!
//! Position 10 gives a year in 2010–2039. For cars, MPVs and light trucks
//! (vPIC vehicle types 2 and 7, or 3 with truck type 1) position 7 settles the
//! 30-year cycle: a digit means 1980–2009, a letter 2010–2039. A year more
//! than two years ahead of today goes back 30 years. Otherwise the year is
//! *inconclusive* and vPIC decodes both candidates and keeps the better pass.

/// The outcome of reading position 10.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum YearReading {
    /// One year, settled by position 7 or by the "not in the future" rule.
    Conclusive(u16),
    /// The later year and the one 30 years earlier are both possible.
    Either(u16, u16),
    /// Position 10 is not a year code (e.g. `0` on many non-US VINs).
    Unknown,
}

/// Whether a WMI's vehicle is a car, MPV or light truck (position 7 rule).
pub(crate) fn is_car_mpv_light_truck(
    vehicle_type_id: Option<i64>,
    truck_type_id: Option<i64>,
) -> bool {
    matches!(vehicle_type_id, Some(2) | Some(7))
        || (vehicle_type_id == Some(3) && truck_type_id == Some(1))
}

/// Reads position 10 (`vin` is a checked 17-character VIN).
pub(crate) fn read(vin: &[u8; 17], car_lt: bool, this_year: u16) -> YearReading {
    let p10 = vin[9];
    let base: u16 = match p10 {
        b'A'..=b'H' => 2010 + u16::from(p10 - b'A'),
        b'J'..=b'N' => 2010 + u16::from(p10 - b'A') - 1,
        b'P' => 2023,
        b'R'..=b'T' => 2010 + u16::from(p10 - b'A') - 3,
        b'V'..=b'Y' => 2010 + u16::from(p10 - b'A') - 4,
        b'1'..=b'9' => 2031 + u16::from(p10 - b'1'),
        _ => return YearReading::Unknown,
    };
    let p7 = vin[6];
    if car_lt && p7.is_ascii_digit() {
        return YearReading::Conclusive(base - 30);
    }
    let limit = this_year + 2;
    if base > limit {
        return YearReading::Conclusive(base - 30);
    }
    if car_lt && p7.is_ascii_uppercase() {
        return YearReading::Conclusive(base);
    }
    YearReading::Either(base, base - 30)
}

/// vPIC's alternative year for a conclusive reading: the same code 30 years
/// away, tried when the WMI has no schema for the year read.
pub(crate) fn alternative(year: u16, this_year: u16) -> Option<u16> {
    let limit = this_year + 2;
    if (1980..=limit.saturating_sub(30)).contains(&year) {
        Some(year + 30)
    } else if (2010..=limit).contains(&year) {
        Some(year - 30)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(s: &str) -> [u8; 17] {
        s.as_bytes().try_into().unwrap()
    }

    #[test]
    fn position_7_settles_cars() {
        // 2003 Honda Accord: position 7 is a digit.
        assert_eq!(
            read(&v("1HGCM82633A004352"), true, 2026),
            YearReading::Conclusive(2003)
        );
        // 2013 F-150: position 7 is a letter.
        assert_eq!(
            read(&v("1FTFW1ET5DFC10312"), true, 2026),
            YearReading::Conclusive(2013)
        );
    }

    #[test]
    fn the_future_goes_back_30_years() {
        // 'Y' = 2030 > 2028 → 2000, whatever position 7 says.
        assert_eq!(
            read(&v("1M8GDM9AXYP000001"), false, 2026),
            YearReading::Conclusive(2000)
        );
    }

    #[test]
    fn other_vehicles_are_inconclusive() {
        assert_eq!(
            read(&v("1M8GDM9AXKP042788"), false, 2026),
            YearReading::Either(2019, 1989)
        );
        assert_eq!(
            read(&v("WDB12345600000000"), false, 2026),
            YearReading::Unknown
        );
    }

    #[test]
    fn alternatives() {
        assert_eq!(alternative(1995, 2026), Some(2025));
        assert_eq!(alternative(2015, 2026), Some(1985));
        assert_eq!(alternative(2028, 2026), Some(1998));
    }
}
