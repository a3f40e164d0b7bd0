import { defineConfig } from 'vitest/config';

const src = new URL('./src/', import.meta.url).pathname;

export default defineConfig({
  // The package's `imports` map points at dist/ (what users get); tests run the sources' Node
  // halves, as tsconfig.json `paths` does for tsc and tsx. test/bundlers/ checks the dist side.
  resolve: {
    alias: {
      '#aws/platform': `${src}aws/platform-node.ts`,
      '#runtime/platform': `${src}runtime/platform-node.ts`,
      '#vendor/signature-v4': `${src}vendor/signature-v4.ts`,
      '#vendor/undici-agent': `${src}vendor/undici-agent.ts`,
    },
  },
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    reporters: ['default', './test/summary-reporter.ts'],
  },
});
