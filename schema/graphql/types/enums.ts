import * as vocab from '../../tables/enums'
import { builder } from '../builder'

/** GraphQL enums from the stored vocabularies: stored 'net' is NET in GraphQL. */
export function enumOf<const T extends readonly string[]>(name: string, values: T, description: string) {
  return builder.enumType(name, {
    description,
    values: Object.fromEntries(values.map((v) => [v.toUpperCase(), { value: v }])) as {
      [K in T[number] as Uppercase<K>]: { value: K }
    },
  })
}

export const VatBasis = enumOf('VatBasis', vocab.vatBases, 'Whether an amount includes VAT: NET excludes it, GROSS includes it, UNKNOWN when the source does not say.')
export const Currency = enumOf('Currency', vocab.currencies, 'ISO 4217 currency code.')
export const DatePrecision = enumOf('DatePrecision', vocab.datePrecisions, 'How much of a date the source gives.')
export const BodyKind = enumOf('BodyKind', vocab.bodyKinds, 'The kind of public body.')
export const SourceKind = enumOf('SourceKind', vocab.sourceKinds, 'The kind of document a fact comes from.')
export const SupplierMatchMethod = enumOf('SupplierMatchMethod', vocab.supplierMatchMethods, 'How a raw supplier name was matched to a canonical supplier.')
export const ProgrammeKind = enumOf('ProgrammeKind', vocab.programmeKinds, 'The kind of programme.')
export const ProgrammeRole = enumOf('ProgrammeRole', vocab.programmeRoles, "A body's part in a programme.")
export const ContractValueKind = enumOf('ContractValueKind', vocab.contractValueKinds, 'What a contract value is: the award, a ceiling, a sum contingent on delivery, or an estimate.')
export const ContractStatus = enumOf('ContractStatus', vocab.contractStatuses, 'Where a contract stood when the source described it.')
export const ClaimKind = enumOf('ClaimKind', vocab.claimKinds, 'What a savings claim promises.')
export const GrossOrNet = enumOf('GrossOrNet', vocab.grossOrNet, 'Whether a claimed saving is before (GROSS) or after (NET) its costs.')
export const ClaimBasis = enumOf('ClaimBasis', vocab.claimBases, 'How a claimed or reported amount accrues.')
export const AmountQualifier = enumOf('AmountQualifier', vocab.amountQualifiers, 'How the source bounds a figure ("more than £72m" is AT_LEAST).')
export const FoiStatus = enumOf('FoiStatus', vocab.foiStatuses, 'The outcome of an FOI request.')
export const PayeeClass = enumOf('PayeeClass', vocab.payeeClasses, 'Whether a payee is a supplier, or a redacted or personal payee that is never named.')
