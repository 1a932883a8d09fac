import { defineConfig } from 'drizzle-kit'

// drizzle-kit writes SQL migrations here from schema/tables; `npm run db:generate` after a table change.
export default defineConfig({
  dialect: 'sqlite',
  schema: './schema/tables/index.ts',
  out: './migrations',
})
