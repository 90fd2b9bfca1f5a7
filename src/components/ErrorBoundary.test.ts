// ErrorBoundary, rendered by the real react-dom client into the few DOM calls it makes (below).
// Why not renderToString: React's server renderer ignores error boundaries (a throw fails the
// whole render), and the unit tests run in Node without jsdom (vitest.config.ts).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { act, createElement as h, useState } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { ErrorBoundary } from './ErrorBoundary';

/** Just enough of a DOM for react-dom to create, insert, text and remove nodes and route a click. */
class FakeNode {
  parentNode: FakeNode | null = null;
  childNodes: FakeNode[] = [];
  nodeValue: string | null = null;
  constructor(readonly nodeType: number, readonly nodeName: string, readonly ownerDocument: FakeDocument | null) {}
  get firstChild() { return this.childNodes[0] ?? null; }
  get textContent(): string { return this.nodeType === 3 ? this.nodeValue ?? '' : this.childNodes.map((c) => c.textContent).join(''); }
  set textContent(t: string) {
    if (this.nodeType === 3) { this.nodeValue = t; return; }
    for (const c of this.childNodes) c.parentNode = null;
    this.childNodes = [];
    if (t) this.appendChild(this.ownerDocument!.createTextNode(t));
  }
  appendChild(c: FakeNode) { return this.insertBefore(c, null); }
  insertBefore(c: FakeNode, ref: FakeNode | null) {
    c.parentNode?.removeChild(c);
    const at = ref ? this.childNodes.indexOf(ref) : -1;
    this.childNodes.splice(at < 0 ? this.childNodes.length : at, 0, c);
    c.parentNode = this;
    return c;
  }
  removeChild(c: FakeNode) {
    this.childNodes = this.childNodes.filter((n) => n !== c);
    c.parentNode = null;
    return c;
  }
}

class FakeElement extends FakeNode {
  readonly namespaceURI = 'http://www.w3.org/1999/xhtml';
  readonly style: Record<string, string> = {};
  readonly attrs = new Map<string, string>();
  readonly listeners: { type: string; fn: (e: unknown) => void }[] = [];
  get tagName() { return this.nodeName; }
  setAttribute(k: string, v: string) { this.attrs.set(k, String(v)); }
  getAttribute(k: string) { return this.attrs.get(k) ?? null; }
  removeAttribute(k: string) { this.attrs.delete(k); }
  addEventListener(type: string, fn: (e: unknown) => void) { this.listeners.push({ type, fn }); }
  removeEventListener() {}
  /** Depth-first, like querySelector('[data-testid=…]'). */
  byTestId(id: string): FakeElement | null {
    for (const c of this.childNodes) {
      if (!(c instanceof FakeElement)) continue;
      if (c.getAttribute('data-testid') === id) return c;
      const hit = c.byTestId(id);
      if (hit) return hit;
    }
    return null;
  }
}

class FakeDocument extends FakeElement {
  activeElement = null;
  defaultView = { document: this, event: undefined, HTMLIFrameElement: class {} };
  constructor() { super(9, '#document', null); }
  createElement(tag: string) { return new FakeElement(1, tag.toUpperCase(), this); }
  createTextNode(text: string) { const t = new FakeNode(3, '#text', this); t.nodeValue = text; return t; }
}

let container: FakeElement;
let root: Root;
let caught: unknown[];

beforeEach(() => {
  const doc = new FakeDocument();
  Object.assign(globalThis, { window: doc.defaultView, document: doc, IS_REACT_ACT_ENVIRONMENT: true });
  container = doc.createElement('div');
  doc.appendChild(container);
  caught = [];
  // React reports what a boundary caught here (by default: console.error).
  root = createRoot(container as unknown as HTMLElement, { onCaughtError: (e) => void caught.push(e) });
});

afterEach(() => {
  act(() => root.unmount());
});

/** Clicks like a browser would: react-dom listens on the root container and finds the target's component. */
function click(target: FakeElement) {
  const event = { type: 'click', target, bubbles: true, cancelable: true, defaultPrevented: false, timeStamp: 0, preventDefault() {}, stopPropagation() {} };
  for (const l of container.listeners) if (l.type === 'click') l.fn(event);
}

function Boom(): never {
  throw new Error('kaboom: no such column');
}

/** A sibling with local state: if it re-mounted, its count would be back at 0. */
function Sibling() {
  const [n, setN] = useState(0);
  return h('button', { 'data-testid': 'sibling', onClick: () => setN(n + 1) }, `sibling ${n}`);
}

describe('ErrorBoundary', () => {
  it('shows which part failed and why, and its sibling keeps rendering', () => {
    act(() => root.render(h('div', null,
      h(ErrorBoundary, { name: 'the Ranking panel', testId: 'panel.ranking', children: h(Boom) }),
      h(ErrorBoundary, { name: 'the header', testId: 'header', children: h(Sibling) }),
    )));
    const fallback = container.byTestId('panel.ranking.error');
    expect(fallback?.getAttribute('role')).toBe('alert');
    expect(fallback?.textContent).toContain('Something went wrong in the Ranking panel.');
    expect(container.byTestId('panel.ranking.error-message')?.textContent).toBe('kaboom: no such column');
    expect(container.byTestId('panel.ranking.retry')?.textContent).toBe('Try again');
    expect(container.byTestId('sibling')?.textContent).toBe('sibling 0');
    expect(container.byTestId('header.error')).toBeNull();
    expect(caught).toHaveLength(1);
  });

  it('"Try again" re-mounts only the failed part; the sibling keeps its state', () => {
    let mounts = 0;
    let broken = true;
    function Flaky() {
      const [id] = useState(() => ++mounts);
      if (broken) throw new Error('not yet');
      return h('p', { 'data-testid': 'flaky' }, `mount ${id}`);
    }
    act(() => root.render(h('div', null,
      h(ErrorBoundary, { name: 'the Tiers panel', testId: 'panel.tiers', children: h(Flaky) }),
      h(Sibling),
    )));
    act(() => click(container.byTestId('sibling')!));
    expect(container.byTestId('sibling')?.textContent).toBe('sibling 1');
    expect(container.byTestId('panel.tiers.error')).not.toBeNull();

    broken = false;
    const before = mounts;
    act(() => click(container.byTestId('panel.tiers.retry')!));
    expect(container.byTestId('panel.tiers.error')).toBeNull();
    expect(container.byTestId('flaky')?.textContent).toBe(`mount ${before + 1}`);
    expect(container.byTestId('sibling')?.textContent).toBe('sibling 1');
  });

  it('a thrown non-Error still gets a message', () => {
    function ThrowsString(): never {
      throw 'bad state';
    }
    act(() => root.render(h(ErrorBoundary, { name: 'the share bar', testId: 'share-bar', children: h(ThrowsString) })));
    expect(container.byTestId('share-bar.error-message')?.textContent).toBe('bad state');
  });
});
