// Is keyboard focus visibly indicated? Page-independent logic.
//
// The walk (lib/checks.mjs) records, before any focus moves, the computed style of every
// focusable element ("blurred"), then presses Tab and records the style of the element that
// has focus ("focused"). `focusDifferences` compares the two: an element whose focus changes
// none of the properties below, on itself, its ::before/::after, its parent (:focus-within)
// or its first descendants, shows no focus indicator; the walk then falls back to comparing
// screenshots of the element's surroundings, focused vs. blurred.

/** The computed-style properties that can make focus visible. */
export const FOCUS_STYLE_PROPS = Object.freeze([
  'outline-style',
  'outline-width',
  'outline-color',
  'outline-offset',
  'box-shadow',
  'border-top-style',
  'border-top-width',
  'border-top-color',
  'border-right-style',
  'border-right-width',
  'border-right-color',
  'border-bottom-style',
  'border-bottom-width',
  'border-bottom-color',
  'border-left-style',
  'border-left-width',
  'border-left-color',
  'background-color',
  'background-image',
  'color',
  'text-decoration-line',
  'text-decoration-style',
  'text-decoration-color',
  'text-decoration-thickness',
  'text-underline-offset',
  'font-weight',
  'opacity',
  'transform',
  'filter',
  'content',
]);

const TRANSPARENT = /^(transparent|rgba\(\s*0,\s*0,\s*0,\s*0\s*\)|rgba\([^)]*,\s*0\s*\))$/;

function isZeroLength(v) {
  return v === undefined || v === '' || /^0(px)?$/.test(v.trim());
}

/**
 * Reduces a computed style (an object of FOCUS_STYLE_PROPS) to what is actually drawn:
 * an outline or border side with style none, zero width or a transparent color is 'none';
 * a text decoration whose line is none is 'none'; a fully transparent background is 'none'.
 */
export function normalizeStyle(style) {
  if (!style) return null;
  const s = { ...style };
  const out = {};
  if (s['outline-style'] === 'none' || isZeroLength(s['outline-width']) || TRANSPARENT.test(s['outline-color'] ?? '')) {
    out.outline = 'none';
  } else {
    out.outline = `${s['outline-style']} ${s['outline-width']} ${s['outline-color']} offset ${s['outline-offset']}`;
  }
  for (const side of ['top', 'right', 'bottom', 'left']) {
    const st = s[`border-${side}-style`];
    const w = s[`border-${side}-width`];
    const c = s[`border-${side}-color`];
    out[`border-${side}`] = st === 'none' || st === 'hidden' || isZeroLength(w) || TRANSPARENT.test(c ?? '') ? 'none' : `${st} ${w} ${c}`;
  }
  out['box-shadow'] = s['box-shadow'] ?? 'none';
  out['background-color'] = TRANSPARENT.test(s['background-color'] ?? '') ? 'none' : s['background-color'];
  out['background-image'] = s['background-image'] ?? 'none';
  out.color = s.color;
  const line = s['text-decoration-line'] ?? 'none';
  out['text-decoration'] =
    line === 'none'
      ? 'none'
      : `${line} ${s['text-decoration-style']} ${s['text-decoration-color']} ${s['text-decoration-thickness']} offset ${s['text-underline-offset']}`;
  out['font-weight'] = s['font-weight'];
  out.opacity = s.opacity;
  out.transform = s.transform;
  out.filter = s.filter;
  out.content = s.content;
  return out;
}

/**
 * Compares two snapshots { self, before, after, parent, descendants: [] } of one element,
 * blurred and focused. Returns the visible differences as
 * [{ part: 'self' | '::before' | '::after' | 'parent' | 'descendant N', prop, blurred, focused }].
 * An empty list means focus is not indicated by any style change.
 */
export function focusDifferences(blurred, focused) {
  const diffs = [];
  const compare = (part, a, b) => {
    const na = normalizeStyle(a);
    const nb = normalizeStyle(b);
    if (!na && !nb) return;
    if (!na || !nb) {
      diffs.push({ part, prop: '(exists)', blurred: String(!!na), focused: String(!!nb) });
      return;
    }
    for (const prop of Object.keys(nb)) {
      if (na[prop] !== nb[prop]) diffs.push({ part, prop, blurred: na[prop], focused: nb[prop] });
    }
  };
  compare('self', blurred.self, focused.self);
  compare('::before', blurred.before, focused.before);
  compare('::after', blurred.after, focused.after);
  compare('parent', blurred.parent, focused.parent);
  const n = Math.min(blurred.descendants?.length ?? 0, focused.descendants?.length ?? 0);
  for (let i = 0; i < n; i++) compare(`descendant ${i + 1}`, blurred.descendants[i], focused.descendants[i]);
  return diffs;
}

