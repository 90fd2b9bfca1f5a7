// Lint: TypeScript rules, React hooks, and the layer boundaries of
// docs/ARCHITECTURE.md (src/core is pure; only src/runtime touches ONNX Runtime).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const ORT = ['onnxruntime-web', 'onnxruntime-web/*', 'onnxruntime-node', '@huggingface/tokenizers', '@huggingface/transformers'];

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
  {
    // NOTE: only src/runtime (and the Node CLI/bench built on it) talk to ONNX Runtime.
    files: ['src/**/*.{ts,tsx}'],
    ignores: ['src/runtime/**', 'src/cli/**', 'src/core/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ORT, message: 'Only src/runtime may import ONNX Runtime or tokenizers.' }] }],
    },
  },
);
