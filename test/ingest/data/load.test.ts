import { afterEach, describe, expect, it } from 'vitest'
import { loadDataset } from '../../../ingest/data/load'
import { type Dataset, DatasetError, readDataset } from '../../../ingest/data/read'
import { datasetStatements } from '../../../ingest/data/statements'
import { cleanUp, count, dataCopy, dataDir, shippedRecords, snapshot, tempDb } from './helpers'

afterEach(cleanUp)

type Row = Record<string, unknown>

async function rows(client: Awaited<ReturnType<typeof tempDb>>['client'], query: string, args: Array<string | number> = []): Promise<Row[]> {
  const result = await client.execute({ sql: query, args })
  return result.rows.map((row) => Object.fromEntries(result.columns.map((c) => [c, row[c]])))
}

describe('loadDataset with the shipped data', () => {
  it('loads every record and says how many', async () => {
    const { db, client } = await tempDb()
    const dataset = await readDataset(dataDir)
    const summary = await loadDataset(db, dataset)
    expect(summary.hash).toBe(dataset.hash)
    expect(await count(client, 'sources')).toBe(summary.counts.sources)
    expect(await count(client, 'bodies')).toBe(summary.counts.bodies)
    expect(await count(client, 'body_aliases')).toBe(summary.counts.bodyAliases)
    expect(await count(client, 'suppliers')).toBe(summary.counts.suppliers)
    expect(await count(client, 'supplier_aliases')).toBe(summary.counts.supplierAliases)
    expect(await count(client, 'programmes')).toBe(summary.counts.programmes)
    expect(await count(client, 'programme_bodies')).toBe(summary.counts.programmeBodies)
    expect(await count(client, 'total_place_pilots')).toBe(summary.counts.pilots)
    expect(await count(client, 'total_place_pilot_bodies')).toBe(summary.counts.pilotBodies)
    expect(await count(client, 'total_place_pilot_themes')).toBe(summary.counts.pilotThemes)
    expect(await count(client, 'contracts')).toBe(summary.counts.contracts)
    expect(await count(client, 'savings_claims')).toBe(summary.counts.savingsClaims)
    expect(await count(client, 'claim_relations')).toBe(summary.counts.claimRelations)
    expect(await count(client, 'hedges')).toBe(summary.counts.hedges)
    expect(await count(client, 'unit_costs')).toBe(summary.counts.unitCosts)
    expect(await count(client, 'customer_segments')).toBe(summary.counts.customerSegments)
    expect(await count(client, 'outcomes')).toBe(summary.counts.outcomes)
    expect(await count(client, 'foi_requests')).toBe(summary.counts.foiRequests)
    expect(await count(client, 'citations')).toBe(summary.counts.citations)
    expect(await rows(client, `SELECT key, value FROM meta WHERE key IN ('dataset_hash', 'data_version') ORDER BY key`)).toEqual([
      { key: 'data_version', value: summary.dataVersion },
      { key: 'dataset_hash', value: dataset.hash },
    ])
  })

  it('round-trips the Haringey award to iMPOWER in pence, with its inferred date', async () => {
    const { db, client } = await tempDb()
    await loadDataset(db, await readDataset(dataDir))
    const [contract] = await rows(
      client,
      `SELECT c.value_pence, c.contingent_pence, c.vat_basis, c.value_kind, c.decided_on, c.decided_precision, c.decided_inferred, c.status, b.name AS buyer, s.name AS supplier
       FROM contracts c JOIN bodies b ON b.id = c.buyer_id JOIN suppliers s ON s.id = c.supplier_id
       JOIN supplier_aliases a ON a.supplier_id = s.id WHERE a.raw_name = 'iMPOWER'`,
    )
    expect(contract).toEqual({
      value_pence: 200_000_000,
      contingent_pence: 65_000_000,
      vat_basis: 'unknown',
      value_kind: 'award',
      decided_on: '2014-01-14',
      decided_precision: 'day',
      decided_inferred: 1,
      status: 'proposed',
      buyer: 'London Borough of Haringey',
      supplier: 'Impower Consulting Ltd',
    })
  })

  it("round-trips DCLG's two Tribal contracts: £218,000 and £60,000 net, £278,000 in all", async () => {
    const { db, client } = await tempDb()
    await loadDataset(db, await readDataset(dataDir))
    const tribal = await rows(
      client,
      `SELECT c.title, c.value_pence, c.vat_basis FROM contracts c JOIN suppliers s ON s.id = c.supplier_id
       WHERE s.name = 'Tribal' AND c.buyer_id = (SELECT body_id FROM body_aliases WHERE alias = 'DCLG') ORDER BY c.value_pence DESC`,
    )
    expect(tribal).toEqual([
      { title: 'Spend Counting and Deep Dive', value_pence: 21_800_000, vat_basis: 'net' },
      { title: 'Customer Insight', value_pence: 6_000_000, vat_basis: 'net' },
    ])
    expect(tribal.reduce((sum, c) => sum + Number(c.value_pence), 0)).toBe(27_800_000)
    const [foi] = await rows(client, `SELECT f.platform, f.status, s.kind FROM foi_requests f JOIN sources s ON s.id = f.response_source_id`)
    expect(foi).toEqual({ platform: 'WhatDoTheyKnow', status: 'successful', kind: 'foi_response' })
  })

  it('loads the 13 Total Place pilots, each with member councils and a region', async () => {
    const { db, client } = await tempDb()
    await loadDataset(db, await readDataset(dataDir))
    const pilots = await rows(
      client,
      `SELECT p.name, p.region, count(pb.body_id) AS members FROM total_place_pilots p
       JOIN programmes g ON g.id = p.programme_id AND g.name = 'Total Place'
       JOIN total_place_pilot_bodies pb ON pb.pilot_id = p.id GROUP BY p.id ORDER BY p.name`,
    )
    const shipped = await shippedRecords('total-place.yaml')
    expect(pilots).toHaveLength(13)
    expect(pilots).toEqual(
      shipped
        .map((p) => ({ name: p.name, region: p.region, members: (p.bodies as string[]).length }))
        .sort((a, b) => String(a.name).localeCompare(String(b.name))),
    )
    // A pilot's themes are only what a source names as a Total Place theme: the shipped files name none.
    const themes = await rows(client, `SELECT p.name, t.theme FROM total_place_pilot_themes t JOIN total_place_pilots p ON p.id = t.pilot_id ORDER BY p.name`)
    expect(themes).toEqual(shipped.flatMap((p) => ((p.themes as Array<{ theme: string }> | undefined) ?? []).map((t) => ({ name: p.name, theme: t.theme }))))
  })

  it("round-trips the savings claims' low and high in pence", async () => {
    const { db, client } = await tempDb()
    await loadDataset(db, await readDataset(dataDir))
    const claims = await rows(
      client,
      `SELECT title, scenario, low_pence, high_pence, qualifier, basis, horizon_years FROM savings_claims
       WHERE claimant_id = (SELECT body_id FROM body_aliases WHERE alias = 'Haringey Council') ORDER BY low_pence`,
    )
    expect(claims.map((c) => [c.low_pence, c.high_pence, c.qualifier, c.basis, c.horizon_years, c.scenario])).toEqual([
      [151_000_000, 151_000_000, 'exact', 'per_year', null, null],
      [810_000_000, 890_000_000, 'range', 'over_horizon', 5, null],
      [843_000_000, 843_000_000, 'exact', 'over_horizon', 4, 'CRM system'],
      [916_000_000, 1_317_000_000, 'range', 'over_horizon', 5, null],
      [917_000_000, 917_000_000, 'exact', 'over_horizon', 4, 'web system'],
    ])
    const [police] = await rows(
      client,
      `SELECT o.amount_pence, o.qualifier, c.qualifier AS target_qualifier, c.low_pence AS target FROM outcomes o JOIN savings_claims c ON c.id = o.claim_id
       WHERE o.body_id = (SELECT body_id FROM body_aliases WHERE alias = 'Police Scotland')`,
    )
    expect(police).toEqual({ amount_pence: 7_200_000_000, qualifier: 'at_least', target_qualifier: 'not_stated', target: null })
  })

  it('re-loading the same dataset changes nothing but the data version', async () => {
    const { db, client } = await tempDb()
    const dataset = await readDataset(dataDir)
    const first = await loadDataset(db, dataset)
    const before = await snapshot(client, { ignoreMeta: ['data_version'] })
    const second = await loadDataset(db, dataset)
    expect(await snapshot(client, { ignoreMeta: ['data_version'] })).toEqual(before)
    expect(second.dataVersion).not.toBe(first.dataVersion)
  })

  it('keeps every statement under D1’s 100 bound parameters', async () => {
    const dataset = await readDataset(dataDir)
    for (const statement of datasetStatements(dataset, { dataVersion: 'v' })) {
      expect(statement.params.length).toBeLessThanOrEqual(100)
    }
  })
})

