// Build-time script (Node only; nothing at run time imports it): writes schema/schema.graphql,
// the committed SDL that clients read and test/schema/sdl.test.ts compares with the live schema.
import { writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { printSchema } from 'graphql'
import { schema } from './graphql/index'

export const sdlPath = fileURLToPath(new URL('./schema.graphql', import.meta.url))

export function printSdl(): string {
  return `${printSchema(schema).trim()}\n`
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(sdlPath, printSdl())
  console.log(`wrote ${sdlPath}`)
}
