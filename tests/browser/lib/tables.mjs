// Which headers Chromium's accessibility tree gives each data cell of the indicator tables.
//
// The DevTools protocol's Accessibility domain (getFullAXTree, queryAXTree) gives cells their
// role and name only: no header relation. Chromium's own page chrome://accessibility does: its
// "linux" dump is the tree as exposed to screen readers through ATK's table interface, with,
// on each table, the header names of every column and every row ("cols=5 headers=('A', 'B');
// rows=4 headers=('x', 'y');", rows with no header left out) and, on each cell, its position
// "(row=2, col=1, row_span=1, col_span=1, n_row_headers=1, n_col_headers=1)". That page is
// driven here through playwright (itself speaking the DevTools protocol), in the browser
// context of the page under test. The browser must run with --force-renderer-accessibility,
// or the dump is empty.

/** The Chromium flag without which the platform tree is not built. */
export const ACCESSIBILITY_ARGS = Object.freeze(['--force-renderer-accessibility']);

const TREE_TIMEOUT = 30_000;

/**
 * The platform (ATK) accessibility tree of `page`, as text, read through `internals`, a second
 * page of the same browser context that this function navigates to chrome://accessibility.
 */
export async function platformTree(page, internals) {
  const url = page.url();
  await internals.goto('chrome://accessibility');
  await internals.selectOption('#apiType', 'linux');
  // The list of tabs is filled in asynchronously.
  const rowId = await internals
    .waitForFunction(
      (wanted) => [...document.querySelectorAll('.row')].find((r) => r.querySelector('.url')?.textContent.trim() === wanted)?.id,
      url,
      { timeout: TREE_TIMEOUT },
    )
    .then((h) => h.jsonValue());
  await internals.click(`[id="${rowId}-showOrRefreshTree"]`);
  const tree = await internals.waitForFunction(
    (id) => {
      // One <div> a line.
      const lines = [...(document.getElementById(`${id}-tree`)?.children ?? [])].map((d) => d.textContent);
      return lines.some((l) => l.startsWith('[document web]')) ? lines.join('\n') : null;
    },
    rowId,
    { timeout: TREE_TIMEOUT },
  );
  return tree.jsonValue();
}

const CELL_POSITION = /\(row=(\d+), col=(\d+), row_span=(\d+), col_span=(\d+), n_row_headers=(\d+), n_col_headers=(\d+)\)/;
const TABLE_HEADERS = /cols=(\d+) headers=\((.*?)\); rows=(\d+) headers=\((.*?)\);/;

/** "'A b', 'C'" -> ['A b', 'C'] (names are quoted, not escaped: split on the separators). */
function quotedList(text) {
  const inner = text.trim();
  if (!inner) return [];
  return inner.replace(/^'/, '').replace(/'$/, '').split("', '");
}

/**
 * The tables of a "linux" dump, in document order: { name, columnHeaders: [string per column],
 * rowHeaders: Map(row -> string), cells: [{ role, row, col, rowSpan, colSpan, nRowHeaders,
 * nColHeaders }] }. Row header strings are mapped back to their rows through the cells whose
 * role is "row header" (the dump leaves out rows without one); `problems` says when that fails.
 */
