import { resolve } from 'node:path';
import { defineConfig } from 'vitest/config';

/**
 * Two kinds of tests:
 * - `unit`: this package's own tests (test/*.test.ts).
 * - `conformance-wasm` / `conformance-auto`: @poise/tensor's behavioural test files, unchanged, run with the
 *   `wasm` or `auto` backend selected (test/setup/conformance.ts). `@poise/tensor` resolves to the tensor
 *   sources here, so this package and those tests share one module instance (one backend registry).
 *   matmul-kernel.test.ts is left out: it unit-tests the js backend's GEMM kernel, not the Backend interface.
 */
const tensorRoot = resolve(__dirname, '../tensor');
const alias = [{ find: /^@poise\/tensor$/, replacement: resolve(tensorRoot, 'src/index.ts') }];

const conformance = (mode: 'wasm' | 'auto') => ({
  extends: true as const,
  test: {
    name: `conformance-${mode}`,
    root: tensorRoot,
    include: ['test/**/*.test.ts'],
    exclude: ['test/matmul-kernel.test.ts', '**/node_modules/**'],
    setupFiles: [resolve(__dirname, 'test/setup/conformance.ts')],
    env: { POISE_BACKEND: mode },
  },
});

export default defineConfig({
  resolve: { alias },
  test: {
    testTimeout: 120_000,
    poolOptions: { forks: { execArgv: ['--expose-gc'] } },
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/**/*.test.ts'] } },
      conformance('wasm'),
      conformance('auto'),
    ],
  },
});
