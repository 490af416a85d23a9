//! Loading the vPIC SQLite file into memory (the only I/O of this crate).

use std::collections::HashMap;
use std::path::Path;

use rusqlite::{Connection, OpenFlags};

use crate::error::{Error, Result};
use crate::keys::{compile, Constraint};

/// Elements vPIC never takes from patterns (make, manufacturer, model year,
/// vehicle type come from the WMI and the model).
const NOT_FROM_PATTERNS: [i64; 4] = [26, 27, 29, 39];

/// A WMI row with what the decoder needs.
#[derive(Debug, Clone)]
pub(crate) struct WmiInfo {
    pub manufacturer: Option<String>,
    pub vehicle_type: Option<String>,
    pub car_lt: bool,
    pub makes: Vec<String>,
    /// `(VinSchemaId, YearFrom, YearTo)` links.
    pub schemas: Vec<(u32, u16, Option<u16>)>,
}

/// A pattern row, compiled.
#[derive(Debug, Clone)]
pub(crate) struct Pattern {
    pub id: u32,
    pub element: u16,
    /// Interned `AttributeId`.
    pub attribute: u32,
    /// `coalesce(UpdatedOn, CreatedOn)` as `YYYYMMDDhhmmss`.
    pub changed: u64,
    pub non_wildcard_len: u8,
    /// Rank of the key with `[`/`]` removed in byte order (vPIC's last-but-one
    /// tie-breaker).
    pub key_rank: u32,
    /// Interned raw key.
    pub key: u32,
    pub constraints: std::ops::Range<u32>,
    pub formula_span: Option<(u8, u8)>,
}

/// An `Element` row.
#[derive(Debug, Clone)]
pub(crate) struct ElementInfo {
    pub name: String,
    pub lookup: Option<String>,
    pub weight: i64,
    pub group: String,
}

/// Everything loaded from the file.
#[derive(Debug)]
pub(crate) struct Dataset {
    pub wmis: HashMap<String, WmiInfo>,
    /// Patterns per VinSchemaId, ascending by pattern id.
    pub schemas: HashMap<u32, Vec<Pattern>>,
    pub constraints: Vec<Constraint>,
    pub strings: Vec<Box<str>>,
    /// Element id → what vPIC says about it.
    pub elements: HashMap<u16, ElementInfo>,
    /// Lookup table name → (id → name).
    pub lookups: HashMap<String, HashMap<String, String>>,
    /// Model id → make names.
    pub model_makes: HashMap<String, Vec<String>>,
    /// lower(trim(EngineModel.Name)) → (element, attribute, changed).
    pub engine_models: HashMap<String, Vec<(u16, String, u64)>>,
    /// Conversions `(id, from, to, formula)`.
    pub conversions: Vec<(i64, u16, u16, String)>,
    /// Newest change date in the data, `YYYY-MM-DD`.
    pub data_date: String,
}

/// Turns vPIC's mixed timestamp formats into `YYYYMMDDhhmmss`.
pub(crate) fn stamp(s: Option<&str>) -> u64 {
    let Some(s) = s else { return 0 };
    let digits: String = s.chars().filter(|c| c.is_ascii_digit()).take(14).collect();
    format!("{digits:0<14}").parse().unwrap_or(0)
}

