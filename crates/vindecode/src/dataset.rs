//! Loading the vPIC SQLite file into memory (the only I/O of this crate).

use std::collections::{HashMap, HashSet};
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

/// lower(trim(EngineModel.Name)) → the `(element, attribute, changed)` that
/// NHTSA records for that engine model.
pub(crate) type EngineModels = HashMap<String, Vec<(u16, String, u64)>>;

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
    pub engine_models: EngineModels,
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

/// Opens the file as every load does — read-only, immutable — and asks
/// SQLite one small question about it (is there a `Wmi_VinSchema` table,
/// its first row): a file that is not an SQLite database, a truncated one
/// (shorter than its header says) or another database fails here with
/// [`Error::Dataset`], without reading the rest of the file.
pub(crate) fn open(path: &Path) -> Result<Connection> {
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
    conn.prepare("SELECT 1 FROM Wmi_VinSchema LIMIT 1")
        .and_then(|mut first| first.exists([]))
        .map_err(wrap)?;
    Ok(conn)
}

/// Strings stored once and referred to by index (keys and attribute ids
/// repeat across hundreds of thousands of patterns).
#[derive(Default)]
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

/// What the `Element` table gives: each element's description, and the ids of
/// the elements vPIC decodes (those with a `Decode` column).
struct Elements {
    info: HashMap<u16, ElementInfo>,
    decodable: HashSet<i64>,
}

/// Id → name of the manufacturers, vehicle types and makes, which WMIs and
/// models refer to by id.
struct Names {
    manufacturers: HashMap<i64, String>,
    vehicle_types: HashMap<i64, String>,
    makes: HashMap<i64, String>,
}

/// The public WMIs by code, and the code of each `Wmi.Id` (the link tables
/// name WMIs by id).
struct Wmis {
    by_code: HashMap<String, WmiInfo>,
    code_of: HashMap<i64, String>,
}

/// Compiled patterns with their constraints and strings, before the keys are
/// ranked.
struct Patterns {
    schemas: HashMap<u32, Vec<Pattern>>,
    constraints: Vec<Constraint>,
    interner: Interner,
    /// The interned key of every pattern, in load order.
    raw_keys: Vec<u32>,
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

    /// The whole load, table by table in the order vPIC's tables depend on
    /// each other: elements, names, WMIs with their makes and schemas, the
    /// patterns of those schemas, then the lookup tables, models' makes,
    /// engine models, conversions and the dataset's date.
    fn load_from(
        conn: &Connection,
        today: &str,
        only_wmis: Option<&[String]>,
    ) -> rusqlite::Result<Dataset> {
        let elements = load_elements(conn)?;
        let names = load_names(conn)?;
        let mut wmis = load_public_wmis(conn, stamp(Some(today)), &names)?;
        add_wmi_makes(conn, &names.makes, &mut wmis)?;
        add_schema_links(conn, &mut wmis)?;
        let filter = schema_filter(&wmis.by_code, only_wmis);
        let mut patterns = load_patterns(conn, &filter, &elements.decodable)?;
        rank_keys(&mut patterns);
        Ok(Dataset {
            lookups: load_lookups(conn, &elements.info)?,
            model_makes: load_model_makes(conn, &names.makes)?,
            engine_models: load_engine_models(conn)?,
            conversions: load_conversions(conn)?,
            data_date: load_data_date(conn)?,
            wmis: wmis.by_code,
            schemas: patterns.schemas,
            constraints: patterns.constraints,
            strings: patterns.interner.strings,
            elements: elements.info,
        })
    }

    /// The constraints of one pattern's key.
    pub fn constraints_of(&self, pattern: &Pattern) -> &[Constraint] {
        &self.constraints[pattern.constraints.start as usize..pattern.constraints.end as usize]
    }
}

/// Reads the `Element` table: names, lookup tables, weights and groups, and
/// which elements are decoded at all.
fn load_elements(conn: &Connection) -> rusqlite::Result<Elements> {
    let mut info = HashMap::new();
    let mut decodable = HashSet::new();
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
        info.insert(
            id as u16,
            ElementInfo {
                name: r.get(1)?,
                lookup: lookup.filter(|t| !t.is_empty()),
                weight: r.get::<_, Option<i64>>(4)?.unwrap_or(0),
                group: r.get::<_, Option<String>>(5)?.unwrap_or_default(),
            },
        );
    }
    Ok(Elements { info, decodable })
}

/// Reads an `Id, Name` table into a map.
fn id_names(conn: &Connection, table: &str) -> rusqlite::Result<HashMap<i64, String>> {
    let mut st = conn.prepare(&format!("SELECT Id, Name FROM {table}"))?;
    let m = st
        .query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))?
        .collect::<rusqlite::Result<HashMap<_, _>>>()?;
    Ok(m)
}

