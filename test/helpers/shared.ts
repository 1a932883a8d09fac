import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

/** ../shared beside the clone: present in CI, absent in a user's fresh clone. */
export const sharedDir = fileURLToPath(new URL('../../../shared/', import.meta.url))
export const realdataDir = `${sharedDir}realdata/`
export const seedsDir = `${sharedDir}seeds/`
export const hasShared = existsSync(`${realdataDir}MANIFEST.tsv`)

/** Title suffix that tells a reader why a suite was skipped. */
export const needsShared = hasShared ? '' : ' [skipped: ../shared/realdata is absent; it is present in CI]'
