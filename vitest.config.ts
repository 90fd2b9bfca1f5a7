// Unit tests run in Node: pure core, data, runtime-with-onnxruntime-node.
// Browser-only behaviour is covered by the Playwright specs in e2e/.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    environment: 'node',
    include: ['src/**/*.test.ts', 'scripts/**/*.test.ts', 'bench/**/*.test.ts'],
    testTimeout: 60_000,
    pool: 'forks',
  },
});
