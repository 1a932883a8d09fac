// The HTTP contract outside clients rely on, as cases that run unchanged against every runtime
// (Node in-process, the Worker in workerd). A new HTTP feature joins both by adding a case here.
import { expect } from 'vitest'
import { readFileSync } from 'node:fs'
import type { SpendFixture } from '../helpers/db'
import { gql, nodes, type Runtime } from '../helpers/graphql'
import { hasShared, realdataDir } from '../helpers/shared'
import { auditServer } from 'graphql-http'
import { everyIntrospectionQuery, roverIntrospectionQuery } from '../helpers/introspection'

export interface ContractCase {
  name: string
  /** Needs payments ingested from ../shared/realdata (skipped with a message when it is absent). */
  payments?: boolean
  run(rt: Runtime): Promise<void>
}

/** Real spend files both runtimes serve, ingested through the CLI; README totals from ../shared/realdata/README.md. */
export const spendFixtures: SpendFixture[] = hasShared
  ? [
      { file: `${realdataDir}hyndburn_2025-12_Spend-over-250-Dec-25.csv`, body: 'hyndburn' },
      { file: `${realdataDir}hyndburn_2023-06_June-23-csv.csv`, body: 'hyndburn' },
      { file: `${realdataDir}oxford_2014-q1_expenditure-over-500-apr-jun-2014.csv` },
    ]
  : []

/** Published totals (pence) and payment rows per file, from ../shared/realdata/README.md. */
function expectedFromReadme(): Map<string, { rows: number; pence: number }> {
  const table = readFileSync(`${realdataDir}README.md`, 'utf8')
  const out = new Map<string, { rows: number; pence: number }>()
  for (const m of table.matchAll(/^\| (\S+\.csv) \| [^|]+ \| (\d+) \| ([\d.]+)/gm)) {
    out.set(m[1] as string, { rows: Number(m[2]), pence: Math.round(Number(m[3]) * 100) })
  }
  return out
}

const CONTRACTS_BY_SUPPLIER = `query ($supplier: String!) {
  contracts(filter: { supplier: $supplier }) { totalCount edges { node {
    title value { pence currency vatBasis } buyer { name } supplier { name }
    programme { name } sources { title url } } } } }`

