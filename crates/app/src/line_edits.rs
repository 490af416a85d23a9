//! What the estimator may change on a line, by the line's kind: one row each in
//! [`EDITABLE`]. An override field a line's kind does not take (labor hours on a
//! blend or on the sales tax, a part type on a scan) would change nothing or put
//! a figure where the line has none, so it is refused before anything is saved,
//! naming what the line takes.
//!
//! | kind (category, operation)  | takes                                              |
//! |-----------------------------|----------------------------------------------------|
//! | panel, REPLACE              | description, operation, part type, part cost, labor hours and rate, paint hours and rate |
//! | panel, REPAIR               | description, operation, labor hours and rate, paint hours and rate |
//! | panel, REFINISH             | description, operation, paint hours and rate       |
//! | panel, R&I                  | description, operation, labor hours and rate       |
//! | blend                       | description, paint hours and rate                  |
//! | ADAS calibration, sublet    | description, part (sublet) cost                    |
//! | operation the work brings   | description, part cost, labor hours and rate, paint hours and rate |
//! | paintless dent repair       | description, part cost                             |
//! | clear coat / three-stage    | description, paint hours and rate                  |
//! | diagnostic scan             | description, labor hours and rate                  |
//! | shop supplies and fees      | description, part cost, paint hours and rate       |
//! | paint and materials, tax    | description, part cost                             |
//! | added by the estimator      | every field                                        |

use shopbench_estimate::{
    Estimate, LineCategory, LineChange, LineEdit, LineItem, LineOverride, Operation, Overrides,
};

use crate::AppError;

/// One field of a line override ([`LineEdit`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EditField {
    /// The description.
    Description,
    /// The operation code.
    Operation,
    /// The part type.
    PartType,
    /// The part (or sublet) cost.
    PartCost,
    /// The labor hours.
    LaborHours,
    /// The labor rate.
    LaborRate,
    /// The paint hours.
    PaintHours,
    /// The paint rate.
    PaintRate,
}

impl EditField {
    /// The field in words, as messages name it.
    pub fn name(self) -> &'static str {
        match self {
            EditField::Description => "description",
            EditField::Operation => "operation",
            EditField::PartType => "part type",
            EditField::PartCost => "part cost",
            EditField::LaborHours => "labor hours",
            EditField::LaborRate => "labor rate",
            EditField::PaintHours => "paint hours",
            EditField::PaintRate => "paint rate",
        }
    }

    /// The fields `e` sets, in [`EditField`] order.
    pub fn set_in(e: &LineEdit) -> Vec<EditField> {
        [
            (EditField::Description, e.description.is_some()),
            (EditField::Operation, e.operation.is_some()),
            (EditField::PartType, e.part_type.is_some()),
            (EditField::PartCost, e.part_cost.is_some()),
            (EditField::LaborHours, e.labor_hours.is_some()),
            (EditField::LaborRate, e.labor_rate.is_some()),
            (EditField::PaintHours, e.paint_hours.is_some()),
            (EditField::PaintRate, e.paint_rate.is_some()),
        ]
        .into_iter()
        .filter_map(|(f, set)| set.then_some(f))
        .collect()
    }
}

/// A kind of line and the fields it takes: lines of `category` (and `operation`,
/// when given) take `fields`.
#[derive(Debug, Clone, Copy)]
pub struct Editable {
    /// What produced the line.
    pub category: LineCategory,
    /// Its operation, for a category whose operations differ; `None` for any.
    pub operation: Option<Operation>,
    /// The kind in words.
    pub kind: &'static str,
    /// The fields it takes.
    pub fields: &'static [EditField],
}

use EditField as F;

const LABOR: &[EditField] = &[F::Description, F::LaborHours, F::LaborRate];
const PAINT: &[EditField] = &[F::Description, F::PaintHours, F::PaintRate];
const COST: &[EditField] = &[F::Description, F::PartCost];
const ALL: &[EditField] = &[
    F::Description,
    F::Operation,
    F::PartType,
    F::PartCost,
    F::LaborHours,
    F::LaborRate,
    F::PaintHours,
    F::PaintRate,
];

