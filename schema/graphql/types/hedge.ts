import { hedgeKinds } from '../../tables/enums'
import { builder } from '../builder'
import { Contract } from './contract'
import { enumOf } from './enums'

export const HedgeKind = enumOf(
  'HedgeKind',
  hedgeKinds,
  'How a source hedges a figure: AS_UNDERSTOOD ("from what I can gather"), APPARENT ("apparently"), VAGUE ("a vague threat"), PRESUMED ("presumably"), ESTIMATED ("estimates that"), LIKELY ("likely to be"); and words that bound a figure: ABOUT ("approximately"), AT_LEAST ("at least"), AT_MOST ("up to").',
)

/** A source's hedge on one field of a fact, with its words. */
export const Hedge = builder.drizzleObject('hedges', {
  name: 'Hedge',
  description: 'A source hedges one field of this fact: the figure is no firmer than these words.',
  fields: (t) => ({
    field: t.exposeString('field', { description: 'The field the hedge applies to, as named in the curated data or the FOI record (e.g. "amount", "value", "contingent").' }),
    kind: t.expose('kind', { type: HedgeKind }),
    words: t.exposeString('words', { description: "The source's hedging words, verbatim." }),
  }),
})

// Contract's own file belongs to the contract type; its hedges are added from here.
builder.drizzleObjectField(Contract, 'hedges', (t) =>
  t.relation('hedges', { description: 'Hedges the source puts on this contract\'s fields ("a vague threat" on the contingent sum).', query: { orderBy: { id: 'asc' } } }),
)
