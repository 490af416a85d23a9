#!/usr/bin/env python3
"""List the purchase-cost lines the next data review should start from.

Reads assets/purchase-costs/us.json and ca.json (the rules the costs crate
embeds) and assets/purchase-costs/official-domains.txt (the hosts that count
as official; the crate's data tests read the same list). A line is listed when

  * it cites no page at all (an industry range no agency publishes),
  * it cites a page whose host is not on the official list, or
  * its confidence is "medium" (not confirmed on the agency's own page).

Lines are the tax line of each sale type, the family-gift exemption and every
fee row; the jurisdiction-wide trade-in rules are listed the same way.
The list starts with the open findings (assets/purchase-costs/open-findings.tsv):
what the last review could not settle, each with where its figure was read.
Those are the review's to-do list. The routine lines (medium by nature:
registration by weight, station prices, dealer fees) are counted after them
and listed with --all: fixed figures first, then ranges.

Usage:
    python3 tools/costs_review.py                # open findings, then counts
    python3 tools/costs_review.py --all          # and every listed line, grouped
    python3 tools/costs_review.py --country us   # one file
    python3 tools/costs_review.py --summary      # counts only
    python3 tools/costs_review.py --tsv          # one row per line, for a spreadsheet

Exit status is 1 when a line cites a page that is not official, or an open
finding names no line of the data (both are data bugs, not review items),
else 0. Python 3 standard library only.
"""

import argparse
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent / "assets" / "purchase-costs"
INDUSTRY = "Industry range, no official source"


def official_domains():
    out = []
    for raw in (ROOT / "official-domains.txt").read_text(encoding="utf-8").splitlines():
        entry = raw.split("#", 1)[0].strip().lower()
        if entry:
            out.append(entry)
    return out


def is_official(url, domains):
    host = (urlparse(url).hostname or "").lower()
    return any(host == d or host.endswith("." + d) for d in domains)


def rows(country):
    """Yield (jurisdiction code, what, row dict, fixed?) for every sourced row."""
    data = json.loads((ROOT / f"{country}.json").read_text(encoding="utf-8"))
    for j in data["jurisdictions"]:
        code = j["code"]
        tax = j["tax"]
        for sale in ("private", "dealer"):
            rule = tax[sale]
            fixed = rule["regime"]["type"] in ("percent", "none")
            yield code, f"tax ({sale})", rule, fixed
        if tax.get("familyGift"):
            yield code, "family gift", tax["familyGift"], True
        trade = tax.get("tradeIn") or {}
        if trade.get("credit") in ("full", "partial") and "confidence" in trade:
            yield code, f"trade-in rule ({trade['credit']})", trade, True
        for fee in j["fees"]:
            sale = fee.get("sale", "any")
            what = fee["id"] + ("" if sale == "any" else f" ({sale})")
            fixed = fee["kind"] in ("tax", "fee") and fee.get("amount") is not None
            yield code, what, fee, fixed


def open_findings():
    """{(country, code, line): finding} from open-findings.tsv."""
    out = {}
    for raw in (ROOT / "open-findings.tsv").read_text(encoding="utf-8").splitlines():
        if not raw.strip() or raw.startswith("#"):
            continue
        country, code, line, finding = raw.split("\t")
        out[(country, code, line)] = finding
    return out


def reasons(row, domains):
    url = row.get("sourceUrl")
    out = []
    if not url:
        out.append("no official source")
    elif not is_official(url, domains):
        out.append(f"not an official site ({urlparse(url).hostname})")
    if row.get("confidence") != "high":
        out.append("medium confidence")
    return out


