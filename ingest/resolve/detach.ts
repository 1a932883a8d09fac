/**
 * A copy of `text` that does not keep its parent alive. Parsed fields are V8 slices of a
 * whole chunk of the file (about a megabyte); a field kept as a long-lived Map key would pin
 * its chunk, and memory would grow with the file. Call this before storing a field for longer
 * than its row.
 */
export function detach(text: string): string {
  return text.length < 13 ? text : (` ${text}`).slice(1)
}
