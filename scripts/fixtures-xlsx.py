"""Writes the xlsx fixtures of the importers' tests (tests/fixtures/import/).

A programme's list of operations, in the shape programmes publish: title rows above the
header, one row per partner, dates as spreadsheet dates, amounts as numbers or as text with
a decimal comma, a row with an amount that is not one, and a row without a partner name.
Every organisation, project and programme in it is fictional; the NUTS codes are real.

Run with a Python that has openpyxl (for example a venv under target/):
    python3 -m venv target/py-fixtures && target/py-fixtures/bin/pip install openpyxl
    target/py-fixtures/bin/python scripts/fixtures-xlsx.py
"""

import datetime
from pathlib import Path

from openpyxl import Workbook

OUT = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "import" / "interreg"


def list_of_operations() -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "List of operations"
    sheet.append(["List of operations - Interreg VI-A Example-Nowhere 2021-2027"])
    sheet.append(["Date of last update:", "31/05/2025"])
    sheet.append([])
    sheet.append([
        "Operation ID", "Project acronym", "Project name", "Start date", "End date",
        "Lead partner", "Partner name", "Partner type", "PIC", "Town", "Country code",
        "NUTS 2 code", "Eligible expenditure", "EU funding", "Co-financing rate",
    ])
    start = datetime.date(2023, 9, 1)
    end = datetime.date(2026, 8, 31)
    name = "Example cross-border nature park"
    sheet.append(["EXNW-001", "EXNW", name, start, end, "Yes", "Example Regional Agency",
                  "Sectoral agency", 999999001, "Santander", "ES", "ES13", 300000, 240000, 0.8])
    sheet.append(["EXNW-001", "EXNW", name, start, end, "No", "Example Northern Municipality",
                  "Local public authority", None, "Braga", "PT", "PT11", 150000.25, 120000.2, 0.8])
    sheet.append(["EXNW-002", "EXNW2", "Example mountain rescue exchange", "01/01/2024",
                  "31/12/2025", "Yes", "Test University of Nowhere",
                  "Higher education and research", "999999002", "Athens", "EL", "EL30",
                  "12 500,75", "10.000,60", 0.8])
    sheet.append(["EXNW-002", "EXNW2", "Example mountain rescue exchange", "01/01/2024",
                  "31/12/2025", "No", "Example Mountain Club", "Interest groups including NGOs",
                  None, "Torrelavega", "ES", "ES13", 4000, "tbc", 0.8])
    sheet.append(["EXNW-002", "EXNW2", "Example mountain rescue exchange", "01/01/2024",
                  "31/12/2025", "No", None, "SME", None, "Porto", "PT", "PT11", 1000, 800, 0.8])
    for column in ("D", "E"):
        for cell in sheet[column][4:6]:
            cell.number_format = "dd/mm/yyyy"
    workbook.save(OUT / "list-of-operations-example-nowhere.xlsx")


if __name__ == "__main__":
    OUT.mkdir(parents=True, exist_ok=True)
    list_of_operations()
