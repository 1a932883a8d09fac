// The attacks of issue 7 against the Node app in-process, where the SQL it runs can be seen: a
// static refusal must come before any SQL (not even the cache's data-version lookup), and the
// server must answer /healthz afterwards. The same refusals run on both runtimes in test/contract.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fragmentBomb, MILLION_NODES } from '../contract/cases'
import { limits } from '../../api/limits/limits'
import { openTestApi, type TestApi } from '../helpers/db'

describe('attacks are refused before any SQL runs, and the server keeps answering', () => {
  let t: TestApi
  const incidents: unknown[][] = []
  const original = console.error
  beforeAll(async () => {
    // No answer store: with one, a POST costs one lookup of the data version before anything else.
    t = await openTestApi()
    console.error = (...args: unknown[]) => incidents.push(args)
  })
  afterAll(() => {
    console.error = original
    t.close()
  })

  const send = (body: BodyInit, headers: Record<string, string> = {}) =>
    t.app.request('/graphql', { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body, duplex: 'half' } as RequestInit)

  const json = (query: string) => JSON.stringify({ query })

  const attacks: Array<[string, () => BodyInit, string, Record<string, string>?]> = [
    ['a million nodes in 153 bytes', () => json(MILLION_NODES), 'QUERY_TOO_COSTLY'],
    ['fragments that each spread the next twice', () => json(fragmentBomb(26)), 'QUERY_TOO_COSTLY'],
    ['the same cost spread over aliases', () => json(`{ ${Array.from({ length: 12 }, (_, i) => `a${i}: payments(first: 100) { edges { node { spendFile { payments(first: 100) { totalCount edges { node { id } } } } } } }`).join(' ')} }`), 'QUERY_TOO_COSTLY'],
    ['13 levels of fields', () => json(`{ bodies { edges { node { ${'contracts { edges { node { buyer { '.repeat(3)}name${' } } } }'.repeat(3)} } } } }`), 'QUERY_TOO_DEEP'],
    ['a document of 3,000 tokens', () => json(`{ ${'__typename '.repeat(3000)}}`), 'QUERY_TOO_COMPLEX'],
    ['a body past the cap', () => json(`{ __typename } # ${'x'.repeat(100_000)}`), 'PAYLOAD_TOO_LARGE'],
    [
      'a chunked body past the cap',
      () =>
        new ReadableStream<Uint8Array>({
          start(controller) {
            for (let i = 0; i < 32; i++) controller.enqueue(new TextEncoder().encode('x'.repeat(65536)))
            controller.close()
          },
        }),
      'PAYLOAD_TOO_LARGE',
    ],
    ['a batch of operations', () => JSON.stringify([{ query: '{ bodies { totalCount } }' }, { query: '{ bodies { totalCount } }' }]), 'BAD_REQUEST'],
    ['a body with no JSON content type', () => json('{ bodies { totalCount } }'), 'UNSUPPORTED_MEDIA_TYPE', { 'content-type': 'text/plain' }],
    ['a mutation', () => json('mutation { bodies { totalCount } }'), 'BAD_REQUEST'],
  ]

  for (const [name, body, code, headers] of attacks) {
    it(`${name}: ${code}`, async () => {
      t.sql.length = 0
      incidents.length = 0
      const res = await send(body(), headers)
      const answer = (await res.json()) as any
      expect(answer.errors?.[0]?.extensions?.code).toBe(code)
      expect(answer.data).toBeUndefined()
      expect(t.sql).toEqual([])
      expect(incidents).toEqual([])
      expect((await t.app.request('/healthz')).status).toBe(200)
    })
  }

  // A Content-Length that is not a number compares false with the cap, so it must be refused,
  // not trusted. (Node's HTTP parser refuses most of these first; the app must not depend on it.)
  for (const declared of ['abc', '10, 10', '-1', '1e3', '']) {
    it(`a Content-Length of ${JSON.stringify(declared)} is refused as BAD_REQUEST, with CORS, before anything reads the body`, async () => {
      t.sql.length = 0
      incidents.length = 0
      const res = await send(json('{ bodies { totalCount } }'), { 'content-length': declared, origin: 'https://elsewhere.example' })
      expect(res.status).toBe(400)
      expect(res.headers.get('access-control-allow-origin')).toBe('*')
      const answer = (await res.json()) as any
      expect(answer.errors?.[0]?.extensions?.code).toBe('BAD_REQUEST')
      expect(answer.data).toBeUndefined()
      expect(t.sql).toEqual([])
      expect(incidents).toEqual([])
    })
  }

  it('nodes(ids:) past the cap is refused without SQL and without logging an incident', async () => {
    t.sql.length = 0
    incidents.length = 0
    const ids = Array.from({ length: 51 }, (_, i) => btoa(`Payment:${i + 1}`))
    const res = await send(JSON.stringify({ query: 'query ($ids: [ID!]!) { nodes(ids: $ids) { id } }', variables: { ids } }))
    const answer = (await res.json()) as any
    expect(answer.errors[0].extensions.code).toBe('BAD_USER_INPUT')
    expect(answer.errors[0].message).toMatch(/at most 50 ids/)
    expect(t.sql).toEqual([])
    expect(incidents).toEqual([])
  })

  it('100,000 ids cannot even be sent: the body cap refuses them before they are parsed', async () => {
    const ids = Array.from({ length: 100_000 }, (_, i) => btoa(`Payment:${i + 1}`))
    const res = await send(JSON.stringify({ query: 'query ($ids: [ID!]!) { nodes(ids: $ids) { id } }', variables: { ids } }))
    expect(res.status).toBe(413)
    expect(((await res.json()) as any).errors[0].extensions.code).toBe('PAYLOAD_TOO_LARGE')
    expect(incidents).toEqual([])
  })

  it('unknown ids in nodes(ids:) are null items, loaded in one statement per type, and nothing is logged', async () => {
    t.sql.length = 0
    incidents.length = 0
    const ids = Array.from({ length: 50 }, (_, i) => btoa(`Payment:${800_000_000 + i}`))
    const res = await send(JSON.stringify({ query: 'query ($ids: [ID!]!) { nodes(ids: $ids) { id } }', variables: { ids } }))
    const answer = (await res.json()) as any
    expect(answer.errors).toBeUndefined()
    expect(answer.data.nodes).toEqual(Array(50).fill(null))
    expect(t.sql.filter((q) => /from "payments"/.test(q))).toHaveLength(1)
    expect(incidents).toEqual([])
  })

  // Arrays nested 30,000 deep fit in 60 KB; anything that writes them out recursively
  // (JSON.stringify) overflows the stack. Built as text: JSON.stringify cannot build it either.
  const deepArrays = (depth: number) => '['.repeat(depth) + ']'.repeat(depth)
  const withVariable = (query: string, value: string) => `{"query":${JSON.stringify(query)},"variables":{"v":${value}}}`

  it('a variable the operation does not declare, nested 30,000 deep, changes nothing and logs nothing', async () => {
    incidents.length = 0
    const body = withVariable('{ bodies(first: 1) { totalCount } }', deepArrays(30_000))
    expect(body.length).toBeLessThan(limits.maxBodyBytes)
    const res = await send(body)
    const answer = (await res.json()) as any
    expect(answer.errors).toBeUndefined()
    expect(answer.data.bodies.totalCount).toBeGreaterThan(0)
    expect(incidents).toEqual([])
    expect((await t.app.request('/healthz')).status).toBe(200)
  })

  it('a declared variable nested 30,000 deep is refused as BAD_USER_INPUT without SQL or an incident', async () => {
    t.sql.length = 0
    incidents.length = 0
    const res = await send(withVariable('query ($v: [ID!]!) { nodes(ids: $v) { id } }', deepArrays(30_000)))
    const answer = (await res.json()) as any
    expect(answer.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT')
    expect(answer.data).toBeUndefined()
    expect(t.sql).toEqual([])
    expect(incidents).toEqual([])
    expect((await t.app.request('/healthz')).status).toBe(200)
  })

  it('client mistakes are not logged as incidents', async () => {
    incidents.length = 0
    const mistakes = [
      { query: 'query ($n: Int) { bodies(first: $n) { totalCount } }', variables: { n: 'ten' } },
      { query: 'query ($n: Int) { bodies(first: $n) { totalCount } }', variables: { n: 2 ** 31 } },
      { query: 'query ($s: ContractStatus) { contracts(filter: { status: $s }) { totalCount } }', variables: { s: 'awarded' } },
      { query: 'query ($f: ContractFilter) { contracts(filter: $f) { totalCount } }', variables: { f: { nope: 1 } } },
      { query: 'subscription { __typename }' },
      { query: `{ node(id: "${btoa('NoSuchType:1')}") { id } }` },
    ]
    for (const m of mistakes) await (await send(JSON.stringify(m))).arrayBuffer()
    await (await t.app.request(`/graphql?query=${encodeURIComponent('{ __typename }')}&variables=%7Bnot`)).arrayBuffer()
    expect(incidents).toEqual([])
  })
})
