/** Anything that answers HTTP requests: the Hono app in-process, or a server on a port. */
export interface Runtime {
  name: string
  fetch(path: string, init?: RequestInit): Promise<Response>
}

export interface GraphQLResponse<T = any> {
  status: number
  headers: Headers
  data?: T
  errors?: Array<{ message: string; path?: string[]; extensions?: { code?: string; [k: string]: unknown } }>
}

export async function gql<T = any>(rt: Runtime, query: string, variables?: Record<string, unknown>): Promise<GraphQLResponse<T>> {
  const res = await rt.fetch('/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ query, variables }),
  })
  const body = (await res.json()) as { data?: T; errors?: GraphQLResponse['errors'] }
  return { status: res.status, headers: res.headers, ...body }
}

/** The connection's nodes, for terser assertions. */
export function nodes<T>(connection: { edges: Array<{ node: T }> }): T[] {
  return connection.edges.map((e) => e.node)
}
