// Page object of the inspect panel (open a pair from the ranking panel or
// from typed text, read grids, maps and figures from their data attributes,
// download exports), and the onnxruntime-node reference for the same pair
// (src/runtime/inspect/inspectNode.ts — the numbers the browser must reproduce).
import { expect, type Page } from '@playwright/test';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { docText } from '../../src/core/docText';
import { openInspectNode } from '../../src/runtime/inspect/inspectNode';
import type { InspectEngine } from '../../src/runtime/inspect/inspectEngine';

export const TOL = 1e-3;

const MODELS = process.env.PRERANK_MODELS ?? join(process.cwd(), 'models');
export const MODELS_MISSING = !existsSync(join(MODELS, 'manifest.json'));

export interface MatrixAttrs {
  rows: number;
  cols: number;
  values: number[];
  rowLabels: string[];
  colLabels: string[];
}

export class InspectPage {
  constructor(readonly page: Page) {}

  /** Ranks `query` in the ranking panel and opens the first row of `column` (or of any column). */
  async openFromRanking(query: string, column?: string): Promise<string> {
    const p = this.page;
    await p.getByTestId('nav.ranking').click();
    await p.getByTestId('ranking.query').fill(query);
    const scope = column ? p.getByTestId(`ranking.column.${column}`) : p;
    const row = scope.getByTestId('ranking.row').first();
    await expect(row).toBeVisible({ timeout: 150_000 });
    const docId = (await row.getAttribute('data-doc-id'))!;
    await row.click();
    await expect(p.getByTestId('panel.inspect')).toBeVisible();
    await expect(p.getByTestId('inspect.pair')).toHaveAttribute('data-docid', docId);
    return docId;
  }

  async openTyped(query: string, doc: string): Promise<void> {
    const p = this.page;
    await p.getByTestId('nav.inspect').click();
    await p.getByTestId('inspect.query').fill(query);
    await p.getByTestId('inspect.mode-text').check();
    await p.getByTestId('inspect.doc-text').fill(doc);
    await p.getByTestId('inspect.run').click();
    await expect(p.getByTestId('inspect.pair')).toHaveAttribute('data-doc-text', doc);
  }

  /** Unchecks hide-special, mean over heads and rollout (they live in the store across pairs). */
  async resetToggles(): Promise<void> {
    if (!(await this.page.getByTestId('inspect.toggle.rollout').count())) return;
    for (const t of ['hide-special', 'mean-heads', 'rollout']) await this.page.getByTestId(`inspect.toggle.${t}`).uncheck();
  }

  /** Picks a doc of the set by searching its id or title; returns the doc id. */
  async openFromSearch(query: string, term: string): Promise<string> {
    const p = this.page;
    await p.getByTestId('nav.inspect').click();
    await p.getByTestId('inspect.query').fill(query);
    await p.getByTestId('inspect.mode-set').check();
    await p.getByTestId('inspect.doc-search').fill(term);
    const opt = p.getByTestId('inspect.doc-option').first();
    await expect(opt).toBeVisible({ timeout: 60_000 });
    const docId = (await opt.getAttribute('data-docid'))!;
    await opt.click();
    await p.getByTestId('inspect.run').click();
    await expect(p.getByTestId('inspect.pair')).toHaveAttribute('data-docid', docId);
    return docId;
  }

  /** Hovers cell (i, j) of a heatmap; returns the value it shows. */
  async hover(testId: string, i: number, j: number): Promise<number> {
    const c = this.page.getByTestId(`${testId}.canvas`);
    const cell = Number(await c.getAttribute('data-cell'));
    await c.hover({ position: { x: j * cell + cell / 2, y: i * cell + cell / 2 } });
    const h = this.page.getByTestId(`${testId}.hover`);
    await expect(h).toHaveAttribute('data-i', String(i));
    await expect(h).toHaveAttribute('data-j', String(j));
    return Number(await h.getAttribute('data-value'));
  }

