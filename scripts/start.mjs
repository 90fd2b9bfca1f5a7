#!/usr/bin/env node
// `npm start`: build the lab (once per change) and serve it on 127.0.0.1 with
// the cross-origin isolation headers, on the shipped demo data and models.
import { spawnSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';

const need = [
  ['public/demo/docs.jsonl', 'the demo world (regenerate: npm run gen:world)'],
  ['models/manifest.json', 'the shipped models (retrain: npm run train)'],
];
for (const [path, what] of need) {
  if (!existsSync(path)) {
    console.error(`prerank-lab: missing ${path} — ${what}.`);
    process.exit(1);
  }
}

const run = (cmd, args) => {
  const r = spawnSync(cmd, args, { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
};

// Doc embeddings for the shipped models are produced at setup, not committed,
// when the runtime's prepare step exists (see docs/ARCHITECTURE.md).
if (existsSync('scripts/prepare-embeddings.ts')) run('npx', ['tsx', 'scripts/prepare-embeddings.ts']);
run('npx', ['vite', 'build', '--logLevel', 'warn']);

const port = process.env.PORT ?? '4173';
console.log(`\nPrerank Lab: open http://127.0.0.1:${port}/  (Ctrl-C stops)\n`);
const server = spawn('npx', ['vite', 'preview', '--host', '127.0.0.1', '--port', port, '--strictPort'], { stdio: 'inherit' });
server.on('exit', (code) => process.exit(code ?? 0));