/// Which fields each kind of line takes (the first row that matches a line is its kind).
pub const EDITABLE: &[Editable] = &[
    row(
        LineCategory::Panel,
        Some(Operation::Replace),
        "replaced panel",
        ALL,
    ),
    row(
        LineCategory::Panel,
        Some(Operation::Repair),
        "repaired panel",
        &[
            F::Description,
            F::Operation,
            F::LaborHours,
            F::LaborRate,
            F::PaintHours,
            F::PaintRate,
        ],
    ),
    row(
        LineCategory::Panel,
        Some(Operation::Refinish),
        "refinished panel",
        &[F::Description, F::Operation, F::PaintHours, F::PaintRate],
    ),
    row(
        LineCategory::Panel,
        Some(Operation::RemoveInstall),
        "panel R&I",
        &[F::Description, F::Operation, F::LaborHours, F::LaborRate],
    ),
    row(LineCategory::Blend, None, "blend", PAINT),
    row(LineCategory::Adas, None, "ADAS calibration sublet", COST),
    row(LineCategory::Sublet, None, "sublet", COST),
    row(
        LineCategory::Operation,
        None,
        "operation the work brings",
        &[
            F::Description,
            F::PartCost,
            F::LaborHours,
            F::LaborRate,
            F::PaintHours,
            F::PaintRate,
        ],
    ),
    row(LineCategory::Pdr, None, "paintless dent repair", COST),
    row(LineCategory::RefinishAddOn, None, "refinish add-on", PAINT),
    row(LineCategory::Scan, None, "diagnostic scan", LABOR),
    row(
        LineCategory::Supplies,
        None,
        "shop supplies and fees",
        &[F::Description, F::PartCost, F::PaintHours, F::PaintRate],
    ),
    row(LineCategory::Materials, None, "paint and materials", COST),
    row(LineCategory::Tax, None, "sales tax", COST),
    row(
        LineCategory::Manual,
        None,
        "line added by the estimator",
        ALL,
    ),
];

/// One [`EDITABLE`] row.
const fn row(
    category: LineCategory,
    operation: Option<Operation>,
    kind: &'static str,
    fields: &'static [EditField],
) -> Editable {
    Editable {
        category,
        operation,
        kind,
        fields,
    }
}

/// The row of `line`'s kind; a kind without a row takes every field.
pub fn editable(line: &LineItem) -> Editable {
    EDITABLE
        .iter()
        .find(|r| r.category == line.category && r.operation.is_none_or(|op| op == line.operation))
        .copied()
        .unwrap_or(row(line.category, None, "line", ALL))
}

/// Refuses an edit that sets a field `line` does not take, naming what it takes.
pub fn check_edit(line: &LineItem, e: &LineEdit) -> Result<(), AppError> {
    let row = editable(line);
    let refused: Vec<&str> = EditField::set_in(e)
        .into_iter()
        .filter(|f| !row.fields.contains(f))
        .map(EditField::name)
        .collect();
    if refused.is_empty() {
        return Ok(());
    }
    let takes: Vec<&str> = row.fields.iter().map(|f| f.name()).collect();
    Err(AppError::FieldNotOnLine {
        line: line.id.clone(),
        kind: row.kind.to_string(),
        takes: takes.join(", "),
        refused: refused.join(", "),
    })
}

/// Every line id of the estimate as priced (`before`), then the ones the
/// estimator removed, marked `(removed)`.
pub fn line_ids(before: &Estimate, overrides: &Overrides) -> Vec<String> {
    let mut ids: Vec<String> = before.line_items.iter().map(|l| l.id.clone()).collect();
    ids.extend(removed(overrides).map(|id| format!("{id} (removed)")));
    ids
}

/// The ids of the lines the estimator removed, in the order removed.
pub(crate) fn removed(overrides: &Overrides) -> impl Iterator<Item = &str> {
    overrides
        .lines
        .iter()
        .filter(|o| o.change == LineChange::Remove)
        .map(|o| o.line_id.as_str())
}

/// Checks `change` against the estimate as priced before it: the line must be
/// there (a removed one is reset first) and an edit may set only the fields
/// its kind takes.
pub fn check_change(
    before: &Estimate,
    overrides: &Overrides,
    change: &LineOverride,
) -> Result<(), AppError> {
    let Some(line) = before.line(&change.line_id) else {
        return Err(unknown_line(before, overrides, &change.line_id));
    };
    match &change.change {
        LineChange::Edit(e) => check_edit(line, e),
        _ => Ok(()),
    }
}

/// The error for a line id the estimate does not show: a removed line says how
/// to bring it back; either lists every line id, the removed ones marked.
pub fn unknown_line(before: &Estimate, overrides: &Overrides, given: &str) -> AppError {
    let lines = line_ids(before, overrides);
    if removed(overrides).any(|id| id == given) {
        return AppError::RemovedLine {
            given: given.to_string(),
            lines,
        };
    }
    AppError::UnknownLine {
        given: given.to_string(),
        lines,
    }
}

/// `overrides` without any override of line `line_id` (its edits, removal and
/// confirmation); `None` when it had none.
pub fn without_line(overrides: &Overrides, line_id: &str) -> Option<Overrides> {
    let mut out = overrides.clone();
    out.lines.retain(|o| o.line_id != line_id);
    (out.lines.len() != overrides.lines.len()).then_some(out)
}
