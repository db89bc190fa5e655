// Keyboard-only use: Tab from the top of the page must reach every control of `scope`,
// and each focused control must show a visible focus indicator (an outline or a box
// shadow computed while it has focus).

/**
 * Returns {expected: [desc], reached: [desc], missing: [desc], invisible: [desc]}.
 * `scope` is a CSS selector (e.g. 'main form').
 */
export async function tabThrough(page, scope, { maxTabs = 80 } = {}) {
  const expected = await page.evaluate((sel) => {
    const root = document.querySelector(sel);
    if (!root) return null;
    const els = [...root.querySelectorAll('a[href], button, input, select, textarea, [tabindex]')].filter((el) => {
      if (el.disabled || el.tabIndex < 0) return false;
      if (el.tagName === 'INPUT' && el.type === 'hidden') return false;
      const s = getComputedStyle(el);
      return s.visibility !== 'hidden' && s.display !== 'none' && el.getClientRects().length > 0;
    });
    // Radio groups take one Tab stop: count only one per name.
    const seenRadio = new Set();
    const out = [];
    els.forEach((el, i) => {
      if (el.type === 'radio') {
        if (seenRadio.has(el.name)) return;
        seenRadio.add(el.name);
      }
      el.setAttribute('data-kbd', String(i));
      out.push({ key: el.type === 'radio' ? `radio:${el.name}` : String(i), desc: `${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}${el.name ? '[name=' + el.name + ']' : ''}` });
    });
    return out;
  }, scope);
  if (!expected) throw new Error(`no element matches ${scope}`);

  await page.evaluate(() => { document.activeElement?.blur(); window.scrollTo(0, 0); });
  // Start from the document itself, as after loading the page.
  await page.locator('body').evaluate((b) => { b.setAttribute('tabindex', '-1'); b.focus(); b.removeAttribute('tabindex'); });
  const reached = new Map();
  const invisible = [];
  for (let i = 0; i < maxTabs; i++) {
    await page.keyboard.press('Tab');
    const info = await page.evaluate(() => {
      const el = document.activeElement;
      if (!el || el === document.body) return null;
      const s = getComputedStyle(el);
      const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0;
      const shadow = s.boxShadow && s.boxShadow !== 'none';
      return {
        kbd: el.getAttribute('data-kbd'),
        key: el.type === 'radio' ? `radio:${el.name}` : el.getAttribute('data-kbd'),
        visible: outline || shadow,
        focusVisible: el.matches(':focus-visible'),
        desc: `${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}${el.name ? '[name=' + el.name + ']' : ''}`,
        style: `outline: ${s.outlineStyle} ${s.outlineWidth} ${s.outlineColor}; box-shadow: ${s.boxShadow}`,
      };
    });
    if (!info) break; // wrapped past the end of the document
    if (info.kbd === null && info.key === null) continue; // outside scope
    if (reached.has(info.key)) break;
    reached.set(info.key, info);
    if (!info.visible) invisible.push(`${info.desc} (${info.style})`);
  }
  const missing = expected.filter((e) => !reached.has(e.key)).map((e) => e.desc);
  return { expected: expected.map((e) => e.desc), reached: [...reached.values()].map((r) => r.desc), missing, invisible };
}
