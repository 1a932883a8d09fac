// The database's address, in one place: the default URL and how a `file:` URL names a file.
// Used by the API's Node entry, the migrations and every ingest command. Plain string work, so
// it runs on Node and in workerd alike.

/** Where `npm start`, the API and every ingest command keep the database unless told otherwise. */
export const DEFAULT_DB_URL = 'file:.data/consultwatch.db'

export class DatabaseUrlError extends Error {}

/** The file a `file:` URL (or a bare path) names; null for a remote URL such as libsql:// or https://. */
export function filePathOf(url: string): string | null {
  if (url === ':memory:' || url === 'file::memory:') return ':memory:'
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1]?.toLowerCase()
  // A one-letter "scheme" is a Windows drive (C:\data\x.db), so a path.
  if (scheme && scheme !== 'file' && !/^[a-z]$/i.test(scheme)) return null
  let path = scheme === 'file' ? url.slice('file:'.length) : url
  path = path.replace(/\?.*$/, '')
  if (path.startsWith('//')) path = path.slice(2)
  if (path === '') throw new DatabaseUrlError(`"${url}" names no file`)
  return path
}

/** The folder a file database lives in, which must exist before libsql can create the file; null otherwise. */
export function fileFolderOf(url: string): string | null {
  const path = filePathOf(url)
  if (path === null || path === ':memory:') return null
  const slash = path.lastIndexOf('/')
  return slash > 0 ? path.slice(0, slash) : slash === 0 ? '/' : '.'
}
