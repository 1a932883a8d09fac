import { createClient } from '@libsql/client'
import { dbFromLibsql } from './schema/client'
import { createApp } from './api/app'
const db = dbFromLibsql(createClient({ url: 'file:/tmp/cw9.db' }))
const app = createApp({ db: () => db })
for (const path of process.argv.slice(2)) {
  const res = await app.request(path)
  const text = await res.text()
  console.log(res.status, JSON.stringify(Object.fromEntries(res.headers)))
  console.log(text.split('\n').slice(0, 6).join('\n'), '... lines:', text.split('\n').length)
}
