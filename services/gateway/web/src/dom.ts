/**
 * Tiny DOM builders. Text always goes in as text nodes, so API data can never turn into markup.
 *
 * The workspace is type-checked with Node's libraries only (adding lib.dom would change the types of `fetch`
 * for every service), so the few browser objects the page touches are declared here, as narrowly as it uses them.
 */

export interface El {
  append(...nodes: (El | string)[]): void;
  replaceChildren(...nodes: (El | string)[]): void;
  setAttribute(name: string, value: string): void;
  getAttribute(name: string): string | null;
  addEventListener(type: string, listener: (event: BrowserEvent) => void): void;
  querySelector(selector: string): El | null;
  classList: { toggle(name: string, force?: boolean): boolean };
  textContent: string | null;
  hidden: boolean;
  disabled: boolean;
  readonly clientWidth: number;
  /** Inputs and selects. */
  value: string;
  focus(): void;
}

export interface BrowserEvent {
  preventDefault(): void;
  key?: string;
}

interface BrowserDocument {
  createElement(tag: string): El;
  createElementNS(namespace: string, tag: string): El;
  createTextNode(text: string): El;
  getElementById(id: string): El | null;
  readonly hidden: boolean;
  addEventListener(type: string, listener: () => void): void;
}

interface BrowserStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

declare const document: BrowserDocument;
declare const sessionStorage: BrowserStorage;

export const browser = {
  get document(): BrowserDocument {
    return document;
  },
  /** Per tab and gone when it closes: an admin token should not outlive the session that pasted it. */
  get session(): BrowserStorage {
    return sessionStorage;
  },
};

type Child = El | string | number | null | undefined | false;
type Attributes = Record<string, string | number | boolean | undefined | ((event: BrowserEvent) => void)>;

function fill(element: El, attributes: Attributes, children: Child[]): El {
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === false) continue;
    if (typeof value === 'function') element.addEventListener(name.replace(/^on/, ''), value);
    else element.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    element.append(typeof child === 'object' ? child : String(child));
  }
  return element;
}

/** `h('td', { class: 'num' }, '42')`. */
export function h(tag: string, attributes: Attributes = {}, ...children: Child[]): El {
  return fill(document.createElement(tag), attributes, children);
}

/** `s('rect', { x: 1, y: 2, width: 3, height: 4 })`. */
export function s(tag: string, attributes: Attributes = {}, ...children: Child[]): El {
  return fill(document.createElementNS('http://www.w3.org/2000/svg', tag), attributes, children);
}

/** Replaces what `host` shows. */
export function show(host: El, ...children: Child[]): void {
  host.replaceChildren();
  fill(host, {}, children);
}

export function byId(id: string): El {
  const element = document.getElementById(id);
  if (!element) throw new Error(`the page has no #${id}`);
  return element;
}

/** A table with a header row, or a quiet line saying there is nothing. `numeric` columns align right. */
export function table(headers: string[], rows: El[], empty: string, numeric: number[] = []): El {
  if (rows.length === 0) return h('p', { class: 'empty' }, empty);
  return h(
    'table',
    {},
    h('thead', {}, h('tr', {}, ...headers.map((header, index) => h('th', { class: numeric.includes(index) ? 'num' : undefined }, header)))),
    h('tbody', {}, ...rows),
  );
}

/** SVG numbers with at most one decimal: smaller markup, same picture. */
export const px = (value: number): string => String(Math.round(value * 10) / 10);