/** One readable line per difference. */
export function formatDifferences(diffs) {
  return diffs.map((d) => `${d.part} ${d.prop}: ${d.blurred} -> ${d.focused}`).join('; ');
}

/**
 * Checks what the page reports about the focused element's geometry
 * ({ rect, docWidth, docHeight, viewport, visibility, opacity, hitsSelf, coveredBy }).
 * Returns a list of problems (strings); empty when the element can be seen.
 */
export function visibilityProblems(info) {
  const problems = [];
  const r = info.rect;
  if (!r || r.width <= 0 || r.height <= 0) {
    problems.push(`has an empty bounding box (${r ? `${r.width}x${r.height}` : 'none'})`);
    return problems;
  }
  if (r.width <= 1 && r.height <= 1) problems.push(`is too small to see (${r.width}x${r.height} px)`);
  const docLeft = r.left + info.scrollX;
  const docTop = r.top + info.scrollY;
  if (docLeft + r.width <= 0 || docTop + r.height <= 0 || docLeft >= info.docWidth || docTop >= info.docHeight) {
    problems.push(
      `lies outside the document (at ${Math.round(docLeft)},${Math.round(docTop)} size ${Math.round(r.width)}x${Math.round(r.height)}; document ${info.docWidth}x${info.docHeight})`,
    );
  } else if (r.right <= 0 || r.bottom <= 0 || r.left >= info.viewport.width || r.top >= info.viewport.height) {
    problems.push(`is outside the viewport while focused (at ${Math.round(r.left)},${Math.round(r.top)})`);
  }
  if (info.visibility !== 'visible') problems.push(`has visibility:${info.visibility}`);
  if (info.opacity === 0) problems.push('is fully transparent (opacity 0 on it or an ancestor)');
  if (info.clipped) problems.push(`is clipped away (${info.clipped})`);
  if (!problems.length && info.hitsSelf === false && info.coveredBy) {
    problems.push(`is hidden behind ${info.coveredBy} (focus obscured)`);
  }
  return problems;
}

/**
 * Installed into the page by page.evaluate(installFocusProbe, FOCUS_STYLE_PROPS).
 * Self-contained: it runs in the browser and may not use anything from this module.
 * Defines window.__rapportFocus with:
 *   prepare(): counts focusable elements and snapshots each one unfocused; returns the count;
 *   inspect(): describes document.activeElement (identity, geometry, focused snapshot and the
 *              unfocused snapshot taken by prepare()).
 *   snapshotActive(): a snapshot of the active element as it is now.
 */
