import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

const root = fileURLToPath(new URL('..', import.meta.url))

export default defineConfig({
  root,
  resolve: {
    // graphql 16 has no "exports": Node loads its CJS build for node_modules (Pothos, Yoga), while
    // Vite would give our sources the .mjs build — two realms, and "Cannot use GraphQLEnumType from
    // another module". Point our sources at the build Node uses.
    alias: [{ find: /^graphql$/, replacement: `${root}/node_modules/graphql/index.js` }],
  },
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 180_000,
    pool: 'forks',
  },
})