export function parsePlatformTables(dump) {
  const tables = [];
  let current = null;
  for (const line of dump.split('\n')) {
    const m = /^(\+*)\[([^\]]+)\](.*)$/.exec(line);
    if (!m) continue;
    const [, depth, role, rest] = m;
    if (current && depth.length <= current.depth) current = null;
    if (role === 'table') {
      const headers = TABLE_HEADERS.exec(rest);
      const name = /name='(.*?)' (?:enabled|description|labelled|explicit|display)/.exec(rest)?.[1] ?? '';
      current = {
        depth: depth.length,
        name,
        columnCount: headers ? Number(headers[1]) : 0,
        columnHeaders: headers ? quotedList(headers[2]) : [],
        rowHeaderList: headers ? quotedList(headers[4]) : [],
        rowHeaders: new Map(),
        cells: [],
        problems: headers ? [] : ['the dump gives no column and row headers for this table'],
      };
      tables.push(current);
      continue;
    }
    if (!current) continue;
    const pos = CELL_POSITION.exec(rest);
    if (!pos) continue;
    const [row, col, rowSpan, colSpan, nRowHeaders, nColHeaders] = pos.slice(1).map(Number);
    current.cells.push({ role, row, col, rowSpan, colSpan, nRowHeaders, nColHeaders });
  }
  for (const t of tables) {
    const rowsWithHeader = new Set();
    for (const c of t.cells.filter((c) => c.role === 'row header')) {
      for (let r = c.row; r < c.row + c.rowSpan; r++) rowsWithHeader.add(r);
    }
    const rows = [...rowsWithHeader].sort((a, b) => a - b);
    if (rows.length !== t.rowHeaderList.length) {
      t.problems.push(`${t.rowHeaderList.length} row header entries for ${rows.length} rows with a row header cell`);
    } else {
      rows.forEach((r, i) => t.rowHeaders.set(r, t.rowHeaderList[i]));
    }
  }
  return tables;
}

/**
 * What the DOM says each indicator table should announce, per table in document order:
 * { caption, groups: [heading text], rows: Map(rowIndex -> group heading text), columns:
 * [heading text per grid column] }. A group heading is a `th` of a `tbody` that is not a
 * row's own header (`scope="row"`): whatever its markup, it names the output of that tbody.
 */
export async function expectedTableHeaders(page) {
  return page.evaluate(() => {
    const norm = (s) => (s ?? '').replace(/\s+/g, ' ').trim();
    return [...document.querySelectorAll('table.indicators')].map((table) => {
      const groups = [];
      const rows = [];
      for (const body of table.tBodies) {
        const heading = [...body.querySelectorAll('th')].find((th) => th.getAttribute('scope') !== 'row');
        const text = heading ? norm(heading.textContent) : null;
        if (text) groups.push(text);
        for (const tr of body.rows) rows.push([tr.rowIndex, text]);
      }
      const columns = [];
      for (const th of table.tHead?.rows[0]?.cells ?? []) {
        for (let i = 0; i < th.colSpan; i++) columns.push(norm(th.textContent));
      }
      return { caption: norm(table.caption?.textContent), groups, rows, columns };
    });
  });
}

/**
 * Every data cell of every indicator table must have, among the headers Chromium gives it,
 * its column heading and its group (output) heading, and no other group's heading.
 * Returns the problems, as sentences.
 */
export function headerProblems(expected, platformTables) {
  const norm = (s) => (s ?? '').replace(/\s+/g, ' ').trim();
  const problems = [];
  const byName = platformTables.filter((t) => expected.some((e) => e.caption === norm(t.name)));
  if (byName.length !== expected.length) {
    return [`${expected.length} indicator table(s) in the page, ${byName.length} found by caption in Chromium's accessibility tree`];
  }
  expected.forEach((want, i) => {
    const got = byName[i];
    const where = `table "${want.caption}"`;
    problems.push(...got.problems.map((p) => `${where}: ${p}`));
    const groupOf = new Map(want.rows);
    for (const cell of got.cells.filter((c) => c.role === 'table cell')) {
      const columnHeaders = norm(got.columnHeaders[cell.col]);
      const rowHeaders = norm(got.rowHeaders.get(cell.row));
      const all = `${columnHeaders} | ${rowHeaders}`;
      const at = `${where}, cell at row ${cell.row}, column ${cell.col} (column headers "${columnHeaders}", row headers "${rowHeaders}")`;
      const column = want.columns[cell.col];
      if (column && !columnHeaders.includes(column)) problems.push(`${at}: its column heading "${column}" is not among its headers`);
      const group = groupOf.get(cell.row);
      if (group && !all.includes(group)) problems.push(`${at}: its group heading "${group}" is not among its headers`);
      for (const other of want.groups.filter((g) => g !== group)) {
        if (all.includes(other)) problems.push(`${at}: another group's heading "${other}" is among its headers`);
      }
    }
  });
  return problems;
}
