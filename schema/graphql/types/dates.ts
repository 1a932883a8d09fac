import type { DatePrecision as Precision } from '../../tables/enums'
import { builder } from '../builder'
import { DatePrecision } from './enums'

export interface PartialDateShape {
  value: string | null
  precision: Precision
  inferred: boolean
  note: string | null
}

export function partialDate(value: string | null, precision: Precision, inferred = false, note: string | null = null): PartialDateShape {
  return { value, precision, inferred, note }
}

export const PartialDate = builder.objectRef<PartialDateShape>('PartialDate').implement({
  description:
    'A date only as precise as its source: "2014-01-14" (DAY), "2009-11" (MONTH), "2011" (YEAR), "2013-14" (FINANCIAL_YEAR), or no value (UNKNOWN). inferred is true when part of it (e.g. the year) was worked out rather than stated; note says how.',
  fields: (t) => ({
    value: t.string({ nullable: true, resolve: (d) => d.value }),
    precision: t.field({ type: DatePrecision, resolve: (d) => d.precision }),
    inferred: t.boolean({ resolve: (d) => d.inferred }),
    note: t.string({ nullable: true, resolve: (d) => d.note }),
  }),
})
