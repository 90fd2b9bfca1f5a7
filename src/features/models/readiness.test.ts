// The waiting message says where the load sequence is, not just which model it waits for.
import { describe, expect, it } from 'vitest';
import type { ClientSnapshot } from '../../runtime/client';
import type { ManifestModel } from '../../runtime/api';
import { loadProgress, towerWait } from './readiness';

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
});
