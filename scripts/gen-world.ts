// Generates the demo world: `npm run gen:world -- [--seed 42] [--docs 20000]
// [--out public/demo] [--clicks] [--impressions 500000]`. Deterministic: the
// same flags give byte-identical files. Docs are streamed to disk.

import { buildWorld, type WorldArgs } from './world/build';

type Args = Omit<WorldArgs, 'log' | 'clicksPath'>;

function parseArgs(argv: string[]): Args {
  const a: Args = { seed: 42, docs: 20000, out: 'public/demo', clicks: false, impressions: 500000, perIntent: 400 };
  for (let i = 0; i < argv.length; i++) {
    const k = argv[i];
    const num = (): number => {
      const v = Number(argv[++i]);
      if (!Number.isInteger(v) || v < 0) throw new Error(`${k} needs a non-negative integer`);
      return v;
    };
    if (k === '--seed') a.seed = num();
    else if (k === '--docs') a.docs = num();
    else if (k === '--out') a.out = argv[++i];
    else if (k === '--clicks') a.clicks = true;
    else if (k === '--impressions') a.impressions = num();
    else if (k === '--per-intent') a.perIntent = num();
    else throw new Error(`unknown flag ${k}`);
  }
  if (a.docs < 2000 || a.docs > 1_000_000) throw new Error('--docs must be in [2000, 1000000]');
  return a;
}

buildWorld(parseArgs(process.argv.slice(2)));