export const cases: ContractCase[] = [
  {
    name: 'the published contract query finds Haringey’s £2M contract with iMPOWER, with its sources',
    async run(rt) {
      // Exactly as written in the issue, literal filter and all.
      const res = await gql(rt, `{ contracts(filter: { supplier: "impower" }) { totalCount edges { node {
    title value { pence currency vatBasis } buyer { name } supplier { name }
    programme { name } sources { title url } } } } }`)
      expect(res.errors).toBeUndefined()
      expect(res.data.contracts.totalCount).toBe(1)
      const [contract] = nodes<any>(res.data.contracts)
      // The thread says "£2M" and nothing about VAT: the data must not claim to know.
      expect(contract.value).toEqual({ pence: 200000000, currency: 'GBP', vatBasis: 'UNKNOWN' })
      expect(contract.buyer.name).toMatch(/Haringey/)
      expect(contract.supplier.name).toMatch(/impower/i)
      expect(contract.programme.name).toMatch(/54,000/)
      expect(contract.sources.length).toBeGreaterThan(0)
      for (const s of contract.sources) expect(s.title).toEqual(expect.any(String))
      // Three quotes come from the one forum thread: it is listed once as a source, three times as evidence.
      const again = await gql(rt, '{ contracts(filter: { supplier: "impower" }) { edges { node { sources { slug } evidence { quote source { slug } } } } } }')
      const node = nodes<any>(again.data.contracts)[0]
      const slugs = node.sources.map((s: any) => s.slug)
      expect(new Set(slugs).size).toBe(slugs.length)
      expect(new Set(node.evidence.map((e: any) => e.source.slug))).toEqual(new Set(slugs))
      expect(node.evidence.length).toBeGreaterThan(slugs.length)
    },
  },
  {
    name: 'the supplier filter matches aliases case-insensitively (IMPOWER, Impower Consulting)',
    async run(rt) {
      for (const supplier of ['IMPOWER', 'Impower Consulting', 'iMPOWER']) {
        const res = await gql(rt, CONTRACTS_BY_SUPPLIER, { supplier })
        expect(res.errors, supplier).toBeUndefined()
        expect(nodes<any>(res.data.contracts).map((c) => c.value.pence), supplier).toEqual([200000000])
      }
    },
  },
  {
    name: 'Tribal’s two Total Place contracts: £218k and £60k, excluding VAT',
    async run(rt) {
      const res = await gql(rt, CONTRACTS_BY_SUPPLIER, { supplier: 'tribal' })
      expect(res.errors).toBeUndefined()
      expect(res.data.contracts.totalCount).toBe(2)
      const values = nodes<any>(res.data.contracts).map((c) => c.value)
      expect(values.map((v) => v.pence).sort((a, b) => a - b)).toEqual([6000000, 21800000])
      for (const v of values) expect(v).toMatchObject({ currency: 'GBP', vatBasis: 'NET' })
      for (const c of nodes<any>(res.data.contracts)) {
        expect(c.programme.name).toMatch(/Total Place/)
        expect(c.buyer.name).toMatch(/Communities and Local Government/)
      }
    },
  },
  {
    name: 'there are 13 Total Place pilots',
    async run(rt) {
      const res = await gql(rt, '{ totalPlacePilots(first: 100) { totalCount edges { node { name region bodies { totalCount } } } } }')
      expect(res.errors).toBeUndefined()
      expect(res.data.totalPlacePilots.totalCount).toBe(13)
      const pilots = nodes<any>(res.data.totalPlacePilots)
      expect(pilots).toHaveLength(13)
      for (const p of pilots) expect(p.bodies.totalCount, p.name).toBeGreaterThan(0)
    },
  },
  {
    name: 'search finds a supplier by a name it was seen under',
    async run(rt) {
      const res = await gql(rt, '{ search(query: "impower") { totalCount edges { node { __typename ... on Supplier { name aliases { edges { node { rawName method } } } } } } } }')
      expect(res.errors).toBeUndefined()
      const suppliers = nodes<any>(res.data.search).filter((n) => n.__typename === 'Supplier')
      expect(suppliers).toHaveLength(1)
      expect(nodes<any>(suppliers[0].aliases).length).toBeGreaterThan(0)
    },
  },
  {
    name: 'a node id round-trips through node(id:)',
    async run(rt) {
      const first = await gql(rt, '{ contracts(filter: { supplier: "impower" }) { edges { node { id title } } } }')
      const { id, title } = nodes<any>(first.data.contracts)[0]
      const again = await gql(rt, 'query ($id: ID!) { node(id: $id) { __typename ... on Contract { title } } }', { id })
      expect(again.errors).toBeUndefined()
      expect(again.data.node).toEqual({ __typename: 'Contract', title })
    },
  },
  {
    name: 'an unknown enum value in a filter is a coded error that lists the accepted values',
    async run(rt) {
      const res = await gql(rt, '{ contracts(filter: { status: SIGNED }) { totalCount } }')
      expect(res.data).toBeUndefined()
      expect(res.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED')
      expect(res.errors?.[0]?.message).toMatch(/Accepted values: .*AWARDED/)
    },
  },
  {
    name: 'a malformed filter value is a BAD_FILTER error that says what is accepted',
    async run(rt) {
      const res = await gql(rt, '{ payments(filter: { from: "26/05/2011" }) { totalCount } }')
      expect(res.errors?.[0]?.extensions?.code).toBe('BAD_FILTER')
      expect(res.errors?.[0]?.message).toMatch(/YYYY-MM-DD/)
    },
  },
  {
    name: 'every mistake gets its own code and a message, never a stack trace or SQL',
    async run(rt) {
      const deep = (levels: number) => `{ bodies { edges { node { ${'contracts { edges { node { buyer { '.repeat(levels)}name${' } } } }'.repeat(levels)} } } } }`
      const mistakes: Array<[string, string]> = [
        [JSON.stringify({ query: '{ contracts(filter: { supplier: "" }) { totalCount } }' }), 'BAD_FILTER'],
        [JSON.stringify({ query: '{ nope }' }), 'GRAPHQL_VALIDATION_FAILED'],
        [JSON.stringify({ query: '{ contracts {' }), 'GRAPHQL_PARSE_FAILED'],
        [JSON.stringify({ query: '{ node(id: "bm90IGEgbm9kZQ==") { id } }' }), 'BAD_USER_INPUT'],
        [JSON.stringify({ query: `{ node(id: "${btoa('Payment:abc')}") { id } }` }), 'BAD_USER_INPUT'],
        [JSON.stringify({ query: deep(3) }), 'QUERY_TOO_DEEP'],
        ['{not json', 'BAD_REQUEST'],
        [JSON.stringify({ variables: {} }), 'BAD_REQUEST'],
        [JSON.stringify({ query: '{ __typename }', operationName: 'Nope' }), 'BAD_REQUEST'],
      ]
      for (const [body, code] of mistakes) {
        const res = await rt.fetch('/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body })
        const text = await res.text()
        const parsed = JSON.parse(text)
        expect(parsed.errors?.[0]?.extensions?.code, body).toBe(code)
        expect(parsed.errors[0].message, body).not.toMatch(/Something went wrong/)
        expect(text, body).not.toMatch(/\bat \S+ \(|select |from "|SQLITE|\.ts:\d+/i)
      }
      // Two levels of contracts → buyer is within the depth limit and answers.
      const ok = await gql(rt, deep(2))
      expect(ok.errors).toBeUndefined()
    },
  },
  {
    name: 'GET /healthz answers 200',
    async run(rt) {
      const res = await rt.fetch('/healthz')
      expect(res.status).toBe(200)
      expect(await res.json()).toEqual({ status: 'ok' })
    },
  },
  {
    name: 'GraphiQL is served at /graphql to a browser',
    async run(rt) {
      const res = await rt.fetch('/graphql', { headers: { accept: 'text/html' } })
      expect(res.status).toBe(200)
      expect(res.headers.get('content-type')).toMatch(/text\/html/)
      expect(await res.text()).toMatch(/graphiql/i)
    },
  },
  {
    name: 'an unknown route is a coded 404',
    async run(rt) {
      const res = await rt.fetch('/no-such-route')
      expect(res.status).toBe(404)
      expect(((await res.json()) as any).errors[0].extensions.code).toBe('NOT_FOUND')
    },
  },
]

cases.push(
  {
    name: 'a GET answer carries Cache-Control and an ETag, and If-None-Match gets 304 without a body',
    async run(rt) {
      const path = `/graphql?query=${encodeURIComponent('{ totalPlacePilots { totalCount } }')}`
      const first = await rt.fetch(path)
      expect(first.status).toBe(200)
      expect(await first.json()).toEqual({ data: { totalPlacePilots: { totalCount: 13 } } })
      const etag = first.headers.get('etag')
      expect(etag).toMatch(/^"[0-9a-f]{32}"$/)
      expect(first.headers.get('cache-control')).toMatch(/public, max-age=\d+/)
      const again = await rt.fetch(path, { headers: { 'if-none-match': etag as string } })
      expect(again.status).toBe(304)
      expect(await again.text()).toBe('')
      expect(again.headers.get('etag')).toBe(etag)
    },
  },
  {
    name: 'the same GET with its parameters in another order is the same cached answer',
    async run(rt) {
      const q = encodeURIComponent('query ($s: String!) { contracts(filter: { supplier: $s }) { totalCount } }')
      const v = encodeURIComponent(JSON.stringify({ s: 'tribal' }))
      const a = await rt.fetch(`/graphql?query=${q}&variables=${v}`)
      const b = await rt.fetch(`/graphql?variables=${v}&query=${q}`)
      expect(a.status).toBe(200)
      expect(b.headers.get('etag')).toBe(a.headers.get('etag'))
      expect(await b.json()).toEqual({ data: { contracts: { totalCount: 2 } } })
    },
  },
  {
    name: 'a GET answer with errors is not given an ETag to cache',
    async run(rt) {
      const res = await rt.fetch(`/graphql?query=${encodeURIComponent('{ contracts(filter: { supplier: "" }) { totalCount } }')}`)
      expect(res.headers.get('etag')).toBeNull()
      expect(((await res.json()) as any).errors[0].extensions.code).toBe('BAD_FILTER')
    },
  },
)

cases.push(
  {
    name: 'spend files from real councils: body, row accounting and exact totals as published',
    payments: true,
    async run(rt) {
      const res = await gql(rt, '{ spendFiles(first: 10) { totalCount edges { node { fileName body { slug } rowsRead accepted rejected skipped totals { pence currency vatBasis } rejects { totalCount } warnings { code message } } } } }')
      expect(res.errors).toBeUndefined()
      const files = nodes<any>(res.data.spendFiles)
      expect(files.map((f) => f.fileName).sort()).toEqual(spendFixtures.map((f) => f.file.split('/').pop()).sort())
      const expected = expectedFromReadme()
      for (const f of files) {
        const want = expected.get(f.fileName)
        expect(want, f.fileName).toBeDefined()
        expect(f.accepted, f.fileName).toBe(want?.rows)
        expect(f.rowsRead, f.fileName).toBe(f.accepted + f.rejected + f.skipped)
        expect(f.rejects.totalCount).toBe(f.rejected)
        expect(f.totals.map(({ pence, currency }: any) => ({ pence, currency })), f.fileName).toEqual([{ pence: want?.pence, currency: 'GBP' }])
      }
      // Hyndburn's June 2023 file heads its amounts "Net Amount (£)": its total is net of VAT too.
      expect(files.find((f) => f.fileName.startsWith('hyndburn_2023-06'))?.totals[0].vatBasis).toBe('NET')
      const oxford = files.find((f) => f.fileName.startsWith('oxford'))
      expect(oxford?.body.slug).toBe('oxford')
      // Every Oxford 2014 date is 00:00:00: the report says so rather than inventing dates.
      expect(oxford?.warnings.map((w: any) => w.code)).toContain('DATES_UNKNOWN')
    },
  },
  {
    name: 'a credit written "688.83-" is a negative payment that says which file and line it came from',
    payments: true,
    async run(rt) {
      const res = await gql(rt, `{ payments(filter: { body: "hyndburn", minPence: -68883, maxPence: -68883 }) { totalCount edges { node {
        amount { pence amount } payeeName source { fileName line } paid { value precision } } } } }`)
      expect(res.errors).toBeUndefined()
      expect(res.data.payments.totalCount).toBe(1)
      const [p] = nodes<any>(res.data.payments)
      expect(p.amount).toEqual({ pence: -68883, amount: '-688.83' })
      expect(p.paid).toEqual({ value: '2025-12-18', precision: 'DAY' })
      const lines = readFileSync(`${realdataDir}${p.source.fileName}`, 'latin1').split(/\r?\n/)
      expect(lines[p.source.line - 1]).toContain('688.83-')
      expect(lines[p.source.line - 1]).toContain(p.payeeName)
    },
  },
  {
    name: 'payments whose date the file lost are UNKNOWN, never given an invented date',
    payments: true,
    async run(rt) {
      const res = await gql(rt, '{ payments(filter: { body: "oxford" }, first: 50) { totalCount edges { node { paid { value precision } } } } }')
      expect(res.errors).toBeUndefined()
      expect(res.data.payments.totalCount).toBe(expectedFromReadme().get('oxford_2014-q1_expenditure-over-500-apr-jun-2014.csv')?.rows)
      for (const p of nodes<any>(res.data.payments)) expect(p.paid).toEqual({ value: null, precision: 'UNKNOWN' })
      // Under a range they are placed by their file's period (April–June 2014): in when the whole period is, never dropped.
      const dated = await gql(rt, '{ payments(filter: { body: "oxford", from: "2014-04-01", to: "2014-06-30" }) { totalCount } }')
      expect(dated.data.payments.totalCount).toBe(res.data.payments.totalCount)
      const after = await gql(rt, '{ payments(filter: { body: "oxford", from: "2014-07-01" }) { totalCount } }')
      expect(after.data.payments.totalCount).toBe(0)
    },
  },
  {
    name: 'a supplier rolls up every raw spelling of its name, by id',
    payments: true,
    async run(rt) {
      const res = await gql(rt, '{ suppliers(filter: { name: "HM Revenue" }) { edges { node { name aliases { edges { node { rawName method } } } payments { totalCount } } } } }')
      expect(res.errors).toBeUndefined()
      const suppliers = nodes<any>(res.data.suppliers)
      expect(suppliers.length).toBeGreaterThan(0)
      for (const s of suppliers) {
        expect(s.payments.totalCount).toBeGreaterThan(0)
        expect(nodes<any>(s.aliases).length).toBeGreaterThan(0)
      }
    },
  },
)

cases.push({
  name: 'a body, supplier, programme or contract can be fetched by its slug; an unknown slug is null',
  async run(rt) {
    const res = await gql(rt, `{ body(slug: "haringey") { name contracts { totalCount } }
      supplier(slug: "tribal") { name contracts { totalCount } }
      programme(slug: "total-place") { name totalPlacePilots { totalCount } }
      contract(slug: "no-such-contract") { title } }`)
    expect(res.errors).toBeUndefined()
    expect(res.data.body).toEqual({ name: 'London Borough of Haringey', contracts: { totalCount: 1 } })
    expect(res.data.supplier).toEqual({ name: 'Tribal', contracts: { totalCount: 2 } })
    expect(res.data.programme).toEqual({ name: 'Total Place', totalPlacePilots: { totalCount: 13 } })
    expect(res.data.contract).toBeNull()
  },
})

cases.push({
  name: 'GET / is a page that says what this is and links to GraphiQL',
  async run(rt) {
    const res = await rt.fetch('/')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/text\/html/)
    const html = await res.text()
    expect(html).toMatch(/<h1>consultwatch<\/h1>/)
    expect(html).toMatch(/href="\/graphql"/)
  },
})

cases.push({
  name: 'any web page may read answers (CORS *), the same for every origin even when cached',
  async run(rt) {
    const path = `/graphql?query=${encodeURIComponent('{ sources { totalCount } }')}`
    const a = await rt.fetch(path, { headers: { origin: 'https://campaign.example' } })
    const b = await rt.fetch(path, { headers: { origin: 'https://newsroom.example' } })
    expect(a.status).toBe(200)
    expect(a.headers.get('access-control-allow-origin')).toBe('*')
    expect(b.headers.get('access-control-allow-origin')).toBe('*')
    const preflight = await rt.fetch('/graphql', {
      method: 'OPTIONS',
      headers: { origin: 'https://campaign.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    })
    expect(preflight.status).toBeLessThan(300)
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*')
  },
})

cases.push({
  name: 'search pages through every match, exact and prefix matches first, and counts them all',
  async run(rt) {
    const counts = await gql(rt, `{ bodies(filter: { name: "an" }) { totalCount } suppliers(filter: { name: "an" }) { totalCount }
      programmes(filter: { name: "an" }) { totalCount } }`)
    const expected = counts.data.bodies.totalCount + counts.data.suppliers.totalCount + counts.data.programmes.totalCount
    expect(expected).toBeGreaterThan(20)
    const seen: string[] = []
    let after: string | null = null
    let total = -1
    for (let page = 0; page < 100; page++) {
      const res: any = await gql(rt, 'query ($after: String) { search(query: "an", first: 25, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { __typename ... on Body { slug } ... on Supplier { slug } ... on Programme { slug } } } } }', { after })
      expect(res.errors).toBeUndefined()
      total = res.data.search.totalCount
      seen.push(...nodes<any>(res.data.search).map((n) => `${n.__typename}:${n.slug}`))
      if (!res.data.search.pageInfo.hasNextPage) break
      after = res.data.search.pageInfo.endCursor
    }
    expect(total).toBe(expected)
    expect(seen).toHaveLength(expected)
    expect(new Set(seen).size).toBe(expected)
    const exact = await gql(rt, '{ search(query: "tribal", first: 1) { edges { node { ... on Supplier { name } } } } }')
    expect(nodes<any>(exact.data.search)[0].name).toBe('Tribal')
  },
})

cases.push({
  name: 'claim totals never add alternatives or overlaps: Haringey’s £1.51m a year is counted once',
  async run(rt) {
    const res = await gql(rt, `{ body(slug: "haringey") {
      savingsClaims(first: 50) { edges { node { slug basis horizonYears low { pence } high { pence } relations { relation } } } }
      claimTotals { totals { basis horizonYears claimSlugs low { pence } high { pence } determinate } } } }`)
    expect(res.errors).toBeUndefined()
    const claims = nodes<any>(res.data.body.savingsClaims)
    const totals = res.data.body.claimTotals.totals
    const slugs = totals.flatMap((t: any) => t.claimSlugs)
    expect(slugs.slice().sort()).toEqual(claims.map((c) => c.slug).sort())
    expect(new Set(slugs).size).toBe(slugs.length)
    const yearly = claims.filter((c) => c.basis === 'PER_YEAR')
    expect(yearly).toHaveLength(1)
    expect(yearly[0].relations.map((r: any) => r.relation)).toContain('OVERLAPPING')
    const perYear = totals.find((t: any) => t.basis === 'PER_YEAR')
    expect(perYear).toMatchObject({ claimSlugs: [yearly[0].slug], low: yearly[0].low, high: yearly[0].high, determinate: true })
    const options = claims.filter((c) => c.horizonYears === 4).map((c) => c.high.pence)
    const fourYear = totals.find((t: any) => t.horizonYears === 4)
    expect(fourYear.high.pence).toBe(Math.max(...options))
    expect(fourYear.high.pence).toBeLessThan(options.reduce((a: number, b: number) => a + b, 0))
  },
})
// ── Issue 7: the public API holds against hostile and careless clients. ──────────────────────────

const post = (rt: Runtime, body: BodyInit, headers: Record<string, string> = {}) =>
  rt.fetch('/graphql', { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...headers }, body })

async function codeOf(res: Response): Promise<string | undefined> {
  const text = await res.text()
  expect(text, `status ${res.status} with no JSON body`).not.toBe('')
  return (JSON.parse(text) as { errors?: Array<{ extensions?: { code?: string } }> }).errors?.[0]?.extensions?.code
}

async function healthy(rt: Runtime): Promise<void> {
  const res = await rt.fetch('/healthz')
  expect(res.status).toBe(200)
  await res.arrayBuffer()
}

/** payments → spendFile → payments, three levels of first: 100: a million nodes in 153 bytes. */
export const MILLION_NODES = '{ payments(first: 100) { edges { node { spendFile { payments(first: 100) { edges { node { spendFile { payments(first: 100) { edges { node { id } } } } } } } } } } } }'

/** Each fragment spreads the next one twice: 2^depth fields from a document under 1 KB. */
export function fragmentBomb(depth: number): string {
  const fragments = Array.from({ length: depth }, (_, i) =>
    i === depth - 1 ? `fragment F${i} on Query { bodies(first: 1) { totalCount } }` : `fragment F${i} on Query { ...F${i + 1} ...F${i + 1} }`,
  )
  return `{ ...F0 }\n${fragments.join('\n')}`
}

cases.push(
  {
    name: 'a query asking for a million nodes within the depth limit is refused QUERY_TOO_COSTLY with its cost, the limit and advice; the server keeps answering',
    async run(rt) {
      const res = await post(rt, JSON.stringify({ query: MILLION_NODES }))
      expect(res.status).toBe(400)
      const body = (await res.json()) as any
      expect(body.data).toBeUndefined()
      expect(body.errors[0].extensions.code).toBe('QUERY_TOO_COSTLY')
      const [cost, limit] = [...(body.errors[0].message as string).matchAll(/\d{4,}/g)].map((m) => Number(m[0]))
      expect(cost).toBeGreaterThan(1_000_000)
      expect(limit).toBeLessThan(cost as number)
      expect(body.errors[0].message).toMatch(/first: 10|smaller pages/)
      // The same cost through aliases, and through a variable for first.
      const aliased = `{ a: ${MILLION_NODES.slice(2, -2)} }`
      expect(await codeOf(await post(rt, JSON.stringify({ query: aliased })))).toBe('QUERY_TOO_COSTLY')
      const viaVariable = MILLION_NODES.replace('{ payments(first: 100)', 'query ($n: Int) { payments(first: $n)')
      expect(await codeOf(await post(rt, JSON.stringify({ query: viaVariable, variables: { n: 100 } })))).toBe('QUERY_TOO_COSTLY')
      // With small pages the same shape is within the limit and answers.
      const small = await post(rt, JSON.stringify({ query: MILLION_NODES.replaceAll('first: 100', 'first: 5') }))
      expect(small.status).toBe(200)
      await healthy(rt)
    },
  },
  {
    name: 'a document whose fragments each spread the next twice is refused with a code, and /healthz answers',
    async run(rt) {
      const query = fragmentBomb(26)
      expect(query.length).toBeLessThan(1100)
      const res = await post(rt, JSON.stringify({ query }))
      expect(res.status).toBe(400)
      expect(await codeOf(res)).toBe('QUERY_TOO_COSTLY')
      await healthy(rt)
    },
  },
  {
    name: 'too deep, too many aliases, tokens or directives: each refused with its code before execution',
    async run(rt) {
      const deep = `{ bodies { edges { node { ${'contracts { edges { node { buyer { '.repeat(3)}name${' } } } }'.repeat(3)} } } } }`
      expect(await codeOf(await post(rt, JSON.stringify({ query: deep })))).toBe('QUERY_TOO_DEEP')
      const aliases = `{ ${Array.from({ length: 40 }, (_, i) => `a${i}: __typename`).join(' ')} }`
      // __typename aliases are free in graphql-armor; aliases of real fields are not.
      const aliasedFields = `{ ${Array.from({ length: 40 }, (_, i) => `a${i}: sources(first: 1) { totalCount }`).join(' ')} }`
      expect((await post(rt, JSON.stringify({ query: aliases }))).status).toBe(200)
      expect(await codeOf(await post(rt, JSON.stringify({ query: aliasedFields })))).toBe('QUERY_TOO_COMPLEX')
      const tokens = `{ ${'__typename '.repeat(3000)}}`
      expect(await codeOf(await post(rt, JSON.stringify({ query: tokens })))).toBe('QUERY_TOO_COMPLEX')
      const directives = `{ __typename ${'@include(if: true) '.repeat(30)}}`
      expect(await codeOf(await post(rt, JSON.stringify({ query: directives })))).toBe('QUERY_TOO_COMPLEX')
      expect(await codeOf(await post(rt, JSON.stringify([{ query: '{ __typename }' }, { query: '{ __typename }' }])))).toBe('BAD_REQUEST')
      await healthy(rt)
    },
  },
  {
    name: 'a body over the cap is refused 413 PAYLOAD_TOO_LARGE, with or without Content-Length (chunked), with CORS, and the server keeps answering',
    async run(rt) {
      const big = JSON.stringify({ query: `{ __typename } # ${'x'.repeat(200_000)}` })
      const sized = await post(rt, big, { origin: 'https://campaign.example' })
      expect(sized.status).toBe(413)
      expect(sized.headers.get('access-control-allow-origin')).toBe('*')
      expect(await codeOf(sized)).toBe('PAYLOAD_TOO_LARGE')
      // Chunked, no Content-Length: 8 MiB offered in 64 KiB chunks.
      let sent = 0
      const chunk = new TextEncoder().encode('x'.repeat(65536))
      const stream = new ReadableStream<Uint8Array>({
        pull(controller) {
          if (sent >= 128) return controller.close()
          sent++
          controller.enqueue(chunk)
        },
      })
      const chunked = await rt.fetch('/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: stream, duplex: 'half' } as RequestInit)
      expect(chunked.status).toBe(413)
      expect(await codeOf(chunked)).toBe('PAYLOAD_TOO_LARGE')
      await healthy(rt)
    },
  },
  {
    name: 'nodes(ids:) is capped with an error that gives the cap; unknown ids are null items, never a failed list',
    async run(rt) {
      const first = await gql(rt, '{ bodies(first: 60) { edges { node { id name } } } }')
      const known = nodes<any>(first.data.bodies)
      expect(known.length).toBeGreaterThanOrEqual(51)
      const over = await gql(rt, 'query ($ids: [ID!]!) { nodes(ids: $ids) { id } }', { ids: known.slice(0, 51).map((b) => b.id) })
      expect(over.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT')
      expect(over.errors?.[0]?.message).toMatch(/at most 50\b/)
      const unknown = [btoa('Payment:999999999'), btoa('Body:no-such-body'), btoa('NoSuchType:1'), ...known.slice(0, 3).map((b) => b.id)]
      const mixed = await gql(rt, 'query ($ids: [ID!]!) { nodes(ids: $ids) { id ... on Body { name } } }', { ids: unknown })
      expect(mixed.errors).toBeUndefined()
      expect(mixed.data.nodes).toEqual([null, null, null, ...known.slice(0, 3).map((b) => ({ id: b.id, name: b.name }))])
      const fifty = await gql(rt, 'query ($ids: [ID!]!) { nodes(ids: $ids) { id } }', { ids: Array.from({ length: 50 }, (_, i) => btoa(`Payment:${900000000 + i}`)) })
      expect(fifty.errors).toBeUndefined()
      expect(fifty.data.nodes).toEqual(Array(50).fill(null))
      const one = await gql(rt, `{ node(id: "${btoa('Payment:999999999')}") { id } }`)
      expect(one.errors).toBeUndefined()
      expect(one.data.node).toBeNull()
    },
  },
  {
    name: 'introspection answers for every graphql-js getIntrospectionQuery() option set and for Apollo Rover’s query',
    async run(rt) {
      const queries = [...everyIntrospectionQuery().map((q) => ({ name: JSON.stringify(q.options), query: q.query })), { name: 'rover', query: roverIntrospectionQuery() }]
      for (const { name, query } of queries) {
        const res = await gql(rt, query)
        expect(res.errors, name).toBeUndefined()
        expect(res.data.__schema.queryType.name, name).toBe('Query')
        expect(res.data.__schema.types.some((t: any) => t.name === 'Contract'), name).toBe(true)
      }
    },
  },
  {
    name: 'CORS is on every answer: a first uncached one, a 304, errors, 404, 405, 415 and the preflight',
    async run(rt) {
      const origin = { origin: 'https://campaign.example' }
      const path = `/graphql?query=${encodeURIComponent(`{ bodies(first: ${1 + Math.floor(Math.random() * 90)}) { totalCount } }`)}`
      const fresh = await rt.fetch(path, { headers: origin })
      const etag = fresh.headers.get('etag') as string
      const answers = [
        fresh,
        await rt.fetch(path, { headers: { ...origin, 'if-none-match': etag } }),
        await post(rt, JSON.stringify({ query: `{ sources(first: ${1 + Math.floor(Math.random() * 99)}) { totalCount } }` }), origin),
        await post(rt, JSON.stringify({ query: '{ nope }' }), origin),
        await post(rt, JSON.stringify({ query: '{ __typename }' }), { ...origin, 'content-type': 'text/plain' }),
        await rt.fetch('/graphql', { method: 'PUT', headers: origin, body: '{}' }),
        await rt.fetch('/no-such-route', { headers: origin }),
        await rt.fetch('/healthz', { headers: origin }),
        await rt.fetch('/', { headers: origin }),
      ]
      expect(answers.map((r) => r.status)).toEqual([200, 304, 200, 400, 415, 405, 404, 200, 200])
      for (const res of answers) expect(res.headers.get('access-control-allow-origin'), `${res.status} ${res.url}`).toBe('*')
      const preflight = await rt.fetch('/graphql', {
        method: 'OPTIONS',
        headers: { ...origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
      })
      expect(preflight.status).toBe(204)
      expect(preflight.headers.get('access-control-allow-origin')).toBe('*')
      expect(preflight.headers.get('access-control-allow-headers')).toMatch(/content-type/)
    },
  },
  {
    name: 'every client mistake gets a client code and a JSON body; statuses follow GraphQL over HTTP for application/graphql-response+json',
    async run(rt) {
      const q = (query: string, variables?: unknown) => JSON.stringify({ query, variables })
      const get = (params: string) => rt.fetch(`/graphql?${params}`, { headers: { accept: 'application/graphql-response+json' } })
      const mistakes: Array<[string, () => Promise<Response>, number, string]> = [
        ['a variable of the wrong type', () => post(rt, q('query ($n: Int) { bodies(first: $n) { totalCount } }', { n: 'ten' })), 400, 'BAD_USER_INPUT'],
        ['2^31 for an Int variable', () => post(rt, q('query ($n: Int) { bodies(first: $n) { totalCount } }', { n: 2 ** 31 })), 400, 'BAD_USER_INPUT'],
        ['2^31 for an Int literal', () => post(rt, q('{ bodies(first: 2147483648) { totalCount } }')), 400, 'GRAPHQL_VALIDATION_FAILED'],
        ['a lowercase enum value in a variable', () => post(rt, q('query ($s: ContractStatus) { contracts(filter: { status: $s }) { totalCount } }', { s: 'awarded' })), 400, 'BAD_USER_INPUT'],
        ['an unknown input field in a variable', () => post(rt, q('query ($f: ContractFilter) { contracts(filter: $f) { totalCount } }', { f: { nope: 1 } })), 400, 'BAD_USER_INPUT'],
        ['a required variable not given', () => post(rt, q('query ($id: ID!) { node(id: $id) { id } }')), 400, 'BAD_USER_INPUT'],
        ['malformed GET variables', () => get(`query=${encodeURIComponent('{ __typename }')}&variables=%7Bnot`), 400, 'BAD_REQUEST'],
        ['GET variables that are an array', () => get(`query=${encodeURIComponent('{ __typename }')}&variables=%5B%5D`), 400, 'BAD_REQUEST'],
        ['a mutation', () => post(rt, q('mutation { __typename }')), 400, 'BAD_REQUEST'],
        ['a subscription', () => post(rt, q('subscription { __typename }')), 400, 'BAD_REQUEST'],
        ['a mutation over GET', () => get(`query=${encodeURIComponent('mutation { __typename }')}`), 405, 'METHOD_NOT_ALLOWED'],
        ['POST variables that are an array', () => post(rt, JSON.stringify({ query: '{ __typename }', variables: [] })), 400, 'BAD_REQUEST'],
        ['a query that is not a string', () => post(rt, JSON.stringify({ query: 5 })), 400, 'BAD_REQUEST'],
        ['a batch', () => post(rt, JSON.stringify([{ query: '{ __typename }' }])), 400, 'BAD_REQUEST'],
        ['a text/plain body', () => post(rt, q('{ __typename }'), { 'content-type': 'text/plain' }), 415, 'UNSUPPORTED_MEDIA_TYPE'],
        ['an Accept we cannot answer', () => post(rt, q('{ __typename }'), { accept: 'application/xml' }), 406, 'NOT_ACCEPTABLE'],
        ['PUT /graphql', () => rt.fetch('/graphql', { method: 'PUT', body: '{}' }), 405, 'METHOD_NOT_ALLOWED'],
        ['an unknown field', () => post(rt, q('{ nope }')), 400, 'GRAPHQL_VALIDATION_FAILED'],
        ['a syntax error', () => post(rt, q('{ contracts {')), 400, 'GRAPHQL_PARSE_FAILED'],
        ['a bad filter (after execution starts: 200 with data)', () => post(rt, q('{ contracts(filter: { supplier: "" }) { totalCount } }')), 200, 'BAD_FILTER'],
      ]
      for (const [name, send, status, code] of mistakes) {
        const res = await send()
        const text = await res.text()
        expect(res.status, name).toBe(status)
        const body = JSON.parse(text)
        expect(body.errors?.[0]?.extensions?.code, name).toBe(code)
        expect(body.errors[0].message, name).not.toMatch(/Something went wrong/)
        expect(text, name).not.toMatch(/\bat \S+ \(|select |from "|SQLITE|\.ts:\d+/i)
      }
    },
  },
  {
    name: 'the graphql-http server audits: every MUST and SHOULD passes',
    async run(rt) {
      const origin = 'http://audit.invalid'
      const fetchFn = (input: string | URL | Request, init?: RequestInit) => {
        const url = new URL(typeof input === 'string' || input instanceof URL ? input : input.url)
        return rt.fetch(url.pathname + url.search, init)
      }
      const results = await auditServer({ url: `${origin}/graphql`, fetchFn })
      expect(results.length).toBeGreaterThan(30)
      const failing = results.filter((r) => r.status === 'error' || r.status === 'warn').map((r) => `${r.name}: ${'reason' in r ? r.reason : ''}`)
      expect(failing).toEqual([])
    },
  },
)

cases.push({
  name: 'FOI: each Tribal contract’s evidence names the FOI request behind it, and foiDraft gives a request and a WhatDoTheyKnow link',
  async run(rt) {
    const res = await gql(rt, `{ contracts(filter: { supplier: "tribal" }) { edges { node { evidence { quote foiRequest { slug answer } } } } }
      foiRequests(filter: { authority: "dclg" }) { totalCount edges { node { slug status facts { ... on Contract { title } } } } } }`)
    expect(res.errors).toBeUndefined()
    const contracts = nodes<any>(res.data.contracts)
    expect(contracts).toHaveLength(2)
    for (const c of contracts) {
      const fromFoi = c.evidence.filter((e: any) => e.foiRequest)
      expect(fromFoi.length).toBeGreaterThan(0)
      expect(fromFoi.every((e: any) => e.foiRequest.slug === 'dclg-tribal-total-place-contracts' && e.quote && e.foiRequest.answer)).toBe(true)
    }
    const foi = nodes<any>(res.data.foiRequests)
    expect(foi.map((f) => f.slug)).toEqual(['dclg-tribal-total-place-contracts'])
    expect(foi[0].facts.map((f: any) => f.title).sort()).toEqual(['Customer Insight', 'Spend Counting and Deep Dive'])
    const draft = await gql(rt, '{ foiDraft(body: "haringey", subject: CONSULTANCY_SPEND, supplier: "impower", period: "2013-14") { text whatDoTheyKnowUrl link } }')
    expect(draft.errors).toBeUndefined()
    expect(draft.data.foiDraft.text).toContain('Impower Consulting Ltd')
    expect(draft.data.foiDraft.text).toContain('1 April 2013')
    expect(draft.data.foiDraft.whatDoTheyKnowUrl).toMatch(/^https:\/\/www\.whatdotheyknow\.com\/(new\/|select_authority\?query=)/)
  },
})
// Issue 9: aggregates, series, the ledger and the CSV behind them, the same on Node and in workerd.
const OXFORD_2014 = 'oxford_2014-q1_expenditure-over-500-apr-jun-2014.csv'

cases.push(
  {
    name: 'spend adds payments up by body, in each VAT basis, and the CSV export says the same to the penny',
    payments: true,
    async run(rt) {
      const res = await gql(rt, '{ spend(groupBy: [BODY]) { totalCount grandTotal { pence vatBasis } edges { node { body { slug name } total { pence amount currency vatBasis } payments share } } } }')
      expect(res.errors).toBeUndefined()
      const groups = nodes<any>(res.data.spend)
      const oxford = groups.find((g) => g.body.slug === 'oxford')
      const want = expectedFromReadme().get(OXFORD_2014)
      expect(oxford).toMatchObject({ total: { pence: want?.pence, currency: 'GBP', vatBasis: 'UNKNOWN' }, payments: want?.rows })
      // A share is of the grand total in the same currency and VAT basis, never across them.
      const unknownBasis = groups.filter((g) => g.total.vatBasis === 'UNKNOWN').reduce((n, g) => n + g.total.pence, 0)
      expect(res.data.spend.grandTotal).toContainEqual({ pence: unknownBasis, vatBasis: 'UNKNOWN' })
      expect(oxford.share).toBeCloseTo(oxford.total.pence / unknownBasis, 12)
      const hyndburn = groups.filter((g) => g.body.slug === 'hyndburn')
      const files = [...expectedFromReadme()].filter(([f]) => spendFixtures.some((s) => s.file.endsWith(f) && f.startsWith('hyndburn')))
      expect(hyndburn.reduce((n, g) => n + g.payments, 0)).toBe(files.reduce((n, [, v]) => n + v.rows, 0))
      const csv = await rt.fetch('/v1/spend.csv?groupBy=body')
      expect(csv.status).toBe(200)
      expect(csv.headers.get('content-type')).toMatch(/^text\/csv/)
      expect(csv.headers.get('access-control-allow-origin')).toBe('*')
      const lines = (await csv.text()).trim().split('\r\n')
      expect(lines[0]).toBe('body_id,body_name,currency,vat_basis,total,payments,share')
      const rows = lines.slice(1).map((l) => l.split(','))
      expect(rows.map((r) => [r[0], r[4], Number(r[5])])).toEqual(groups.map((g) => [g.body.slug, g.total.amount, g.payments]))
    },
  },
  {
    name: 'spendOverTime places a quarter whose dates were lost in its financial year, and by month leaves it undated',
    payments: true,
    async run(rt) {
      const want = expectedFromReadme().get(OXFORD_2014)
      const res = await gql(rt, `{ fy: spendOverTime(interval: FINANCIAL_YEAR, filter: { body: "oxford" }) { periods points { period total { pence } payments } }
        m: spendOverTime(interval: MONTH, filter: { body: "oxford" }) { periods points { period } undated { total { pence } payments } } }`)
      expect(res.errors).toBeUndefined()
      expect(res.data.fy).toEqual({ periods: ['2014-15'], points: [{ period: '2014-15', total: { pence: want?.pence }, payments: want?.rows }] })
      expect(res.data.m).toEqual({ periods: [], points: [], undated: [{ total: { pence: want?.pence }, payments: want?.rows }] })
      const csv = await (await rt.fetch('/v1/spend-over-time.csv?interval=month&body=oxford')).text()
      expect(csv.trim().split('\r\n')[1]).toBe(`,true,GBP,unknown,${(Number(want?.pence) / 100).toFixed(2)},${want?.rows}`)
    },
  },
  {
    name: 'a month series is gap-free: every month between the first and the last, empty ones as zero',
    payments: true,
    async run(rt) {
      const res = await gql(rt, '{ spendOverTime(interval: MONTH, filter: { body: "hyndburn" }) { periods points { period payments total { vatBasis } } } }')
      expect(res.errors).toBeUndefined()
      const { periods, points } = res.data.spendOverTime
      // One point per period for each VAT basis present: net and unknown are never added together.
      for (const basis of new Set(points.map((p: any) => p.total.vatBasis))) {
        expect(points.filter((p: any) => p.total.vatBasis === basis).map((p: any) => p.period)).toEqual(periods)
      }
      for (let i = 1; i < periods.length; i++) {
        const [y, m] = periods[i - 1].split('-').map(Number)
        expect(periods[i]).toBe(m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`)
      }
      expect(points.some((p: any) => p.payments === 0)).toBe(true)
    },
  },
  {
    name: '/v1/payments.csv streams every payment, amounts as plain numbers (credits negative), with ETag and 304',
    payments: true,
    async run(rt) {
      const res = await rt.fetch('/v1/payments.csv?body=hyndburn&maxPence=-1')
      expect(res.status).toBe(200)
      const etag = res.headers.get('etag')
      expect(res.headers.get('x-licence')).toContain('Open Government Licence')
      const lines = (await res.text()).trim().split('\r\n')
      const count = await gql(rt, '{ payments(filter: { body: "hyndburn", maxPence: -1 }) { totalCount } }')
      expect(lines.length - 1).toBe(count.data.payments.totalCount)
      expect(lines.slice(1).some((l) => l.includes(',-688.83,'))).toBe(true)
      const again = await rt.fetch('/v1/payments.csv?body=hyndburn&maxPence=-1', { headers: { 'if-none-match': etag as string } })
      expect(again.status).toBe(304)
    },
  },
  {
    name: 'bad aggregate input gets client codes that say what is accepted',
    async run(rt) {
      const many = await gql(rt, '{ spend(groupBy: [BODY, SUPPLIER, MONTH, QUARTER, SERVICE_AREA]) { totalCount } }')
      expect(many.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT')
      expect(many.errors?.[0]?.message).toMatch(/at most 4/)
      const unknown = await gql(rt, '{ spend(groupBy: [COLOUR]) { totalCount } }')
      expect(unknown.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED')
      const backwards = await gql(rt, '{ spend(groupBy: [BODY], filter: { from: "2012-01-01", to: "2011-01-01" }) { totalCount } }')
      expect(backwards.errors?.[0]?.extensions?.code).toBe('BAD_FILTER')
      const cut = await gql(rt, '{ spendOverTime(interval: FINANCIAL_YEAR, filter: { from: "2011-01-01" }) { periods } }')
      expect(cut.errors?.[0]?.extensions?.code).toBe('BAD_FILTER')
      expect(cut.errors?.[0]?.message).toMatch(/2010-04-01/)
      const csv = await rt.fetch('/v1/spend.csv?groupBy=body&colour=red')
      expect(csv.status).toBe(400)
      expect(((await csv.json()) as any).errors[0].message).toMatch(/Accepted: groupBy, orderBy, body/)
    },
  },
  {
    name: 'the Haringey ledger: £2M contracted, £650k contingent, 0.225 to 0.327 fees per pound of the Local Model claim',
    async run(rt) {
      const res = await gql(rt, '{ programme(slug: "haringey-54000-programme") { ledger { fees { contracted { pence } contingent { pence } } claims { claim { title } feesPerPoundClaimed { low high } } } } }')
      expect(res.errors).toBeUndefined()
      const ledger = res.data.programme.ledger
      expect(ledger.fees).toEqual({ contracted: [{ pence: 200000000 }], contingent: [{ pence: 65000000 }] })
      const local = ledger.claims.find((c: any) => /Local Model/.test(c.claim.title))
      expect([local.feesPerPoundClaimed.low.toFixed(3), local.feesPerPoundClaimed.high.toFixed(3)]).toEqual(['0.225', '0.327'])
    },
  },
  {
    name: '/v1/sources.csv lists every source with its licence',
    async run(rt) {
      const res = await rt.fetch('/v1/sources.csv')
      expect(res.status).toBe(200)
      const text = await res.text()
      expect(text.split('\r\n')[0]).toBe('id,kind,title,publisher,url,licence,published_on,retrieved_on,spend_file_id,body_id,file_name,sha256,period_start,period_end,status')
      const sources = await gql(rt, '{ sources { totalCount } }')
      expect(text.trim().split('\r\n').length - 1).toBeGreaterThanOrEqual(sources.data.sources.totalCount)
    },
  },
)

cases.push({
  name: 'pages: a body, a supplier and a programme page are server-rendered HTML that no other site may frame',
  async run(rt) {
    for (const [path, heading] of [['/bodies/haringey', 'London Borough of Haringey'], ['/suppliers/tribal', 'Tribal'], ['/programmes/haringey-54000-programme', 'Haringey 54,000 Programme']]) {
      const res = await rt.fetch(path as string)
      expect(res.status, path).toBe(200)
      expect(res.headers.get('content-type'), path).toMatch(/text\/html/)
      expect(res.headers.get('content-security-policy'), path).toContain("frame-ancestors 'none'")
      const html = await res.text()
      expect(html, path).toContain(`<h1>${heading}</h1>`)
      expect(html, path).toMatch(/<link rel="alternate" type="application\/json\+oembed"/)
    }
    expect((await rt.fetch('/bodies/no-such-body')).status).toBe(404)
  },
})

cases.push({
  name: 'embeds: the fees card for the 54,000 Programme may be framed anywhere, runs no script, and shows the contract to the penny',
  async run(rt) {
    const res = await rt.fetch('/embed/figure?programme=haringey-54000-programme&show=fees')
    expect(res.status).toBe(200)
    const csp = res.headers.get('content-security-policy') ?? ''
    expect(csp).toContain('frame-ancestors *')
    expect(csp).not.toContain('script-src')
    const html = await res.text()
    const api = await gql(rt, '{ programme(slug: "haringey-54000-programme") { contracts { edges { node { value { pence } } } } } }')
    expect(html).toContain(`data-pence="${nodes<any>(api.data.programme.contracts)[0].value.pence}"`)
    // oEmbed discovery: the page names its own oEmbed URL, and that answers with an iframe of this card.
    const page = await (await rt.fetch('/programmes/haringey-54000-programme')).text()
    const discovery = /type="application\/json\+oembed" href="([^"]+)"/.exec(page)?.[1]?.replace(/&amp;/g, '&') ?? ''
    const answer = await rt.fetch(discovery.replace(/^https?:\/\/[^/]+/, ''))
    expect(answer.status).toBe(200)
    const o = (await answer.json()) as { version: string; type: string; html: string }
    expect(o).toMatchObject({ version: '1.0', type: 'rich' })
    expect(o.html).toContain('/embed/figure?programme=haringey-54000-programme&amp;show=fees')
  },
})

cases.push({
  name: 'embeds: a figure card and a chart show the same total as the answers API, to the penny',
  payments: true,
  async run(rt) {
    const api = await gql(rt, '{ spend(groupBy: [], filter: { body: "oxford" }) { grandTotal { pence } } top: spend(groupBy: [SUPPLIER], filter: { body: "oxford" }, first: 1) { edges { node { total { formatted } } } } }')
    expect(api.errors).toBeUndefined()
    const card = await (await rt.fetch('/embed/figure?body=oxford')).text()
    expect(card).toContain(`data-pence="${api.data.spend.grandTotal[0].pence}"`)
    const chart = await rt.fetch('/embed/chart.svg?body=oxford&groupBy=supplier&first=5')
    expect(chart.headers.get('content-type')).toMatch(/image\/svg\+xml/)
    expect(await chart.text()).toContain(nodes<any>(api.data.top)[0].total.formatted)
  },
})

// Review of issue 7: cursors a client wrote itself.
cases.push({
  name: 'a cursor this API never issued (boolean, object, [true], not base64 of ours) is BAD_USER_INPUT, with no SQL in the answer, and the server keeps answering',
  async run(rt) {
    const b64 = (text: string) => btoa(text)
    const forged = ['DC:J:true', 'DC:J:{"a":1}', 'DC:J:[true]', 'DC:O:{"gt":1}', 'DC:T:["J:false"]', 'DC:J:[1,2,3]', 'XX:1']
    for (const text of forged) {
      for (const field of ['contracts', 'payments']) {
        const res = await gql(rt, `query ($c: String) { ${field}(first: 2, after: $c) { edges { cursor } } }`, { c: b64(text) })
        expect(res.errors?.[0]?.extensions?.code, `${field} after ${text}`).toBe('BAD_USER_INPUT')
        expect(res.errors?.[0]?.message, text).toMatch(/not a cursor from this API/)
        expect(JSON.stringify(res), text).not.toMatch(/select |SQLITE|sqlite/i)
      }
      // Literal, as in the report, and before: as well as after:.
      const literal = await gql(rt, `{ contracts(first: 2, before: "${b64(text).replace(/"/g, '\\"')}") { edges { cursor } } }`)
      expect(literal.errors?.[0]?.extensions?.code, text).toBe('BAD_USER_INPUT')
    }
    // A cursor the API gave still pages on.
    const first = await gql(rt, '{ contracts(first: 2) { edges { cursor } pageInfo { endCursor } } }')
    const next = await gql(rt, 'query ($c: String) { contracts(first: 2, after: $c) { edges { cursor } } }', { c: first.data.contracts.pageInfo.endCursor })
    expect(next.errors).toBeUndefined()
    expect(next.data.contracts.edges.length).toBeGreaterThan(0)
    expect((await rt.fetch('/healthz')).status).toBe(200)
  },
})

cases.push({
  name: 'an explicit null for first: is costed at the connection’s real default page size, not the variable’s default',
  async run(rt) {
    const inner = [1, 2, 3, 4, 5].map((i) => `p${i}: payments(first: $n) { edges { node { id payeeName payeeClass } } }`).join(' ')
    const query = `query ($n: Int = 1) { payments(first: $n) { edges { node { spendFile { payments(first: $n) { edges { node { spendFile { ${inner} } } } } } } } } }`
    // The variable's default 1 makes it cheap, and it runs.
    const cheap = await gql(rt, query)
    expect(cheap.errors?.map((e) => e.extensions?.code)).toBeUndefined()
    // null is not "absent": execution passes null and the connection pages its default 20.
    const costly = await gql(rt, query, { n: null })
    expect(costly.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_COSTLY')
    expect(costly.data ?? null).toBeNull()
  },
})

cases.push({
  name: 'an unknown id holding a line separator is a null item; one holding a control character is BAD_USER_INPUT, never INTERNAL_SERVER_ERROR',
  async run(rt) {
    const id = (text: string) => btoa(String.fromCharCode(...new TextEncoder().encode(text)))
    const known = await gql(rt, '{ bodies(first: 1) { edges { node { id name } } } }')
    const body = known.data.bodies.edges[0].node
    // U+2028 is not a control character, and `.` in a pattern does not match it.
    const listed = await gql(rt, 'query ($ids: [ID!]!) { nodes(ids: $ids) { id ... on Body { name } } }', { ids: [body.id, id('Body:no\u2028such'), id('Supplier:a\u2029b')] })
    expect(listed.errors).toBeUndefined()
    expect(listed.data.nodes).toEqual([{ id: body.id, name: body.name }, null, null])
    for (const text of ['Body:no\nsuch', 'Body:x\u0000', 'Contract:a\tb']) {
      for (const query of ['query ($ids: [ID!]!) { nodes(ids: $ids) { id } }', 'query ($ids: ID!) { node(id: $ids) { id } }']) {
        const res = await gql(rt, query, { ids: query.includes('nodes') ? [body.id, id(text)] : id(text) })
        expect(res.errors?.[0]?.extensions?.code, JSON.stringify(text)).toBe('BAD_USER_INPUT')
        expect(res.errors?.[0]?.message).toMatch(/not an id of this API/)
      }
    }
  },
})

cases.push({
  name: 'a GET giving query, operationName, variables or extensions twice is 400 BAD_REQUEST, in either order, never a cached answer',
  async run(rt) {
    const a = encodeURIComponent('{ bodies(first: 1) { totalCount } }')
    const b = encodeURIComponent('{ suppliers(first: 1) { totalCount } }')
    // Warm the cache with a single query first: the repeated forms must not be answered from it.
    expect((await rt.fetch(`/graphql?query=${a}`, { headers: { accept: 'application/json' } })).status).toBe(200)
    const repeated = [
      `query=${a}&query=${b}`,
      `query=${b}&query=${a}`,
      `query=${a}&query=${a}`,
      `query=${a}&operationName=X&operationName=Y`,
      `query=${a}&variables=${encodeURIComponent('{}')}&variables=${encodeURIComponent('{"x":1}')}`,
      `query=${a}&extensions=${encodeURIComponent('{}')}&extensions=${encodeURIComponent('{}')}`,
    ]
    for (const search of repeated) {
      const res = await rt.fetch(`/graphql?${search}`, { headers: { accept: 'application/json' } })
      expect(res.status, search).toBe(400)
      const body = (await res.json()) as any
      expect(body.errors[0].extensions.code, search).toBe('BAD_REQUEST')
      expect(body.errors[0].message, search).toMatch(/more than once/)
      expect(res.headers.get('access-control-allow-origin')).toBe('*')
    }
  },
})

cases.push({
  name: 'a document graphql-js gives up validating (the same field asked ~1900 times) is QUERY_TOO_COMPLEX with advice, and the server keeps answering',
  async run(rt) {
    for (const query of [`{ bodies { totalCount ${'totalCount '.repeat(1900)} } }`, `{ ${'__typename '.repeat(1990)} }`]) {
      const res = await gql(rt, query)
      expect(res.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_COMPLEX')
      expect(res.errors?.[0]?.message).toMatch(/split the query/)
    }
    expect((await rt.fetch('/healthz')).status).toBe(200)
  },
})

cases.push({
  name: 'a Pothos argument refusal (first: -1) is BAD_USER_INPUT without id advice; an id refusal keeps it',
  async run(rt) {
    for (const query of ['{ payments(first: -1) { edges { cursor } } }', '{ contracts(last: -5) { edges { cursor } } }']) {
      const res = await gql(rt, query)
      expect(res.errors?.[0]?.extensions?.code, query).toBe('BAD_USER_INPUT')
      expect(res.errors?.[0]?.message, query).toMatch(/non-negative integer/)
      expect(res.errors?.[0]?.message, query).not.toMatch(/Pass an id/)
    }
    const id = await gql(rt, '{ node(id: "!!!") { id } }')
    expect(id.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT')
    expect(id.errors?.[0]?.message).toMatch(/id/i)
  },
})