describe('loadDataset leaves the database as it was when anything fails', () => {
  it('a broken data folder is refused before the database is touched', async () => {
    const { db, client } = await tempDb()
    await loadDataset(db, await readDataset(dataDir))
    const before = await snapshot(client)
    for (const breakIt of [
      (records: Row[]) => delete records[0]?.title,
      (records: Row[]) => records[0] && (records[0].buyer = 'no-such-council'),
      (records: Row[]) => records.push({ ...records[1], id: records[0]?.id }),
    ]) {
      const copy = await dataCopy()
      await copy.edit('contracts.yaml', breakIt)
      const error = await readDataset(copy.dir).then(
        (dataset) => loadDataset(db, dataset),
        (e: unknown) => e,
      )
      expect(error).toBeInstanceOf(DatasetError)
      expect((error as DatasetError).problems[0]).toMatchObject({ file: 'contracts.yaml', record: expect.any(String), reason: expect.any(String) })
      expect(await snapshot(client)).toEqual(before)
    }
  })

  it('a write failing half-way through the batch rolls every write back', async () => {
    const { db, client } = await tempDb()
    const dataset = await readDataset(dataDir)
    await loadDataset(db, dataset)
    const before = await snapshot(client)
    // Valid to the reader's eye but not to the database: the last citation points at no contract,
    // so the batch fails after it has already cleared and refilled the curated tables.
    const broken: Dataset = {
      ...dataset,
      hash: 'broken',
      programmes: dataset.programmes.map((p) => ({ ...p, name: `${p.name} (changed)` })),
      citations: [...dataset.citations, { ...dataset.citations[0]!, id: dataset.citations.length + 1, bodyId: null, contractId: 'no-such-contract' }],
    }
    await expect(loadDataset(db, broken)).rejects.toThrow(/FOREIGN KEY/)
    expect(await snapshot(client)).toEqual(before)
  })

  it('a curated name already held by an ingested body is refused with the record named', async () => {
    const { db, client } = await tempDb()
    const dataset = await readDataset(dataDir)
    const leeds = dataset.bodies.find((b) => b.name === 'Leeds City Council')!
    await client.execute(`INSERT INTO bodies (id, name, kind, origin) VALUES ('leeds-from-ingest', 'Leeds City Council', 'other', 'ingest')`)
    const before = await snapshot(client)
    const error = await loadDataset(db, dataset).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(DatasetError)
    expect((error as DatasetError).problems).toEqual([
      { file: 'bodies.yaml', record: leeds.id, reason: expect.stringContaining('already belongs to ingested body "leeds-from-ingest"') },
    ])
    expect(await snapshot(client)).toEqual(before)
  })
})