export function installFocusProbe(props) {
  const finishTransitions = () => {
    for (const a of document.getAnimations()) {
      try {
        a.finish();
      } catch {
        /* infinite animations cannot finish */
      }
    }
  };
  const pick = (el, pseudo) => {
    const cs = getComputedStyle(el, pseudo);
    if (pseudo && (cs.content === 'none' || cs.content === 'normal' || cs.display === 'none')) return null;
    const o = {};
    for (const p of props) o[p] = cs.getPropertyValue(p);
    return o;
  };
  const snapshot = (el) => {
    const descendants = [];
    for (const d of el.querySelectorAll('*')) {
      if (descendants.length >= 8) break;
      descendants.push(pick(d));
    }
    return {
      self: pick(el),
      before: pick(el, '::before'),
      after: pick(el, '::after'),
      parent: el.parentElement && el.parentElement !== document.body ? pick(el.parentElement) : null,
      descendants,
    };
  };
  const cssPath = (el) => {
    if (el.id) return `#${CSS.escape(el.id)}`;
    const parts = [];
    let e = el;
    while (e && e.nodeType === 1 && e !== document.documentElement) {
      if (e.id) {
        parts.unshift(`#${CSS.escape(e.id)}`);
        break;
      }
      let part = e.localName;
      const parent = e.parentElement;
      if (parent) {
        const same = [...parent.children].filter((c) => c.localName === e.localName);
        if (same.length > 1) part += `:nth-of-type(${same.indexOf(e) + 1})`;
      }
      parts.unshift(part);
      e = parent;
    }
    return parts.join(' > ');
  };
  const describe = (el) => {
    const text = (el.getAttribute('aria-label') || el.textContent || el.getAttribute('title') || '').replace(/\s+/g, ' ').trim();
    const href = el.getAttribute('href');
    return `<${el.localName}${el.id ? ` id="${el.id}"` : ''}${el.classList.length ? ` class="${el.className}"` : ''}${href !== null ? ` href="${href}"` : ''}>${text ? ` "${text.slice(0, 60)}${text.length > 60 ? '…' : ''}"` : ''} (${cssPath(el)})`;
  };
  const isScroller = (el) => {
    const cs = getComputedStyle(el);
    const scrollX = /(auto|scroll)/.test(cs.overflowX) && el.scrollWidth > el.clientWidth;
    const scrollY = /(auto|scroll)/.test(cs.overflowY) && el.scrollHeight > el.clientHeight;
    return scrollX || scrollY;
  };
  const candidates = () =>
    [...document.querySelectorAll('*')].filter((el) => (el.tabIndex >= 0 && !el.disabled) || (el !== document.documentElement && el !== document.body && isScroller(el)));
  const blurred = new Map();
  const seen = new Set();
  // Smooth scrolling (html { scroll-behavior: smooth }) would still be under way when the
  // focused element is measured: scroll instantly during the walk. It changes no focus style.
  const instant = document.createElement('style');
  instant.textContent = '*, *::before, *::after { scroll-behavior: auto !important; }';
  document.head.append(instant);
  window.__rapportFocus = {
    prepare() {
      document.activeElement?.blur?.();
      finishTransitions();
      const els = candidates();
      for (const el of els) blurred.set(el, snapshot(el));
      return els.length;
    },
    snapshotActive() {
      finishTransitions();
      const el = document.activeElement;
      return el ? snapshot(el) : null;
    },
    blurActive() {
      document.activeElement?.blur?.();
      finishTransitions();
    },
    inspect() {
      finishTransitions();
      const el = document.activeElement;
      if (!el || el === document.body || el === document.documentElement) return { none: true };
      const repeat = seen.has(el);
      seen.add(el);
      if (repeat) return { none: false, repeat: true, description: describe(el) };
      let rect = el.getBoundingClientRect();
      if (rect.width === 0 || rect.height === 0) {
        // An inline element wrapping blocks: use its contents' box.
        const range = document.createRange();
        range.selectNodeContents(el);
        const r2 = range.getBoundingClientRect();
        if (r2.width > 0 && r2.height > 0) rect = r2;
      }
      const cs = getComputedStyle(el);
      let opacity = 1;
      let clipped = null;
      for (let e = el; e && e.nodeType === 1; e = e.parentElement) {
        const ecs = getComputedStyle(e);
        opacity *= parseFloat(ecs.opacity);
        if (!clipped && (ecs.clipPath === 'inset(50%)' || /rect\(0(px)?,? 0(px)?,? 0(px)?,? 0(px)?\)/.test(ecs.clip))) {
          clipped = `${e === el ? 'itself' : 'an ancestor'} has ${ecs.clipPath !== 'none' ? `clip-path:${ecs.clipPath}` : `clip:${ecs.clip}`}`;
        }
      }
      // Is the element (or its content) what is drawn on top at some point of its box?
      let hitsSelf = null;
      let coveredBy = null;
      const vx0 = Math.max(rect.left, 0);
      const vy0 = Math.max(rect.top, 0);
      const vx1 = Math.min(rect.right, innerWidth);
      const vy1 = Math.min(rect.bottom, innerHeight);
      if (vx1 > vx0 && vy1 > vy0) {
        hitsSelf = false;
        const points = [
          [(vx0 + vx1) / 2, (vy0 + vy1) / 2],
          [vx0 + 2, vy0 + 2],
          [vx1 - 2, vy0 + 2],
          [vx0 + 2, vy1 - 2],
          [vx1 - 2, vy1 - 2],
        ];
        for (const [x, y] of points) {
          const hit = document.elementFromPoint(x, y);
          if (!hit) continue;
          if (hit === el || el.contains(hit) || hit.contains(el) || (hit.localName === 'label' && hit.control === el)) {
            hitsSelf = true;
            break;
          }
          coveredBy ??= describe(hit);
        }
      }
      return {
        none: false,
        repeat: false,
        description: describe(el),
        selector: cssPath(el),
        rect: { left: rect.left, top: rect.top, right: rect.right, bottom: rect.bottom, width: rect.width, height: rect.height },
        scrollX,
        scrollY,
        docWidth: document.documentElement.scrollWidth,
        docHeight: document.documentElement.scrollHeight,
        viewport: { width: innerWidth, height: innerHeight },
        visibility: cs.visibility,
        opacity,
        clipped,
        hitsSelf,
        coveredBy,
        focused: snapshot(el),
        blurred: blurred.get(el) ?? null,
      };
    },
  };
}
