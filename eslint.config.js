// Lint: TypeScript rules, React hooks, and the layer boundaries of
// docs/ARCHITECTURE.md (src/core is pure; only src/runtime touches ONNX Runtime, and there only
// src/runtime/ort/ loads it;
// a panel never imports another panel; services never import panels; state never
// imports the runtime; the CLI and bench never import panels or the store).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import { readdirSync } from 'node:fs';

const ORT = ['onnxruntime-web', 'onnxruntime-web/*', 'onnxruntime-node', '@huggingface/tokenizers', '@huggingface/transformers'];
const NO_ORT = { group: ORT, message: 'Only src/runtime may import ONNX Runtime or tokenizers.' };
// The panel folders (src/features/<panel>/), each its own import boundary.
const PANELS = readdirSync(new URL('./src/features', import.meta.url), { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);

/** A relative import that climbs out of its folder into one of `dirs` (e.g. '../../features/x'). */
const upward = (dirs, message) => ({ regex: `^(?:\\.\\./)+(?:${dirs.join('|')})(?:/|$)`, message });

/** One no-restricted-imports block: `files` minus `ignores` get exactly these patterns. */
const restrict = (files, ignores, patterns) => ({ files: [files], ignores, rules: { 'no-restricted-imports': ['error', { patterns }] } });

export default tseslint.config(
  { ignores: ['.scratch/**', 'dist/**', 'node_modules/**', 'training/**', 'models/**', 'public/**', 'data/**', 'test-results/**', 'playwright-report/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // Node scripts (plain JS entry points).
    files: ['**/*.{js,mjs,cjs}'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    // NOTE: src/core is pure math and codecs, tested in Node without a browser.
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['react', 'react-dom', 'react/*', 'react-dom/*'], message: 'src/core must not import React.' },
          { group: ['zustand', 'zustand/*'], message: 'src/core must not import zustand.' },
          { group: ORT, message: 'src/core must not import ONNX Runtime or tokenizers (that is src/runtime).' },
          { group: ['node:*', 'fs', 'path', 'os'], message: 'src/core must not import Node built-ins.' },
          { group: ['**/runtime/**', '**/state/**', '**/features/**', '**/components/**', '**/workers/**'], message: 'src/core must not import the layers above it.' },
        ],
      }],
      'no-restricted-globals': ['error',
        { name: 'window', message: 'src/core must not touch the DOM.' },
        { name: 'document', message: 'src/core must not touch the DOM.' },
        { name: 'navigator', message: 'src/core must not touch the DOM.' },
        { name: 'localStorage', message: 'src/core must not touch the DOM.' },
        { name: 'indexedDB', message: 'src/core must not touch the DOM.' },
      ],
    },
  },
  // NOTE: one block per file set below. ESLint replaces (does not merge) a rule's options when a
  // later block matches the same file, so every block repeats the ONNX Runtime pattern it needs.
  restrict('src/**/*.{ts,tsx}', ['src/runtime/**', 'src/cli/**', 'src/core/**', 'src/features/*/**', 'src/services/**', 'src/state/**', 'src/components/**', 'src/workers/**'], [NO_ORT]),
  // Inside src/runtime only the ORT room's modules load an ONNX Runtime build (ortWeb.ts: the
  // browser's, node.ts: Node's; ort.ts types both); the rest takes an OrtApi value (Node tests may
  // import onnxruntime-node to build fixtures).
  restrict('src/runtime/**/*.ts', ['src/runtime/ort/**', 'src/runtime/**/*.test.ts', 'src/runtime/testing/**'], [
    { group: ['onnxruntime-web', 'onnxruntime-web/*', 'onnxruntime-node', 'onnxruntime-common'], message: 'Only src/runtime/ort/ imports ONNX Runtime (take an OrtApi from ort/ort.ts).' },
  ]),
  // A panel never imports another panel: what two panels share lives in src/services (or
  // src/components for shared UI), so each panel folder can be read, moved or deleted alone.
  ...PANELS.map((panel) => restrict(`src/features/${panel}/**/*.{ts,tsx}`, [], [NO_ORT, {
    regex: `^(?:\\.\\./(?!\\.\\.?/)(?!(?:${panel}|types)(?:/|$))|(?:\\.\\./)+features/(?!${panel}(?:/|$)))`,
    message: `A panel never imports another panel (src/features/${panel} → src/features/…): move what they share to src/services.`,
  }])),
  // Services sit between the panels and runtime + state: they never import a panel or the shell.
  restrict('src/services/**/*.{ts,tsx}', [], [NO_ORT, upward(['features', 'app'], 'src/services never imports src/features or src/app (take callbacks instead, as urlSync does).')]),
  // The store holds inputs: it never reaches up to the runtime, the services or the panels.
  restrict('src/state/**/*.ts', [], [NO_ORT, upward(['runtime', 'services', 'features', 'app'], 'src/state never imports src/runtime, src/services, src/features or src/app.')]),
  restrict('src/components/**/*.{ts,tsx}', [], [NO_ORT, upward(['features', 'app'], 'src/components never imports a panel or the shell.')]),
  restrict('src/workers/**/*.ts', [], [NO_ORT, upward(['features', 'app', 'components'], 'A worker entry never imports a panel, the shell or UI.')]),
  // The Node entry points run without a page: no panels, no store.
  restrict('src/cli/**/*.ts', [], [upward(['features', 'state'], 'src/cli never imports src/features or src/state.')]),
  restrict('bench/**/*.ts', [], [upward(['src/features', 'src/state'], 'bench/ never imports src/features or src/state.')]),
);
