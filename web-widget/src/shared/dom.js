// Minimal element builder. It never parses markup: text always goes in as
// text nodes, and attributes that could run script are refused.

const SVG_NS = 'http://www.w3.org/2000/svg';
const FORBIDDEN_ATTR = /^on/i;
const URL_ATTRS = new Set(['href', 'src', 'action', 'formaction', 'xlink:href']);

function applyProps(el, props) {
  for (const [name, value] of Object.entries(props || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name === 'text') { el.textContent = String(value); continue; }
    if (name === 'className') { el.setAttribute('class', value); continue; }
    if (name === 'dataset') { for (const [k, v] of Object.entries(value)) el.dataset[k] = String(v); continue; }
    if (name === 'on') { for (const [ev, fn] of Object.entries(value)) el.addEventListener(ev, fn); continue; }
    if (name === 'props') { for (const [k, v] of Object.entries(value)) el[k] = v; continue; }
    if (FORBIDDEN_ATTR.test(name)) throw new Error(`inline handler attribute refused: ${name}`);
    if (URL_ATTRS.has(name.toLowerCase()) && !isHarmlessUrl(String(value))) {
      throw new Error(`unsafe URL refused for ${name}`);
    }
    el.setAttribute(name, value === true ? '' : String(value));
  }
}

function isHarmlessUrl(value) {
  const v = value.trim().toLowerCase();
  // Relative URLs and the schemes we build ourselves; never javascript:, data:, vbscript:, ...
  if (v.startsWith('//')) return false;
  if (v.startsWith('#') || v.startsWith('/') || v.startsWith('./') || v.startsWith('../')) return true;
  return v.startsWith('https:') || v.startsWith('http:') || v.startsWith('tel:') || v.startsWith('mailto:') || v.startsWith('blob:');
}

function appendChildren(doc, el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    if (typeof child === 'string' || typeof child === 'number') el.appendChild(doc.createTextNode(String(child)));
    else el.appendChild(child);
  }
}

/** Returns an `h(tag, props, ...children)` bound to `doc`. */
export function makeH(doc) {
  return function h(tag, props, ...children) {
    const el = doc.createElement(tag);
    applyProps(el, props);
    appendChildren(doc, el, children);
    return el;
  };
}

/** Same as makeH but for SVG elements. */
export function makeSvg(doc) {
  return function s(tag, props, ...children) {
    const el = doc.createElementNS(SVG_NS, tag);
    applyProps(el, props);
    appendChildren(doc, el, children);
    return el;
  };
}

export function clear(el) {
  while (el.firstChild) el.removeChild(el.firstChild);
}

export function setText(el, text) {
  const t = text === undefined || text === null ? '' : String(text);
  if (el.textContent !== t) el.textContent = t;
}
