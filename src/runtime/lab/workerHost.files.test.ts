// The lab worker on precomputed embedding files (onnxruntime-node standing in
// for ORT-web, files through a stubbed fetch): a file that fits is decoded
// ahead (indexBuilder.ts prefetch) and used as it is; one made for another
// model is refused with a note and the tower's docs are encoded instead. The
// cold-start timeline (timeline.ts) records the steps in order.
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { EncodeProgress } from '../api';
import { openNodeEngine, writeEmbeddingFile } from '../ort/node';
import type { WorkerEvent } from './protocol';
import { writeToyWorld } from '../testing/toyWorld';

vi.mock('../ort/ortWeb', () => import('../testing/ortWebOnNode'));

afterEach(() => vi.unstubAllGlobals());
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('WorkerHost with precomputed embedding files', () => {
  it('uses a file that fits, refuses one made for another model, and marks the steps', async () => {
    const world = writeToyWorld(mkdtempSync(join(tmpdir(), 'prerank-files-')));
    const embDir = mkdtempSync(join(tmpdir(), 'prerank-emb-'));
    const ref = await openNodeEngine({ modelsDir: world.modelsDir, docsPath: world.docsPath });
    await writeEmbeddingFile(ref, 'student', join(embDir, 'student.emb'));
    // the student's file under the teacher's name: its header names the student's graph
    await writeEmbeddingFile(ref, 'student', join(embDir, 'teacher.emb'));
    vi.stubGlobal('fetch', async (url: string) => {
      const path = url === '/d.jsonl' ? world.docsPath
        : url.startsWith('/e/') ? join(embDir, url.slice(3)) : join(world.modelsDir, url.replace(/^\/m\//, ''));
      return existsSync(path) ? new Response(readFileSync(path)) : new Response('missing', { status: 404 });
    });
    const { WorkerHost } = await import('./workerHost');
    const events: WorkerEvent[] = [];
    const host = new WorkerHost((e) => events.push(e));
    await host.init({ backend: 'wasm', threads: 1, modelsUrl: '/m/', docsUrl: '/d.jsonl', queriesUrl: '/q', qrelsUrl: '/r', embeddingsUrl: '/e/' });
    const done = (id: string): EncodeProgress | undefined => events
      .flatMap((e) => (e.type === 'encode' && e.progress.modelId === id && e.progress.state === 'done' ? [e.progress] : []))[0];
    for (let i = 0; i < 500 && !(done('student') && done('teacher')); i++) await sleep(10);
    expect(done('student')).toMatchObject({ source: 'file' });
    expect(done('teacher')?.source).toBe('encoded');
    expect(done('teacher')?.note).toMatch(/precomputed embeddings not used: embedding file: made for model/);

    // The file's scores are the reference engine's on the same file (fp16 both ways).
    const req = { query: '湖人集锦', models: ['student'], topK: 3, zone: 'all' as const };
    const got = await host.rank(req);
    const refIndexed = await openNodeEngine({ modelsDir: world.modelsDir, docsPath: world.docsPath, embeddingsDir: embDir, models: ['student'] });
    const want = await refIndexed.rank(req);
    const col = (r: typeof want) => r.columns.find((c) => c.modelId === 'student')!.results;
    expect(col(got).map((d) => d.doc)).toEqual(col(want).map((d) => d.doc));
    col(got).forEach((d, i) => expect(Math.abs(d.score - col(want)[i].score)).toBeLessThan(1e-6));

    const marks = (await host.timeline()).map((m) => m.name);
    const at = (name: string) => marks.indexOf(name);
    expect(at('worker: init received')).toBeGreaterThanOrEqual(0);
    expect(at('student: embedding file fetched and decoded')).toBeGreaterThan(at('worker: init received'));
    expect(at('student: index ready (file)')).toBeGreaterThan(at('student: embedding file fetched and decoded'));
    expect(at('worker: first rank answered with tower results')).toBeGreaterThan(at('student: index ready (file)'));
    await Promise.all([ref.release(), refIndexed.release()]);
  });
});
