import { ApiError } from './errors'

/** Types whose rows have integer keys (everything else is keyed by a slug). */
const INTEGER_KEYED = new Set(['Payment', 'SpendFile'])

function invalid(globalID: string): ApiError {
  return new ApiError({ code: 'BAD_USER_INPUT', message: `"${globalID.slice(0, 80)}" is not an id of this API. Pass an id returned by it.` })
}

/** Relay global ids: base64 of "Type:key" (UTF-8), as Pothos writes them by default. */
export function encodeGlobalID(typename: string, id: bigint | number | string): string {
  const bytes = new TextEncoder().encode(`${typename}:${id}`)
  return btoa(String.fromCharCode(...bytes))
}

/** Decodes a global id, refusing one that is not base64 of "Type:key" or whose key cannot be its type's. */
export function decodeGlobalID(globalID: string): { typename: string; id: string } {
  let text: string
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(atob(globalID), (c) => c.charCodeAt(0)))
  } catch {
    throw invalid(globalID)
  }
  const colon = text.indexOf(':')
  const typename = text.slice(0, colon)
  const id = text.slice(colon + 1)
  // No key of ours holds a control character (a newline, NUL): such an id was not issued by us.
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  if (colon < 1 || id === '' || /[\u0000-\u001f\u007f]/.test(text) || (INTEGER_KEYED.has(typename) && !/^\d{1,15}$/.test(id))) throw invalid(globalID)
  return { typename, id }
}
