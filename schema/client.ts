import type { Client } from '@libsql/client/web'
import type { Logger } from 'drizzle-orm/logger'
import { drizzle as drizzleD1 } from 'drizzle-orm/d1'
import { drizzle as drizzleLibsql } from 'drizzle-orm/libsql/web'
import type { Db } from './db'
import { relations } from './relations'

export interface DbOptions {
  /** Receives every SQL statement; tests use it to count queries. */
  logger?: Logger
}

/** A drizzle client over a libsql client: an embedded file on Node, or Turso over HTTP. */
export function dbFromLibsql(client: Client, options: DbOptions = {}): Db {
  return drizzleLibsql({ client, relations, logger: options.logger ?? false }) as unknown as Db
}

/** A drizzle client over a Cloudflare D1 binding. */
export function dbFromD1(binding: D1Database, options: DbOptions = {}): Db {
  return drizzleD1(binding, { relations, logger: options.logger ?? false }) as unknown as Db
}
