// The waiting message says where the load sequence is, not just which model it waits for.
import { describe, expect, it } from 'vitest';
import type { ClientSnapshot } from '../../runtime/lab/client';
import type { ManifestModel } from '../../runtime/api';
import { encodeRate, loadProgress, towerWait } from './readiness';

const model = (id: string, kind: ManifestModel['kind']) => ({ id, kind }) as ManifestModel;
const snap = (models: ClientSnapshot['models'], encode: ClientSnapshot['encode'] = {}): ClientSnapshot => ({
  version: 1, backend: null, docs: null, rows: [], startedAt: 0, models, encode,
  manifest: { version: 1, models: [model('teacher', 'tower'), model('fine', 'cross'), model('a', 'tower'), model('b', 'tower'), model('h', 'head')] },
});

describe('readiness', () => {
  it('counts ready, loading and queued models (heads are not loaded by the worker)', () => {
    const s = snap({ a: { id: 'a', state: 'ready' }, b: { id: 'b', state: 'loading' } });
    expect(loadProgress(s)).toBe('1 of 4 models ready; loading b; 2 queued');
    expect(towerWait(s, 'teacher')).toBe('Waiting for model teacher to load (1 of 4 models ready; loading b; 2 queued)…');
  });

  it('a failed model and a doc index that is not ready are named', () => {
    const s = snap({ a: { id: 'a', state: 'error', error: 'bad graph' }, b: { id: 'b', state: 'ready' }, teacher: { id: 'teacher', state: 'ready' } },
      { b: { modelId: 'b', done: 5, total: 10, docsPerSec: 1, etaS: 5, state: 'running' } });
    expect(towerWait(s, 'a')).toBe('Model a failed to load: bad graph');
    expect(towerWait(s, 'b')).toBe('Encoding the doc set with b: 5/10…');
    expect(towerWait(s, 'teacher')).toBe('Waiting for the doc index of teacher…');
  });

  it('a model the backend cannot run says why, instead of waiting for ever', () => {
    const s = snap({ a: { id: 'a', state: 'skipped', error: 'not loaded: an fp16 graph needs WebGPU shader-f16' }, b: { id: 'b', state: 'skipped' } });
    expect(towerWait(s, 'a')).toBe('Model a is not loaded: an fp16 graph needs WebGPU shader-f16.');
    expect(towerWait(s, 'b')).toBe('Model b is not loaded (left out by ?models=).');
  });

  it('encoding progress never shows an ETA of Infinity or NaN', () => {
    expect(encodeRate({ docsPerSec: 0, etaS: Infinity })).toBe('measuring speed…');
    expect(encodeRate({ docsPerSec: 0, etaS: Number.NaN })).toBe('measuring speed…');
    expect(encodeRate({ docsPerSec: 120.4, etaS: 16.2 })).toBe('120 docs/s · ETA 17 s');
    expect(encodeRate({ docsPerSec: 10, etaS: 600 })).toBe('10 docs/s · ETA 10 min');
  });
});
