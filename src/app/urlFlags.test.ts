import { describe, expect, it } from 'vitest';
import { initOptionsFromUrl } from '../runtime/lab/client';
import { parseUrlFlags } from './urlFlags';

describe('start-up URL flags', () => {
  it('reads every flag once, with the runtime client\'s own parsers (so its prestarted worker is kept)', () => {
    const search = '?backend=wasm&threads=2&q=%E5%BA%86&models=a,b&embeddings=none&docLimit=50&kernel=off';
    expect(parseUrlFlags({ search, hash: '#v=1&q=x' })).toEqual({
      backend: 'wasm', linkNamesBackend: false, query: '庆', threads: 2, init: initOptionsFromUrl(search),
    });
    expect(parseUrlFlags({ search, hash: '' }).init).toEqual({ only: ['a', 'b'], embeddingsUrl: '', docLimit: 50, kernel: false });
  });

  it('a bare URL asks for nothing; a link naming its backend is noted (its `b=` wins over `?backend=`)', () => {
    expect(parseUrlFlags({ search: '', hash: '' })).toEqual({ backend: 'auto', linkNamesBackend: false, query: null, threads: undefined, init: {} });
    expect(parseUrlFlags({ search: '?backend=webgpu', hash: '#v=1&b=wasm' })).toMatchObject({ backend: 'webgpu', linkNamesBackend: true });
  });
});
