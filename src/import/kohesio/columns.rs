//! The header spellings of the Kohesio project files: each column is found by any of them,
//! compared without case, spaces or punctuation.

/// The operation's EU Knowledge Graph item (`https://linkedopendata.eu/entity/Q...`).
pub(super) const OPERATION: &[&str] = &[
    "Operation_Unique_Identifier",
    "Operation URI",
    "Operation ID",
    "Operation identifier",
    "Kohesio ID",
    "Project ID",
    "Project URI",
];
/// The operation's name in English.
pub(super) const NAME_ENGLISH: &[&str] = &[
    "Operation_Name_English",
    "Operation name in English",
    "Operation Name",
    "Project name",
    "Project Name English",
    "Project title",
];
/// The operation's name in the programme's language.
pub(super) const NAME_ORIGINAL: &[&str] = &[
    "Operation_Name_Programme_Language",
    "Operation name in programme language",
    "Operation name (original language)",
    "Original name",
];
pub(super) const START: &[&str] = &[
    "Operation_Start_Date",
    "Operation start date",
    "Start date",
    "Start",
];
pub(super) const END: &[&str] = &[
    "Operation_End_Date",
    "Operation end date",
    "End date",
    "End",
];
pub(super) const TOTAL: &[&str] = &[
    "Total_Eligible_Expenditure_amount",
    "Total eligible expenditure",
    "Total eligible expenditure amount",
    "Total Eligible Expenditure (EUR)",
    "Total budget",
];
pub(super) const CURRENCY: &[&str] = &["Total_Eligible_Expenditure_Currency", "Currency"];
pub(super) const EU_BUDGET: &[&str] = &[
    "Project_EU_Budget",
    "EU budget",
    "EU Budget contribution",
    "EU contribution",
    "Project EU budget",
];
pub(super) const BENEFICIARY_ID: &[&str] = &[
    "Beneficiary_Unique_Identifier",
    "Beneficiary URI",
    "Beneficiary ID",
    "Beneficiary identifier",
];
pub(super) const BENEFICIARY_NAME: &[&str] = &[
    "Beneficiary_Name",
    "Beneficiary name",
    "Beneficiary",
    "BeneficiaryLabel",
    "Beneficiary label",
    "Beneficiaries",
];
pub(super) const COUNTRY_CODE: &[&str] = &[
    "Country_Code",
    "Country code",
    "CountryCode",
    "Country ISO code",
];
pub(super) const COUNTRY: &[&str] = &["Country", "Country name"];
pub(super) const POSTCODE: &[&str] = &[
    "Postal_Code",
    "Postcode",
    "Postal code",
    "Location_Indicator_Postcode",
];
pub(super) const COORDINATES: &[&str] = &[
    "Location_Indicator_latitude_longitude",
    "Coordinates",
    "Latitude longitude",
];
pub(super) const NUTS3: &[&str] = &[
    "NUTS3_Code",
    "NUTS 3 code",
    "NUTS3",
    "NUTS 3",
    "Location_Indicator_NUTS_code",
];
pub(super) const NUTS2: &[&str] = &["NUTS2_Code", "NUTS 2 code", "NUTS2", "NUTS 2"];
pub(super) const NUTS1: &[&str] = &["NUTS1_Code", "NUTS 1 code", "NUTS1", "NUTS 1"];
pub(super) const FUND: &[&str] = &["Fund_Code", "Fund code", "Fund", "Fund_Name"];
pub(super) const PROGRAMME_CODE: &[&str] = &[
    "Programme_Code",
    "Programme CCI",
    "Programme_CCI",
    "CCI",
    "Programme code",
];
pub(super) const PROGRAMME_NAME: &[&str] = &["Programme_Name", "Programme name", "Programme"];
pub(super) const PERIOD: &[&str] = &["Programming_Period", "Programming period", "Period"];
pub(super) const UPDATED: &[&str] = &[
    "Date_Of_Last_Update",
    "Date of last update",
    "Last update",
    "Update date",
    "Last_Update",
];