fn open(path: &Path) -> Result<Connection> {
    if !path.is_file() {
        return Err(Error::DatasetMissing {
            path: path.to_path_buf(),
        });
    }
    let wrap = |source| Error::Dataset {
        path: path.to_path_buf(),
        source,
    };
    // The file is in WAL mode: immutable=1 reads it without -wal/-shm files.
    let uri = format!("file:{}?immutable=1", path.display());
    let conn = Connection::open_with_flags(
        uri,
        OpenFlags::SQLITE_OPEN_URI
            | OpenFlags::SQLITE_OPEN_READ_ONLY
            | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(wrap)?;
    Ok(conn)
}

struct Interner {
    map: HashMap<Box<str>, u32>,
    strings: Vec<Box<str>>,
}

impl Interner {
    fn intern(&mut self, s: &str) -> u32 {
        if let Some(&i) = self.map.get(s) {
            return i;
        }
        let i = self.strings.len() as u32;
        self.strings.push(s.into());
        self.map.insert(s.into(), i);
        i
    }
}

impl Dataset {
    /// Loads the file. `today` is `YYYY-MM-DD`; WMIs not yet public then are
    /// left out, as vPIC does.
    /// With `only_wmis`, only the patterns of those WMIs' schemas are loaded
    /// (a one-off decode on the command line needs no more).
    pub fn load(path: &Path, today: &str, only_wmis: Option<&[String]>) -> Result<Dataset> {
        let conn = open(path)?;
        let wrap = |source| Error::Dataset {
            path: path.to_path_buf(),
            source,
        };
        Self::load_from(&conn, today, only_wmis).map_err(wrap)
    }

    fn load_from(
        conn: &Connection,
        today: &str,
        only_wmis: Option<&[String]>,
    ) -> rusqlite::Result<Dataset> {
        let today_stamp = stamp(Some(today));

        // Elements.
        let mut elements = HashMap::new();
        let mut decodable = std::collections::HashSet::new();
        let mut st =
            conn.prepare("SELECT Id, Name, LookupTable, Decode, weight, GroupName FROM Element")?;
        let mut rows = st.query([])?;
        while let Some(r) = rows.next()? {
            let id: i64 = r.get(0)?;
            let decode: Option<String> = r.get(3)?;
            if decode.is_some() {
                decodable.insert(id);
            }
            let lookup: Option<String> = r.get(2)?;
            elements.insert(
                id as u16,
                ElementInfo {
                    name: r.get(1)?,
                    lookup: lookup.filter(|t| !t.is_empty()),
                    weight: r.get::<_, Option<i64>>(4)?.unwrap_or(0),
                    group: r.get::<_, Option<String>>(5)?.unwrap_or_default(),
                },
            );
        }

        // WMIs.
        let names = |table: &str| -> rusqlite::Result<HashMap<i64, String>> {
            let mut st = conn.prepare(&format!("SELECT Id, Name FROM {table}"))?;
            let m = st
                .query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))?
                .collect::<rusqlite::Result<HashMap<_, _>>>()?;
            Ok(m)
        };
        let manufacturers = names("Manufacturer")?;
        let vehicle_types = names("VehicleType")?;
        let makes = names("Make")?;
        let mut wmis: HashMap<String, WmiInfo> = HashMap::new();
        let mut by_id: HashMap<i64, String> = HashMap::new();
        let mut st = conn.prepare(
            "SELECT Id, Wmi, ManufacturerId, VehicleTypeId, TruckTypeId, PublicAvailabilityDate FROM Wmi",
        )?;
        let mut rows = st.query([])?;
        while let Some(r) = rows.next()? {
            let public: Option<String> = r.get(5)?;
            if public.is_none() || stamp(public.as_deref()) > today_stamp {
                continue;
            }
            let id: i64 = r.get(0)?;
            let code: String = r.get::<_, String>(1)?.trim().to_ascii_uppercase();
            let vt: Option<i64> = r.get(3)?;
            let tt: Option<i64> = r.get(4)?;
            let info = WmiInfo {
                manufacturer: r
                    .get::<_, Option<i64>>(2)?
                    .and_then(|m| manufacturers.get(&m))
                    .map(|s| s.to_uppercase()),
                vehicle_type: vt
                    .and_then(|v| vehicle_types.get(&v))
                    .map(|s| s.to_uppercase()),
                car_lt: crate::year::is_car_mpv_light_truck(vt, tt),
                makes: Vec::new(),
                schemas: Vec::new(),
            };
            by_id.insert(id, code.clone());
            wmis.insert(code, info);
        }
        let mut st = conn.prepare("SELECT WmiId, MakeId FROM Wmi_Make ORDER BY MakeId")?;
        let mut rows = st.query([])?;
        while let Some(r) = rows.next()? {
            let (w, m): (i64, i64) = (r.get(0)?, r.get(1)?);
            if let (Some(code), Some(name)) = (by_id.get(&w), makes.get(&m)) {
                if let Some(info) = wmis.get_mut(code) {
                    info.makes.push(name.to_uppercase());
                }
            }
        }
        let mut qced = std::collections::HashSet::new();
        let mut st = conn.prepare("SELECT Id FROM VinSchema WHERE coalesce(TobeQCed, 0) <> 0")?;
        for id in st.query_map([], |r| r.get::<_, i64>(0))? {
            qced.insert(id?);
        }
        let mut st = conn.prepare(
            "SELECT WmiId, VinSchemaId, YearFrom, YearTo FROM Wmi_VinSchema ORDER BY Id",
        )?;
        let mut rows = st.query([])?;
        while let Some(r) = rows.next()? {
            let (w, s): (i64, i64) = (r.get(0)?, r.get(1)?);
            if qced.contains(&s) {
                continue;
            }
            if let Some(info) = by_id.get(&w).and_then(|c| wmis.get_mut(c)) {
                let from: i64 = r.get(2)?;
                let to: Option<i64> = r.get(3)?;
                info.schemas.push((
                    s as u32,
                    from.clamp(0, 9999) as u16,
                    to.map(|t| t.clamp(0, 9999) as u16),
                ));
            }
        }

        // Patterns.
        let mut interner = Interner {
            map: HashMap::new(),
            strings: Vec::new(),
        };
        let mut constraints = Vec::new();
        let mut schemas: HashMap<u32, Vec<Pattern>> = HashMap::new();
        let mut raw_keys: Vec<u32> = Vec::new();
        let filter = match only_wmis {
            None => String::new(),
            Some(codes) => {
                let mut ids: Vec<u32> = codes
                    .iter()
                    .filter_map(|c| wmis.get(c))
                    .flat_map(|w| w.schemas.iter().map(|s| s.0))
                    .collect();
                ids.sort_unstable();
                ids.dedup();
                let list: Vec<String> = ids.iter().map(u32::to_string).collect();
                format!("WHERE VinSchemaId IN ({})", list.join(","))
            }
        };
        let mut st = conn.prepare(&format!(
            "SELECT Id, VinSchemaId, Keys, ElementId, AttributeId, coalesce(UpdatedOn, CreatedOn) \
             FROM Pattern {filter} ORDER BY Id"
        ))?;
        let mut rows = st.query([])?;
        while let Some(r) = rows.next()? {
            let element: i64 = r.get(3)?;
            if NOT_FROM_PATTERNS.contains(&element) || !decodable.contains(&element) {
                continue;
            }
            let keys: String = r.get(2)?;
            let compiled = compile(&keys);
            if compiled.impossible {
                continue;
            }
            let changed = stamp(r.get::<_, Option<String>>(5)?.as_deref());
            let start = constraints.len() as u32;
            constraints.extend_from_slice(&compiled.constraints);
            let key = interner.intern(&keys.trim().to_ascii_uppercase());
            raw_keys.push(key);
            let attribute = interner.intern(r.get::<_, String>(4)?.trim());
            let schema: i64 = r.get(1)?;
            schemas.entry(schema as u32).or_default().push(Pattern {
                id: r.get::<_, i64>(0)? as u32,
                element: element as u16,
                attribute,
                changed,
                non_wildcard_len: compiled.non_wildcard_len,
                key_rank: 0,
                key,
                constraints: start..constraints.len() as u32,
                formula_span: compiled.formula_span,
            });
        }
        // Rank keys with the brackets removed, in byte order.
        let mut distinct = raw_keys;
        distinct.sort_unstable();
        distinct.dedup();
        let mut bare: Vec<(String, u32)> = distinct
            .iter()
            .map(|&k| (interner.strings[k as usize].replace(['[', ']'], ""), k))
            .collect();
        bare.sort();
        let mut rank_of: HashMap<u32, u32> = HashMap::new();
        let mut rank = 0u32;
        for i in 0..bare.len() {
            if i > 0 && bare[i].0 != bare[i - 1].0 {
                rank += 1;
            }
            rank_of.insert(bare[i].1, rank);
        }
        for p in schemas.values_mut().flat_map(|v| v.iter_mut()) {
            p.key_rank = rank_of[&p.key];
        }

        // Lookup tables used by elements that patterns carry, plus Make/Model.
        let mut lookups = HashMap::new();
        let mut wanted: Vec<String> = elements.values().filter_map(|e| e.lookup.clone()).collect();
        wanted.sort();
        wanted.dedup();
        for table in wanted {
            // Some lookup tables are not in the pruned file.
            let exists: bool = conn.query_row(
                "SELECT count(*) > 0 FROM sqlite_master WHERE type = 'table' AND name = ?1",
                [&table],
                |r| r.get(0),
            )?;
            if !exists {
                continue;
            }
            let mut st = conn.prepare(&format!(
                "SELECT CAST(Id AS TEXT), Name FROM \"{}\"",
                table.replace('"', "")
            ))?;
            let m = st
                .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?
                .collect::<rusqlite::Result<HashMap<_, _>>>()?;
            lookups.insert(table, m);
        }

        let mut model_makes: HashMap<String, Vec<String>> = HashMap::new();
        let mut st = conn.prepare("SELECT ModelId, MakeId FROM Make_Model ORDER BY Id")?;
        let mut rows = st.query([])?;
        while let Some(r) = rows.next()? {
            let (model, make): (i64, i64) = (r.get(0)?, r.get(1)?);
            if let Some(name) = makes.get(&make) {
                model_makes
                    .entry(model.to_string())
                    .or_default()
                    .push(name.to_uppercase());
            }
        }

        let mut engine_models: HashMap<String, Vec<(u16, String, u64)>> = HashMap::new();
        let mut st = conn.prepare(
            "SELECT em.Name, p.ElementId, p.AttributeId, coalesce(p.UpdatedOn, p.CreatedOn) \
             FROM EngineModel em JOIN EngineModelPattern p ON em.Id = p.EngineModelId \
             JOIN Element e ON e.Id = p.ElementId ORDER BY p.Id",
        )?;
        let mut rows = st.query([])?;
        while let Some(r) = rows.next()? {
            let name: String = r.get(0)?;
            engine_models
                .entry(name.trim().to_lowercase())
                .or_default()
                .push((
                    r.get::<_, i64>(1)? as u16,
                    r.get::<_, String>(2)?,
                    stamp(r.get::<_, Option<String>>(3)?.as_deref()),
                ));
        }

        let mut st = conn.prepare(
            "SELECT Id, FromElementId, ToElementId, Formula FROM Conversion ORDER BY Id",
        )?;
        let conversions = st
            .query_map([], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, i64>(1)? as u16,
                    r.get::<_, i64>(2)? as u16,
                    r.get::<_, String>(3)?,
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;

        // The newest change anywhere in the patterns dates the dataset (the
        // same whichever WMIs were loaded).
        let newest: Option<String> = conn.query_row(
            "SELECT max(coalesce(UpdatedOn, CreatedOn)) FROM Pattern",
            [],
            |r| r.get(0),
        )?;
        let d = stamp(newest.as_deref()).to_string();
        let data_date = if d.len() >= 8 {
            format!("{}-{}-{}", &d[0..4], &d[4..6], &d[6..8])
        } else {
            String::new()
        };

        Ok(Dataset {
            wmis,
            schemas,
            constraints,
            strings: interner.strings,
            elements,
            lookups,
            model_makes,
            engine_models,
            conversions,
            data_date,
        })
    }
}
