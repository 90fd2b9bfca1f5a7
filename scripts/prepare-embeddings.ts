// Setup step (npm start, npm test): precompute the shipped towers' doc
// embeddings for the demo doc set into public/embeddings/<id>.emb (git-ignored,
// served at /embeddings/). Skips files whose header already names the current
// model and doc-set hashes; skips quietly when models or demo data are absent.
import { existsSync } from 'node:fs';
import { runCli } from '../src/cli/commands';

const models = process.env.PRERANK_MODELS ?? 'models';
const docs = process.env.PRERANK_DOCS ?? 'public/demo/docs.jsonl';
if (!existsSync(`${models}/manifest.json`) || !existsSync(docs)) {
  console.log(`prepare-embeddings: ${!existsSync(docs) ? docs : `${models}/manifest.json`} not found — nothing to precompute (the lab will encode in the browser).`);
} else {
  const code = await runCli(['encode', '--models', models, '--docs', docs, '--out', 'public/embeddings'], {
    out: (s) => process.stdout.write(s),
    err: (s) => process.stderr.write(`prepare-embeddings: ${s.endsWith('\n') ? s : `${s}\n`}`),
  });
  process.exitCode = code;
}
