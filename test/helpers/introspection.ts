import { getIntrospectionQuery, type IntrospectionOptions } from 'graphql'

const flags = ['descriptions', 'specifiedByUrl', 'directiveIsRepeatable', 'schemaDescription', 'inputValueDeprecation', 'oneOf'] as const

/**
 * Every combination of graphql-js getIntrospectionQuery() flags (2^6 queries), and every flag with
 * the typeDepth values clients use: GraphiQL's and codegen's deeper TypeRef (20, 30) and the least.
 */
export function everyIntrospectionQuery(): Array<{ options: IntrospectionOptions; query: string }> {
  const out: Array<{ options: IntrospectionOptions; query: string }> = []
  for (let bits = 0; bits < 1 << flags.length; bits++) {
    const options = Object.fromEntries(flags.map((f, i) => [f, Boolean(bits & (1 << i))])) as IntrospectionOptions
    out.push({ options, query: getIntrospectionQuery(options) })
  }
  for (const typeDepth of [1, 20, 30]) {
    const options = { ...Object.fromEntries(flags.map((f) => [f, true])), typeDepth } as IntrospectionOptions
    out.push({ options, query: getIntrospectionQuery(options) })
  }
  return out
}

/**
 * The shape Apollo Rover sends (`rover graph introspect`): graphql-js's query with deprecated args
 * and input fields, named GraphIntrospectQuery, its TypeRef fragment seven ofType levels deep
 * (13 fields deep in all).
 */
export function roverIntrospectionQuery(): string {
  const base = getIntrospectionQuery({ descriptions: true, inputValueDeprecation: true }).replace('query IntrospectionQuery', 'query GraphIntrospectQuery')
  let typeRef = 'kind name'
  for (let i = 0; i < 7; i++) typeRef = `kind name ofType { ${typeRef} }`
  return base.replace(/fragment TypeRef on __Type \{[\s\S]*$/, `fragment TypeRef on __Type { ${typeRef} }\n`)
}
