// Which side of the page things sit on, read from the DOM's boxes: in a left-to-right page
// the site title, the paragraph numbers and the "previous" link are on the left; in a
// right-to-left page (`dir="rtl"`, Arabic), on the right. Run in the page.

/** Problems with the sides of the header, the paragraph numbers and the pager on the open page. */
export async function sideProblems(page) {
  return page.evaluate(() => {
    const rtl = getComputedStyle(document.documentElement).direction === 'rtl';
    const start = rtl ? 'right' : 'left';
    const width = document.documentElement.clientWidth;
    const problems = [];
    const visible = (el) => {
      const r = el.getBoundingClientRect();
      return r.width > 0 && r.height > 0 ? r : null;
    };
    // Distance from the start edge of the viewport, and from its end edge.
    const fromStart = (r) => (rtl ? width - r.right : r.left);
    const fromEnd = (r) => (rtl ? r.left : width - r.right);
    const centre = (r) => r.left + r.width / 2;
    const onStartSideOf = (a, b) => (rtl ? centre(a) > centre(b) : centre(a) < centre(b));

    const title = document.querySelector('.site-header .site-title a');
    const titleBox = title && visible(title);
    if (titleBox && !(fromStart(titleBox) < fromEnd(titleBox))) {
      problems.push(`the site title is not on the ${start}: ${Math.round(fromStart(titleBox))} px from the ${start} edge, ${Math.round(fromEnd(titleBox))} px from the other`);
    }
    for (const number of document.querySelectorAll('main a.pnum')) {
      const paragraph = number.closest('p, li, div');
      const n = visible(number);
      const p = paragraph && visible(paragraph);
      if (n && p && !onStartSideOf(n, p)) {
        problems.push(`paragraph number "${number.textContent.trim()}" is not on the ${start} side of its paragraph`);
      }
    }
    const previous = document.querySelector('.pager .previous');
    const next = document.querySelector('.pager .next');
    const pb = previous && visible(previous);
    const nb = next && visible(next);
    if (pb && nb) {
      const sameRow = pb.top < nb.bottom && nb.top < pb.bottom;
      if (sameRow && !onStartSideOf(pb, nb)) problems.push(`the pager's "previous" link is not on the ${start} of "next"`);
      if (!sameRow && !(fromStart(pb) <= fromEnd(pb))) problems.push(`the pager's "previous" link is not on the ${start}`);
    }
    return problems;
  });
}
