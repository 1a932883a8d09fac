import type { Hash } from 'node:crypto'
import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { type ParsedRecord, parseRecordFile } from './record'

/** A problem as the curated-data reader reports it: file (inside data/), record, reason. */
export interface FolderProblem {
  file: string
  record: string
  reason: string
}

/**
 * Every FOI record file of a folder (data/foi/*.yaml), in name order, each file's bytes fed to
 * `hash` so a changed record makes a changed dataset. A missing folder holds no records.
 */
export async function readFoiRecordFolder(dir: string, hash: Hash): Promise<{ records: ParsedRecord[]; problems: FolderProblem[] }> {
  let names: string[]
  try {
    names = (await readdir(dir)).filter((n) => n.endsWith('.yaml') || n.endsWith('.yml')).sort()
  } catch {
    return { records: [], problems: [] }
  }
  const records: ParsedRecord[] = []
  const problems: FolderProblem[] = []
  const ids = new Map<string, string>()
  for (const name of names) {
    const bytes = await readFile(join(dir, name))
    hash.update(`foi/${name}\0`).update(bytes).update('\0')
    const file = `foi/${name}`
    const parsed = parseRecordFile(file, bytes.toString('utf8'))
    for (const p of parsed.problems) problems.push({ file, record: `line ${p.line ?? '?'}${p.path ? ` ${p.path}` : ''}`, reason: p.reason })
    for (const r of parsed.records) {
      const other = ids.get(r.record.id)
      if (other) problems.push({ file, record: r.record.id, reason: `duplicate FOI record id (also in ${other})` })
      else ids.set(r.record.id, file)
      records.push({ ...r, file: join(dir, name) })
    }
  }
  return { records, problems }
}
