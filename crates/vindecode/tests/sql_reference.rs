//! Cross-checks the in-memory matcher and precedence against a plain SQL
//! rendering of vPIC's `spVinDecode_Core` pattern step, run by SQLite on the
//! same file: candidate patterns by `GLOB` (SQLite's `LIKE` has no character
//! classes), ranked per element by `YearFrom` desc, last change desc, fewer
//! non-`*` characters, bracket-less key, pattern id. Fails (never skips) when
//! the dataset is missing: run `scripts/fetch-vpic`.

use rusqlite::{Connection, OpenFlags};
use shopbench_vindecode::{plausible_vins, Decoder};

const SQL: &str = "
WITH cand AS (
  SELECT p.Id, p.ElementId, p.Keys, p.AttributeId, wvs.YearFrom,
         replace(coalesce(p.UpdatedOn, p.CreatedOn), 'T', ' ') AS changed
  FROM temp.P p
  JOIN Wmi_VinSchema wvs ON wvs.VinSchemaId = p.VinSchemaId
  JOIN Wmi w ON w.Id = wvs.WmiId
  WHERE w.Wmi = ?1 AND ?2 BETWEEN wvs.YearFrom AND coalesce(wvs.YearTo, 2999)
    AND ?3 GLOB replace(upper(p.Keys), '*', '?') || '*'
    AND p.ElementId IN (9, 18, 28, 31, 34, 38)
), ranked AS (
  SELECT *, row_number() OVER (PARTITION BY ElementId ORDER BY YearFrom DESC, changed DESC,
           length(replace(Keys, '*', '')) ASC, replace(replace(Keys, '[', ''), ']', '') ASC, Id ASC) AS rn
  FROM cand
)
SELECT r.ElementId, CASE r.ElementId WHEN 28 THEN (SELECT Name FROM Model WHERE Id = CAST(r.AttributeId AS INTEGER))
       ELSE r.AttributeId END
FROM ranked r WHERE rn = 1";

#[test]
fn matcher_and_precedence_agree_with_sql() {
    let path: std::path::PathBuf = std::env::var_os("SHOPBENCH_VPIC_DB")
        .map(Into::into)
        .expect(
            "SHOPBENCH_VPIC_DB names the vPIC file: scripts/test sets it from scripts/fetch-vpic",
        );
    let decoder = Decoder::open_at(&path, "2026-11-24")
        .unwrap_or_else(|e| panic!("{e}\n(the vPIC dataset is needed: run scripts/fetch-vpic)"));
    let conn = Connection::open_with_flags(
        format!("file:{}?immutable=1", path.display()),
        OpenFlags::SQLITE_OPEN_URI | OpenFlags::SQLITE_OPEN_READ_ONLY,
    )
    .unwrap();
    // Pattern has no index on VinSchemaId: copy the columns used into an
    // indexed temporary table so each VIN is not a full scan.
    conn.execute_batch(
        "CREATE TEMP TABLE P AS SELECT Id, VinSchemaId, Keys, ElementId, AttributeId, CreatedOn, UpdatedOn
           FROM Pattern WHERE ElementId IN (9, 18, 28, 31, 34, 38);
         CREATE INDEX temp.p_schema ON P(VinSchemaId);",
    )
    .unwrap();
    let mut st = conn.prepare(SQL).unwrap();
    let mut vins = plausible_vins(&decoder, 150, 99);
    vins.extend(
        [
            "1FTFW1ET5DFC10312",
            "1HGCM82633A004352",
            "4T1BF1FK5CU123456",
            "5YJ3E1EA7JF000316",
            "1GCVKREC0EZ123456",
        ]
        .map(String::from),
    );
    let mut compared = 0;
    for vin in &vins {
        let Ok(d) = decoder.decode_str(vin) else {
            continue;
        };
        let Some(year) = d.vehicle.year else { continue };
        let wmi = if vin.as_bytes()[2] == b'9' {
            format!("{}{}", &vin[..3], &vin[11..14])
        } else {
            vin[..3].to_string()
        };
        let descriptor = format!("{}|{}", &vin[3..8], &vin[9..17]);
        let rows: Vec<(i64, Option<String>)> = st
            .query_map(rusqlite::params![wmi, year, descriptor], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        let name = |id: i64| match id {
            9 => "Engine Number of Cylinders",
            18 => "Engine Model",
            28 => "Model",
            31 => "Plant City",
            34 => "Series",
            38 => "Trim",
            _ => unreachable!(),
        };
        for (element, value) in rows {
            let value = value.unwrap_or_default();
            let ours = d
                .variables
                .iter()
                .find(|v| v.name == name(element))
                .map(|v| v.value.trim().to_string());
            assert_eq!(
                ours.as_deref(),
                Some(value.trim()),
                "{vin} {}: {:#?}",
                name(element),
                d.variables
            );
            compared += 1;
        }
    }
    assert!(compared > 200, "only {compared} values compared");
}
