// End-to-end tests: a production build served by `vite preview` (with the
// cross-origin isolation headers), driven in Debian's Chromium. Never a
// downloaded browser. Two projects: the WASM path and the WebGPU path
// (headless SwiftShader), chosen per spec by file name.
import { defineConfig } from '@playwright/test';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const QUIET = [
  '--no-sandbox', '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--no-first-run', '--disable-quic',
];
const PORT = Number(process.env.E2E_PORT ?? 4317);

export default defineConfig({
  testDir: 'e2e',
  timeout: 180_000,
  expect: { timeout: 60_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  use: { baseURL: `http://127.0.0.1:${PORT}`, trace: 'off' },
  webServer: {
    command: `npx vite preview --host 127.0.0.1 --port ${PORT} --strictPort`,
    url: `http://127.0.0.1:${PORT}`,
    reuseExistingServer: false,
    timeout: 60_000,
  },
  projects: [
    {
      name: 'wasm',
      testMatch: /.*\.wasm\.spec\.ts|.*\.any\.spec\.ts/,
      use: { launchOptions: { executablePath: CHROMIUM, args: [...QUIET, '--disable-gpu'] } },
    },
    {
      name: 'webgpu',
      testMatch: /.*\.webgpu\.spec\.ts/,
      use: {
        launchOptions: {
          executablePath: CHROMIUM,
          args: [...QUIET, '--enable-unsafe-webgpu', '--enable-features=Vulkan', '--use-angle=swiftshader', '--use-webgpu-adapter=swiftshader'],
        },
      },
    },
  ],
});