/// Reads the manufacturer, vehicle type and make names.
fn load_names(conn: &Connection) -> rusqlite::Result<Names> {
    Ok(Names {
        manufacturers: id_names(conn, "Manufacturer")?,
        vehicle_types: id_names(conn, "VehicleType")?,
        makes: id_names(conn, "Make")?,
    })
}

/// Reads the WMIs public on `today_stamp` (vPIC ignores the others), with
/// their manufacturer and vehicle type; makes and schemas come later.
fn load_public_wmis(conn: &Connection, today_stamp: u64, names: &Names) -> rusqlite::Result<Wmis> {
    let mut by_code: HashMap<String, WmiInfo> = HashMap::new();
    let mut code_of: HashMap<i64, String> = HashMap::new();
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
        let info = wmi_info(r, names)?;
        code_of.insert(id, code.clone());
        by_code.insert(code, info);
    }
    Ok(Wmis { by_code, code_of })
}

/// One `Wmi` row's manufacturer, vehicle type and car/light-truck flag (the
/// flag decides how position 10 reads).
fn wmi_info(r: &rusqlite::Row<'_>, names: &Names) -> rusqlite::Result<WmiInfo> {
    let vt: Option<i64> = r.get(3)?;
    let tt: Option<i64> = r.get(4)?;
    Ok(WmiInfo {
        manufacturer: r
            .get::<_, Option<i64>>(2)?
            .and_then(|m| names.manufacturers.get(&m))
            .map(|s| s.to_uppercase()),
        vehicle_type: vt
            .and_then(|v| names.vehicle_types.get(&v))
            .map(|s| s.to_uppercase()),
        car_lt: crate::year::is_car_mpv_light_truck(vt, tt),
        makes: Vec::new(),
        schemas: Vec::new(),
    })
}

/// Adds each WMI's makes (`Wmi_Make`, by make id), upper case.
fn add_wmi_makes(
    conn: &Connection,
    makes: &HashMap<i64, String>,
    wmis: &mut Wmis,
) -> rusqlite::Result<()> {
    let mut st = conn.prepare("SELECT WmiId, MakeId FROM Wmi_Make ORDER BY MakeId")?;
    let mut rows = st.query([])?;
    while let Some(r) = rows.next()? {
        let (w, m): (i64, i64) = (r.get(0)?, r.get(1)?);
        if let (Some(code), Some(name)) = (wmis.code_of.get(&w), makes.get(&m)) {
            if let Some(info) = wmis.by_code.get_mut(code) {
                info.makes.push(name.to_uppercase());
            }
        }
    }
    Ok(())
}

/// The VIN schemas still waiting for NHTSA's quality check (vPIC does not
/// decode with them).
fn load_unchecked_schemas(conn: &Connection) -> rusqlite::Result<HashSet<i64>> {
    let mut qced = HashSet::new();
    let mut st = conn.prepare("SELECT Id FROM VinSchema WHERE coalesce(TobeQCed, 0) <> 0")?;
    for id in st.query_map([], |r| r.get::<_, i64>(0))? {
        qced.insert(id?);
    }
    Ok(qced)
}

/// Adds each WMI's checked VIN schemas with their model-year range
/// (`Wmi_VinSchema`, in link order).
fn add_schema_links(conn: &Connection, wmis: &mut Wmis) -> rusqlite::Result<()> {
    let qced = load_unchecked_schemas(conn)?;
    let mut st =
        conn.prepare("SELECT WmiId, VinSchemaId, YearFrom, YearTo FROM Wmi_VinSchema ORDER BY Id")?;
    let mut rows = st.query([])?;
    while let Some(r) = rows.next()? {
        let (w, s): (i64, i64) = (r.get(0)?, r.get(1)?);
        if qced.contains(&s) {
            continue;
        }
        if let Some(info) = wmis.code_of.get(&w).and_then(|c| wmis.by_code.get_mut(c)) {
            let from: i64 = r.get(2)?;
            let to: Option<i64> = r.get(3)?;
            info.schemas.push((
                s as u32,
                from.clamp(0, 9999) as u16,
                to.map(|t| t.clamp(0, 9999) as u16),
            ));
        }
    }
    Ok(())
}

