// `npm run foi:schema`: writes data/foi/record.schema.json from the zod definition of an FOI
// record, so editors can check a record as it is typed. A test fails when the file is stale.
import { writeFileSync } from 'node:fs'
import { recordJsonSchema } from './record'

const out = new URL('../../data/foi/record.schema.json', import.meta.url)
writeFileSync(out, `${JSON.stringify(recordJsonSchema(), null, 2)}\n`)
process.stdout.write(`wrote ${out.pathname}\n`)
