import { defineConfig } from 'vitest/config';
import { resolve } from 'node:path';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    // The real names.txt for the seeds' model tests: $POISE_DATA, or ../shared/data beside the checkout as in CI.
    env: { POISE_DATA: process.env.POISE_DATA ?? resolve(__dirname, '../../../shared/data') },
  },
});