  async grid(source: 'query' | 'doc' | 'fine', timeout = 120_000): Promise<{ layers: number; heads: number; maps: number }> {
    const g = this.page.getByTestId(`inspect.grid.${source}`);
    await expect(g).toBeVisible({ timeout });
    const n = async (a: string) => Number(await g.getAttribute(a));
    return { layers: await n('data-layers'), heads: await n('data-heads'), maps: await n('data-maps') };
  }

  /** Clicks one small map of a grid; the detail view then shows it. */
  async selectMap(source: 'query' | 'doc' | 'fine', layer: number, head: number): Promise<void> {
    await this.page.locator(`[data-testid="inspect.grid.${source}.map"][data-layer="${layer}"][data-head="${head}"]`).click();
    const d = this.page.getByTestId('inspect.detail');
    await expect(d).toHaveAttribute('data-source', source);
    await expect(d).toHaveAttribute('data-layer', String(layer));
    await expect(d).toHaveAttribute('data-head', String(head));
  }

  async matrix(testId: string): Promise<MatrixAttrs> {
    const m = this.page.getByTestId(testId);
    await expect(m).toBeVisible({ timeout: 120_000 });
    const a = async (k: string) => JSON.parse((await m.getAttribute(k))!) as unknown;
    return {
      rows: Number(await m.getAttribute('data-rows')),
      cols: Number(await m.getAttribute('data-cols')),
      values: (await a('data-values')) as number[],
      rowLabels: (await a('data-row-labels')) as string[],
      colLabels: (await a('data-col-labels')) as string[],
    };
  }

  async numberAttr(testId: string, attr = 'data-value'): Promise<number> {
    const el = this.page.getByTestId(testId);
    await expect(el).toHaveAttribute(attr, /./, { timeout: 120_000 });
    return Number(await el.getAttribute(attr));
  }

  async jsonAttr<T>(testId: string, attr: string): Promise<T> {
    const el = this.page.getByTestId(testId);
    await expect(el).toHaveAttribute(attr, /./, { timeout: 120_000 });
    return JSON.parse((await el.getAttribute(attr))!) as T;
  }

  /** Clicks a download button; returns the file's name and bytes. */
  async download(testId: string): Promise<{ name: string; bytes: Buffer }> {
    const [dl] = await Promise.all([this.page.waitForEvent('download'), this.page.getByTestId(testId).click()]);
    return { name: dl.suggestedFilename(), bytes: readFileSync((await dl.path())!) };
  }
}

export function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let d = 0;
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i] - b[i]));
  return d;
}

let engine: InspectEngine | null = null;
/** The Node runtime over the same models/ the build ships. */
export function nodeEngine(): InspectEngine {
  engine ??= openInspectNode(MODELS);
  return engine;
}

/** docText of a doc of public/demo/docs.jsonl, as the lab builds it. */
export function docTextOf(docId: string): string {
  for (const line of readFileSync(join(process.cwd(), 'public/demo/docs.jsonl'), 'utf8').split('\n')) {
    if (line.includes(`"id":"${docId}"`)) return docText(JSON.parse(line) as { title: string; category: string; tags: string[] });
  }
  throw new Error(`${docId} is not in public/demo/docs.jsonl`);
}

/** One head's map (optionally without [CLS]/[SEP]) from an inspect output, as numbers. */
export function refMap(t: { dims: number[]; data: Float32Array }, tokens: string[], layer: number, head: number, hide = false): number[] {
  const [, , heads, seq] = t.dims; // [1, layers, heads, seq, seq]
  const keep = tokens.flatMap((tok, i) => (hide && ['[CLS]', '[SEP]', '[PAD]'].includes(tok) ? [] : [i]));
  const base = (layer * heads + head) * seq * seq;
  return keep.flatMap((i) => keep.map((j) => t.data[base + i * seq + j]));
}