describe('loadDataset beside FOI and ingested facts with the same id', () => {
  it('refuses a curated contract, claim, outcome or FOI request whose id another loader holds, and writes nothing', async () => {
    const { db, client } = await tempDb()
    const shipped = await readDataset(dataDir)
    // data/foi.yaml is empty today: one curated request for the foi_requests case.
    const request = { id: 'curated-request', authorityId: shipped.bodies[0]!.id, title: 'A request', status: 'successful' as const }
    const dataset = { ...shipped, foiRequests: [...shipped.foiRequests, request] }
    await loadDataset(db, dataset)
    // As if an FOI record or a list ingest had written a row under each of these ids first.
    const taken = [
      { table: 'contracts', file: 'contracts.yaml', id: dataset.contracts[0]!.id, origin: 'foi' },
      { table: 'savings_claims', file: 'claims.yaml', id: dataset.savingsClaims[0]!.id, origin: 'foi' },
      { table: 'outcomes', file: 'outcomes.yaml', id: dataset.outcomes[0]!.id, origin: 'foi' },
      { table: 'foi_requests', file: 'foi.yaml', id: request.id, origin: 'ingest' },
    ]
    for (const t of taken) await client.execute({ sql: `UPDATE ${t.table} SET origin = ? WHERE id = ?`, args: [t.origin, t.id] })
    const before = await snapshot(client)
    const error = await loadDataset(db, { ...dataset, hash: `${dataset.hash}-again` }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(DatasetError)
    expect((error as DatasetError).problems).toEqual(
      taken.map((t) => ({ file: t.file, record: t.id, reason: expect.stringContaining(`of origin ${t.origin}`) })),
    )
    expect(await snapshot(client)).toEqual(before)
  })
})

describe('loadDataset beside ingested rows', () => {
  /** The dataset without one supplier and every fact that names it. */
  function withoutSupplier(dataset: Dataset, supplierId: string): Dataset {
    const contracts = new Set(dataset.contracts.filter((c) => c.supplierId === supplierId).map((c) => c.id))
    return {
      ...dataset,
      hash: `${dataset.hash}-without-${supplierId}`,
      suppliers: dataset.suppliers.filter((s) => s.id !== supplierId),
      supplierAliases: dataset.supplierAliases.filter((a) => a.supplierId !== supplierId),
      contracts: dataset.contracts.filter((c) => !contracts.has(c.id)),
      savingsClaims: dataset.savingsClaims.filter((c) => !c.contractId || !contracts.has(c.contractId)),
      hedges: dataset.hedges.filter((h) => !h.contractId || !contracts.has(h.contractId)),
      citations: dataset.citations.filter((c) => c.supplierId !== supplierId && !(c.contractId && contracts.has(c.contractId))),
    }
  }

  it('never deletes ingested rows, nor a removed curated supplier that payments still use', async () => {
    const { db, client } = await tempDb()
    const dataset = await readDataset(dataDir)
    await loadDataset(db, dataset)
    const [kept, dropped] = dataset.suppliers
    const body = dataset.bodies[0]!
    // A spend-file source no alias names: it leaves data/ below, but an ingested spend file cites it.
    const source = dataset.sources.find((s) => s.kind === 'spend_file' && !dataset.bodyAliases.some((a) => a.sourceId === s.id))!
    await client.batch(
      [
        `INSERT INTO bodies (id, name, kind, origin) VALUES ('ingested-body', 'An Ingested Council', 'other', 'ingest')`,
        `INSERT INTO suppliers (id, name, origin) VALUES ('ingested-supplier', 'Acme Ltd', 'ingest')`,
        `INSERT INTO supplier_aliases (supplier_id, raw_name, normalised, method, origin) VALUES ('ingested-supplier', 'ACME LTD', 'acme ltd', 'exact', 'ingest')`,
        `INSERT INTO body_aliases (body_id, alias, normalised, origin) VALUES ('${body.id}', 'Some Raw Council Name', 'some raw council name', 'ingest')`,
        `INSERT INTO spend_files (id, source_id, body_id, file_name, sha256, encoding, delimiter, header_line, columns, rows_read, accepted, rejected, skipped, totals_pence, ingested_at)
         VALUES (1, '${source.id}', '${body.id}', 'x.csv', 'abc', 'utf-8', ',', 1, '{}', 1, 1, 0, 0, '{}', '2024-01-01T00:00:00Z')`,
        `INSERT INTO payments (spend_file_id, line, body_id, supplier_id, payee_name, payee_class, paid_precision, amount_pence, currency, vat_basis)
         VALUES (1, 2, '${body.id}', '${kept!.id}', 'raw', 'supplier', 'unknown', 100, 'GBP', 'net')`,
      ],
      'write',
    )
    // Both curated suppliers leave data/: the one a payment uses must stay, the other goes.
    const smaller = withoutSupplier(withoutSupplier(dataset, kept!.id), dropped!.id)
    await loadDataset(db, {
      ...smaller,
      sources: smaller.sources.filter((s) => s.id !== source.id),
      citations: smaller.citations.filter((c) => c.sourceId !== source.id),
    })
    const suppliers = await rows(client, `SELECT id, origin FROM suppliers ORDER BY id`)
    // A curated supplier that facts of an FOI record (data/foi/, origin foi) name stays as well: those facts survive data loads.
    const namedByFoi = await rows(client, `SELECT DISTINCT supplier_id AS id, 'curated' AS origin FROM contracts WHERE origin = 'foi' AND supplier_id <> ?`, [kept!.id])
    expect(suppliers).toEqual(
      [
        ...dataset.suppliers.filter((s) => s.id !== dropped!.id).map((s) => ({ id: s.id, origin: 'curated' })),
        { id: 'ingested-supplier', origin: 'ingest' },
        ...namedByFoi,
      ].sort((a, b) => String(a.id).localeCompare(String(b.id))),
    )
    expect(await count(client, 'payments')).toBe(1)
    expect(await count(client, 'spend_files')).toBe(1)
    expect(await rows(client, `SELECT id FROM bodies WHERE origin = 'ingest'`)).toEqual([{ id: 'ingested-body' }])
    expect(await rows(client, `SELECT raw_name FROM supplier_aliases WHERE origin = 'ingest'`)).toEqual([{ raw_name: 'ACME LTD' }])
    expect(await rows(client, `SELECT alias FROM body_aliases WHERE origin = 'ingest'`)).toEqual([{ alias: 'Some Raw Council Name' }])
    // The spend file's source left data/ with nothing else, yet a spend file still cites it.
    expect(await rows(client, `SELECT id FROM sources WHERE id = ?`, [source.id])).toEqual([{ id: source.id }])
  })

  it('deletes a curated body and source removed from data/ once nothing refers to them', async () => {
    const { db, client } = await tempDb()
    const dataset = await readDataset(dataDir)
    await loadDataset(db, dataset)
    // A body only the bodies file mentions, and a source only it cites.
    const body = dataset.bodies.find(
      (b) =>
        !dataset.programmeBodies.some((p) => p.bodyId === b.id) &&
        !dataset.pilotBodies.some((p) => p.bodyId === b.id) &&
        !dataset.contracts.some((c) => c.buyerId === b.id) &&
        !dataset.savingsClaims.some((c) => c.claimantId === b.id) &&
        !dataset.outcomes.some((o) => o.bodyId === b.id) &&
        !dataset.unitCosts.some((u) => u.bodyId === b.id) &&
        !dataset.customerSegments.some((s) => s.bodyId === b.id) &&
        !dataset.foiRequests.some((f) => f.authorityId === b.id),
    )!
    const sourceOnlyForIt = dataset.sources.find((s) =>
      dataset.citations.filter((c) => c.sourceId === s.id).every((c) => c.bodyId === body.id) &&
      dataset.bodyAliases.filter((a) => a.sourceId === s.id).every((a) => a.bodyId === body.id) &&
      !dataset.supplierAliases.some((a) => a.sourceId === s.id) &&
      !dataset.foiRequests.some((f) => f.responseSourceId === s.id),
    )!
    expect(body).toBeDefined()
    expect(sourceOnlyForIt).toBeDefined()
    await loadDataset(db, {
      ...dataset,
      hash: 'smaller',
      bodies: dataset.bodies.filter((b) => b.id !== body.id),
      bodyAliases: dataset.bodyAliases.filter((a) => a.bodyId !== body.id),
      sources: dataset.sources.filter((s) => s.id !== sourceOnlyForIt.id),
      citations: dataset.citations.filter((c) => c.bodyId !== body.id),
    })
    expect(await rows(client, `SELECT id FROM bodies WHERE id = ?`, [body.id])).toEqual([])
    expect(await rows(client, `SELECT id FROM body_aliases WHERE body_id = ?`, [body.id])).toEqual([])
    expect(await rows(client, `SELECT id FROM sources WHERE id = ?`, [sourceOnlyForIt.id])).toEqual([])
    expect(await count(client, 'bodies')).toBe(dataset.bodies.length - 1)
  })
})
