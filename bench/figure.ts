// The one shape every bench prints with --json: one object per figure, a line each, with the
// baseline (a raw library or direct SQL doing the same work) measured in the same run.
export interface Figure {
  bench: string
  name: string
  value: number
  unit: string
  baseline: number
  /** Defined per bench (say which in its doc comment): ours ÷ baseline for rates, value ÷ baseline for latencies. */
  ratio: number
}

/** True when the bench's argv asks for machine-readable output. */
export const wantsJson = (argv: readonly string[]): boolean => argv.includes('--json')

/** Prints one figure: a JSON line with --json, else a readable line. */
export function printFigure(figure: Figure, json: boolean): void {
  if (json) {
    console.log(JSON.stringify(figure))
    return
  }
  const fmt = (n: number) => (Math.abs(n) >= 100 ? n.toFixed(0) : n.toPrecision(3))
  console.log(`  ${figure.name.padEnd(32)} ${fmt(figure.value).padStart(10)} ${figure.unit.padEnd(8)} baseline ${fmt(figure.baseline).padStart(10)}  ratio ${figure.ratio.toFixed(3)}`)
}
