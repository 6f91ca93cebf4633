//! Indicator tables on the three-language fixture (`tests/fixtures/trilingual`): each
//! output's heading is a row header spanning its group's rows, so that every cell of the
//! group is associated with it, and a table of one output asked by `output = ...` carries
//! no heading that only repeats its caption.

mod common;

use common::{Fixture, attr, select, text};

fn built() -> Fixture {
    let f = Fixture::copy_of("tests/fixtures/trilingual");
    f.build();
    f
}

const PAGES: [(&str, &str, &str); 3] = [
    ("fr", "axe-a", "axe-b"),
    ("en", "axis-a", "axis-b"),
    ("es", "eje-a", "eje-b"),
];

#[test]
fn a_table_of_one_output_has_no_group_heading_repeating_its_caption() {
    let f = built();
    for (lang, _, one_output) in PAGES {
        let doc = f.page(&format!("2024/{lang}/{one_output}/index.html"));
        assert_eq!(select(&doc, "table.indicators").len(), 1, "{lang}");
        let scoped = |css: &str| select(&doc, &format!("table.indicators {css}")).len();
        assert_eq!(
            scoped("th:not([scope=row]):not([scope=col])"),
            0,
            "{lang}: no group heading cell"
        );
        assert_eq!(scoped("tr.group"), 0, "{lang}: no group heading row");
        assert_eq!(scoped("thead th"), 5, "{lang}: the five columns only");
        let first_row = select(&doc, "table.indicators tbody tr");
        assert_eq!(
            attr(&first_row[0], "id"),
            "indicator-b-1-a",
            "{lang}: the first row is the indicator's"
        );
    }
}

#[test]
fn each_output_heading_is_a_row_header_spanning_its_group() {
    let f = built();
    for (lang, outcome_page, _) in PAGES {
        let doc = f.page(&format!("2024/{lang}/{outcome_page}/index.html"));
        let bodies = select(&doc, "table.indicators > tbody");
        assert_eq!(bodies.len(), 2, "{lang}: outputs A.1 and A.2");
        let columns = select(&doc, "table.indicators thead th[scope=col]").len();
        assert_eq!(columns, 6, "{lang}: the output column, then five");
        for body in &bodies {
            let rows = body
                .select(&scraper::Selector::parse("tr").unwrap())
                .collect::<Vec<_>>();
            let headings = body
                .select(&scraper::Selector::parse("th[scope=rowgroup]").unwrap())
                .collect::<Vec<_>>();
            assert_eq!(headings.len(), 1, "{lang}: one heading a group");
            let heading = &headings[0];
            assert_eq!(
                attr(heading, "rowspan"),
                rows.len().to_string(),
                "{lang}: the heading spans every row of its group"
            );
            assert_eq!(
                heading.parent().and_then(scraper::ElementRef::wrap),
                rows.first().copied(),
                "{lang}: the heading opens the group's first row"
            );
            assert!(
                text(heading).contains("A."),
                "{lang}: names its output: {}",
                text(heading)
            );
            assert!(
                select(&doc, "table.indicators th[scope=colgroup]").is_empty(),
                "{lang}: no colgroup heading without a colgroup"
            );
        }
    }
}
