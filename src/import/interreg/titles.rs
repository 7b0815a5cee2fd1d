//! What an Interreg input says of its programme: a list of operations in the title rows above
//! its header (`Programme: NAME`, the date of its last update), keep.eu in each row's
//! programme and period columns.

use super::super::kohesio::years_of;
use super::super::rows::ProgrammeRow;
use super::super::table::{self, Columns};
use super::super::values::{parse_date, slug};
use crate::model::ProgrammeKind;

/// The texts of the rows above a workbook's header (its title rows), row by row.
pub(super) fn title_rows(bytes: &[u8], known: &[&str]) -> Vec<String> {
    use calamine::Reader;
    let Ok(mut workbook) = calamine::open_workbook_auto_from_rs(std::io::Cursor::new(bytes)) else {
        return Vec::new();
    };
    for name in workbook.sheet_names() {
        let Ok(range) = workbook.worksheet_range(&name) else {
            continue;
        };
        let rows: Vec<Vec<String>> = range
            .rows()
            .take(30)
            .map(|cells| {
                cells
                    .iter()
                    .map(|c| c.to_string().trim().to_owned())
                    .collect()
            })
            .collect();
        let Some(header) = rows.iter().position(|cells| {
            Columns::new(cells.iter().map(String::as_str)).count_known(known) >= 2
        }) else {
            continue;
        };
        return rows[..header]
            .iter()
            .map(|cells| {
                cells
                    .iter()
                    .filter(|c| !c.is_empty())
                    .cloned()
                    .collect::<Vec<_>>()
                    .join(" | ")
            })
            .filter(|row| !row.is_empty())
            .collect();
    }
    Vec::new()
}

/// The programme a list of operations states in its title rows: `Programme: NAME`, a
/// `Programme` label followed by the name, or a title naming an Interreg programme.
pub(super) fn programme_of_titles(titles: &[String]) -> Option<ProgrammeRow> {
    let is_label = |text: &str| {
        matches!(
            table::normalise(text).as_str(),
            "programme" | "programmename" | "program"
        )
    };
    for title in titles {
        let cells: Vec<&str> = title.split(" | ").collect();
        for (i, text) in cells.iter().enumerate() {
            if let Some((label, value)) = text.split_once(':')
                && is_label(label)
                && !value.trim().is_empty()
            {
                return Some(programme_row(value.trim(), None));
            }
            if is_label(text)
                && let Some(value) = cells.get(i + 1)
            {
                return Some(programme_row(value, None));
            }
        }
    }
    for title in titles {
        let found = title.char_indices().find_map(|(at, _)| {
            title
                .get(at..at + 8)
                .filter(|word| word.eq_ignore_ascii_case("interreg"))
                .and_then(|_| title.get(at..))
        });
        if let Some(name) = found {
            let name = name.split(" | ").next().unwrap_or(name);
            return Some(programme_row(name.trim(), None));
        }
    }
    None
}

/// The date a title row states the data was last updated on (`Date of last update: 31/05/2025`).
pub(super) fn update_date(title: &str) -> Option<String> {
    let lower = title.to_lowercase();
    if !lower.contains("update") {
        return None;
    }
    title
        .split([':', '|'])
        .skip(1)
        .find_map(|part| parse_date(part.trim()).ok().flatten())
}

/// A programme by its name as published and its period (`Interreg Europe`, `2021-2027`):
/// named with its period once, a cooperation programme.
pub(super) fn programme_row(name: &str, period: Option<&str>) -> ProgrammeRow {
    let (mut start, mut end) = years_of(name);
    let mut full = name.trim().to_owned();
    if start.is_none()
        && let Some(period) = period
    {
        (start, end) = years_of(period);
        if let (Some(s), Some(e)) = (&start, &end) {
            full = format!("{full} {s}-{e}");
        } else if let Some(s) = &start {
            full = format!("{full} {s}");
        }
    }
    ProgrammeRow {
        slug: slug(&full, 80),
        name: full,
        kind: ProgrammeKind::CooperationProgramme,
        start,
        end,
    }
}