def figure(row):
    if row.get("amount") is not None:
        return f"{row['amount']}"
    if row.get("range"):
        return f"{row['range']['low']}–{row['range']['high']}"
    if row.get("regime"):
        rg = row["regime"]
        if rg["type"] == "percent":
            return "/".join(f"{b['ratePct']}%" for b in rg["brackets"])
        return rg["type"]
    if row.get("caps"):
        return f"caps {row['caps'][0]['year']}–{row['caps'][-1]['year']}"
    return row.get("credit", "")


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--country", choices=("us", "ca"), help="only this rule file")
    ap.add_argument("--summary", action="store_true", help="print the counts only")
    ap.add_argument("--tsv", action="store_true", help="tab-separated rows")
    ap.add_argument("--all", action="store_true", help="list every routine line too")
    args = ap.parse_args(argv)
    domains = official_domains()
    countries = [args.country] if args.country else ["us", "ca"]

    findings = {k: v for k, v in open_findings().items() if k[0] in countries}
    total = 0
    listed = []  # (fixed, country, code, what, figure, reasons, url, notes)
    found = {}  # open finding -> its line's figure and source
    for country in countries:
        for code, what, row, fixed in rows(country):
            total += 1
            if (country, code, what) in findings:
                found[(country, code, what)] = (figure(row), row.get("sourceUrl") or "—")
            why = reasons(row, domains)
            if why:
                listed.append((fixed, country, code, what, figure(row), why,
                               row.get("sourceUrl") or "", row.get("notes", "")))
    stale = sorted(set(findings) - set(found))

    unofficial = [r for r in listed if any(w.startswith("not an official") for w in r[5])]
    by_reason = Counter(w.split(" (")[0] for r in listed for w in r[5])
    by_what = Counter(r[3].split(" (")[0] for r in listed)

    if args.tsv:
        print("fixed\tcountry\tcode\tline\tfigure\treasons\tsource\tnotes")
        for r in listed:
            print("\t".join([("fixed" if r[0] else "range"), r[1], r[2], r[3], r[4],
                             "; ".join(r[5]), r[6], r[7].replace("\t", " ")]))
        return 1 if unofficial or stale else 0

    print(f"Purchase-cost data review: {len(listed)} of {total} lines and rules listed "
          f"({sum(1 for r in listed if r[0])} fixed figures, "
          f"{sum(1 for r in listed if not r[0])} ranges/estimates).")
    for reason, n in by_reason.most_common():
        print(f"  {n:4d}  {reason}")
    print("  by line: " + ", ".join(f"{w} {n}" for w, n in by_what.most_common()))
    failed = 1 if unofficial or stale else 0
    if unofficial:
        print(f"\n{len(unofficial)} line(s) cite a page that is not official — fix these first:")
        for r in unofficial:
            print(f"  {r[1].upper()} {r[2]} {r[3]}: {r[6]}")
    for k in stale:
        print(f"\nopen-findings.tsv names no line of the data: {' '.join(k)}")
    print(f"\n== Open findings, start here: {len(found)} (open-findings.tsv) ==")
    for (country, code, what), (fig, src) in sorted(found.items()):
        print(f"{country.upper()} {code} {what} = {fig}  [{src}]")
        print(f"    {findings[(country, code, what)]}")
    routine = [r for r in listed if (r[1], r[2], r[3]) not in findings]
    print(f"\nRoutine: {len(routine)} other listed lines "
          f"({sum(1 for r in routine if r[0])} fixed figures, "
          f"{sum(1 for r in routine if not r[0])} ranges/estimates), "
          "medium-confidence rows from agency fee pages; --all lists them.")
    if args.summary or not args.all:
        return failed

    for title, want_fixed in (("Fixed figures to confirm on the agency's page", True),
                              ("Ranges and estimates (medium by nature; re-check when possible)", False)):
        group = [r for r in listed if r[0] == want_fixed]
        print(f"\n== {title}: {len(group)} ==")
        per = defaultdict(list)
        for r in group:
            per[(r[1], r[2])].append(r)
        for (country, code), items in sorted(per.items()):
            print(f"{country.upper()} {code}")
            for r in items:
                src = r[6] or "—"
                print(f"    {r[3]:<34} {r[4]:<14} {', '.join(r[5]):<40} {src}")
    return failed


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BrokenPipeError:  # e.g. piped into `head`
        sys.stderr.close()
        sys.exit(0)