/// The `WHERE` clause restricting patterns to the schemas of `only_wmis`
/// (empty when every pattern is wanted).
fn schema_filter(wmis: &HashMap<String, WmiInfo>, only_wmis: Option<&[String]>) -> String {
    let Some(codes) = only_wmis else {
        return String::new();
    };
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

/// Reads and compiles the patterns (by pattern id), leaving out elements
/// vPIC takes from elsewhere or does not decode, and keys that never match.
fn load_patterns(
    conn: &Connection,
    filter: &str,
    decodable: &HashSet<i64>,
) -> rusqlite::Result<Patterns> {
    let mut out = Patterns {
        schemas: HashMap::new(),
        constraints: Vec::new(),
        interner: Interner::default(),
        raw_keys: Vec::new(),
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
        let start = out.constraints.len() as u32;
        out.constraints.extend_from_slice(&compiled.constraints);
        let key = out.interner.intern(&keys.trim().to_ascii_uppercase());
        out.raw_keys.push(key);
        let attribute = out.interner.intern(r.get::<_, String>(4)?.trim());
        let schema: i64 = r.get(1)?;
        out.schemas.entry(schema as u32).or_default().push(Pattern {
            id: r.get::<_, i64>(0)? as u32,
            element: element as u16,
            attribute,
            changed,
            non_wildcard_len: compiled.non_wildcard_len,
            key_rank: 0,
            key,
            constraints: start..out.constraints.len() as u32,
            formula_span: compiled.formula_span,
        });
    }
    Ok(out)
}

/// Gives every pattern the rank of its key with the brackets removed, in
/// byte order (vPIC's last-but-one tie-breaker).
fn rank_keys(patterns: &mut Patterns) {
    let rank_of = bare_key_ranks(
        std::mem::take(&mut patterns.raw_keys),
        &patterns.interner.strings,
    );
    for p in patterns.schemas.values_mut().flat_map(|v| v.iter_mut()) {
        p.key_rank = rank_of[&p.key];
    }
}

/// Interned key → rank of the key without `[`/`]` among all distinct such
/// keys (equal bare keys share a rank).
fn bare_key_ranks(raw_keys: Vec<u32>, strings: &[Box<str>]) -> HashMap<u32, u32> {
    let mut distinct = raw_keys;
    distinct.sort_unstable();
    distinct.dedup();
    let mut bare: Vec<(String, u32)> = distinct
        .iter()
        .map(|&k| (strings[k as usize].replace(['[', ']'], ""), k))
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
    rank_of
}

/// Reads the lookup tables the elements name (id → name), in name order;
/// tables missing from the pruned file are skipped.
fn load_lookups(
    conn: &Connection,
    elements: &HashMap<u16, ElementInfo>,
) -> rusqlite::Result<HashMap<String, HashMap<String, String>>> {
    let mut lookups = HashMap::new();
    let mut wanted: Vec<String> = elements.values().filter_map(|e| e.lookup.clone()).collect();
    wanted.sort();
    wanted.dedup();
    for table in wanted {
        if !table_exists(conn, &table)? {
            continue;
        }
        let m = load_lookup(conn, &table)?;
        lookups.insert(table, m);
    }
    Ok(lookups)
}

/// Whether the file has a table of that name.
fn table_exists(conn: &Connection, table: &str) -> rusqlite::Result<bool> {
    conn.query_row(
        "SELECT count(*) > 0 FROM sqlite_master WHERE type = 'table' AND name = ?1",
        [table],
        |r| r.get(0),
    )
}

/// Reads one lookup table as id (as text, the way patterns store
/// attributes) → name.
fn load_lookup(conn: &Connection, table: &str) -> rusqlite::Result<HashMap<String, String>> {
    let mut st = conn.prepare(&format!(
        "SELECT CAST(Id AS TEXT), Name FROM \"{}\"",
        table.replace('"', "")
    ))?;
    let m = st
        .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?
        .collect::<rusqlite::Result<HashMap<_, _>>>()?;
    Ok(m)
}

/// Reads each model's makes (`Make_Model`), upper case, in link order: the
/// decode names the make from the model.
fn load_model_makes(
    conn: &Connection,
    makes: &HashMap<i64, String>,
) -> rusqlite::Result<HashMap<String, Vec<String>>> {
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
    Ok(model_makes)
}

/// Reads the attributes NHTSA records per engine model
/// (`EngineModelPattern`), keyed by the model's trimmed lower-case name.
fn load_engine_models(conn: &Connection) -> rusqlite::Result<EngineModels> {
    let mut engine_models: EngineModels = HashMap::new();
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
    Ok(engine_models)
}

/// Reads the unit conversions `(id, from, to, formula)` by id.
fn load_conversions(conn: &Connection) -> rusqlite::Result<Vec<(i64, u16, u16, String)>> {
    let mut st =
        conn.prepare("SELECT Id, FromElementId, ToElementId, Formula FROM Conversion ORDER BY Id")?;
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
    Ok(conversions)
}

/// The newest change anywhere in the patterns, which dates the dataset (the
/// same whichever WMIs were loaded).
fn load_data_date(conn: &Connection) -> rusqlite::Result<String> {
    let newest: Option<String> = conn.query_row(
        "SELECT max(coalesce(UpdatedOn, CreatedOn)) FROM Pattern",
        [],
        |r| r.get(0),
    )?;
    Ok(iso_date(stamp(newest.as_deref())))
}

/// `YYYYMMDDhhmmss` as `YYYY-MM-DD` (empty when too short to hold a date).
fn iso_date(stamp: u64) -> String {
    let d = stamp.to_string();
    if d.len() >= 8 {
        format!("{}-{}-{}", &d[0..4], &d[4..6], &d[6..8])
    } else {
        String::new()
    }
}
