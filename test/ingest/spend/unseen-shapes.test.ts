import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FileReport } from '../../../ingest/spend/report'
import { hasShared, needsShared } from '../../helpers/shared'
import { type TempDb, openTempDb, writeWorkbook } from './helpers'
import {
  type Column,
  type Layout,
  type Payment,
  type SourceName,
  type HeaderCase,
  amountForms,
  casedHeader,
  dateForms,
  daysBefore,
  delimited,
  extras,
  manifest,
  readSource,
  renamedHeader,
  sources,
  sumOf,
  table,
  vatOn,
} from './unseen'

// Files of bodies we have never seen, made from real corpus files (unseen.ts): each is a real
// month of payments written as another publisher's finance system would write it. Each is
// ingested with `--new-body` and nothing else and must land with the manifest's payment count
// and total, every payment on its source day, its date, amount and payee read from the columns
// that hold them and no identifier column taken for a figure or the payee; or, where a person
// could not tell either, be refused with the `--map` that settles it.

type DateForm = keyof typeof dateForms
type AmountForm = keyof typeof amountForms

const D = (header: string, form: DateForm): Column => ({ header, cell: (p) => dateForms[form](p.iso) })
const A = (header: string, form: AmountForm = 'plain'): Column => ({ header, cell: (p) => amountForms[form](p.pence) })
const P = (header: string): Column => ({ header, cell: (p) => p.payee })
const K = (header: string, k: number): Column => ({ header, cell: (p) => p.kept[k] ?? '' })
const X = (header: string, make: (i: number) => string): Column => ({ header, cell: (_, i) => make(i) })
const VAT = (header: string): Column => ({ header, cell: (p) => amountForms.plain(vatOn(p.pence)) })
const GROSS = (header: string): Column => ({ header, cell: (p) => amountForms.plain(p.pence + vatOn(p.pence)) })
const RECEIVED = (header: string, form: DateForm, days: number): Column => ({ header, cell: (p) => dateForms[form](daysBefore(p.iso, days)) })

interface Case {
  name: string
  source: SourceName
  file: string
  columns: Column[]
  layout?: Layout
  /** Headers of the date, amount and payee columns the file must be read from. */
  reads: { date: string; amount: string; supplier: string }
  /** Headers of other columns, and the only fields each may be read as (none: unread). */
  decoys?: Record<string, string[]>
  /** Warnings the file must carry. */
  warns?: string[]
}

const period = (iso: string) => iso.slice(0, 7)
const title = (name: string): string[][] => [[`${name} - payments over £500`], ['Produced by the Finance Service'], []]
const totalRow = (at: number, width: number) => (ps: readonly Payment[]) => [Array.from({ length: width }, (_, i) => (i === 0 ? 'Total' : i === at ? sumOf(ps) : ''))]

const cases: Case[] = [
  {
    name: 'posting date, vendor name, value; abbreviated description and reference',
    source: 'cabinet',
    file: 'spend-2019-06.csv',
    columns: [D('Posting Date', 'dmy'), P('Vendor Name'), K('Desc', 0), K('Dept', 1), K('Txn No', 2), A('Value')],
    reads: { date: 'Posting Date', amount: 'Value', supplier: 'Vendor Name' },
    decoys: { 'Txn No': ['transactionRef'] },
  },
  {
    name: 'date paid as 01-Apr-2015, payee, sum paid in £ with a supplier post code beside it',
    source: 'dfid',
    file: 'payments june 2010.csv',
    columns: [D('Date Paid', 'ddMonYyyy'), P('Payee'), X('Supplier Post Code', extras.postcode), K('Expense Type', 0), A('Sum Paid', 'pounds')],
    reads: { date: 'Date Paid', amount: 'Sum Paid', supplier: 'Payee' },
    decoys: { 'Supplier Post Code': [] },
  },
  {
    name: 'invoice value in brackets for credits, beneficiary, company and VAT registration numbers',
    source: 'bis',
    file: 'transparency-nov-2010.csv',
    columns: [D('Invoice Date', 'dmy'), P('Beneficiary'), X('Company Registration Number', extras.companyNumber), X('VAT Registration Number', extras.vatNumber), K('Expense Area', 1), A('Invoice Value', 'brackets')],
    reads: { date: 'Invoice Date', amount: 'Invoice Value', supplier: 'Beneficiary' },
    decoys: { 'Company Registration Number': ['companyNumber'], 'VAT Registration Number': [] },
  },
  {
    name: 'transaction date as 1 April 2015, creditor, total with CR credits, cost centre code and PO number',
    source: 'harrogate',
    file: 'harrogate-style-2015-06.csv',
    columns: [K('Cost Centre Code', 1), D('Transaction Date', 'dMonthYyyy'), P('Creditor'), X('Purchase Order Number', extras.purchaseOrder), A('Total', 'credit')],
    reads: { date: 'Transaction Date', amount: 'Total', supplier: 'Creditor' },
    decoys: { 'Purchase Order Number': ['transactionRef'], 'Cost Centre Code': ['serviceArea', 'serviceDivision', 'expenseCode'] },
  },
  {
    name: 'pay date dd/mm/yy, merchant name, net £ beside VAT and a gross value',
    source: 'salford',
    file: 'salford-like-2011-08.csv',
    columns: [D('Pay Date', 'dmyy'), P('Merchant Name'), K('Directorate', 0), A('Net £'), VAT('VAT'), GROSS('Gross Value')],
    reads: { date: 'Pay Date', amount: 'Net £', supplier: 'Merchant Name' },
    decoys: { VAT: ['vat'], 'Gross Value': [] },
  },
  {
    name: 'cleared yyyy/mm/dd, recipient, amount paid £, charity number',
    source: 'manchester',
    file: 'manchester-2011-09.csv',
    columns: [K('Service Area', 0), D('Cleared', 'ymdSlash'), P('Recipient'), X('Charity Number', extras.charityNumber), A('Amount Paid £')],
    reads: { date: 'Cleared', amount: 'Amount Paid £', supplier: 'Recipient' },
    decoys: { 'Charity Number': [] },
  },
  {
    name: 'Dt dd.mm.yyyy, Supplier Name 1, Amt with a trailing minus, Dept',
    source: 'bradford',
    file: 'bradford-like-2013-05.csv',
    columns: [K('Dept', 0), D('Dt', 'dmyDots'), A('Amt', 'trailingMinus'), P('Supplier Name 1')],
    reads: { date: 'Dt', amount: 'Amt', supplier: 'Supplier Name 1' },
  },
  {
    name: 'payment value (exc VAT) as GBP 1,234.56, ISO dates at midnight, a VAT amount and a gross column',
    source: 'cabinet',
    file: 'co-2019-06.csv',
    columns: [D('Pay Date', 'isoMidnight'), P('Payee'), K('Expense Type', 0), A('Payment Value (exc VAT)', 'gbpCode'), VAT('VAT'), GROSS('Gross')],
    reads: { date: 'Pay Date', amount: 'Payment Value (exc VAT)', supplier: 'Payee' },
    decoys: { VAT: ['vat'], Gross: [] },
  },
  {
    name: 'ALL CAPS headers, a DATE RECEIVED before the PAYMENT DATE',
    source: 'dfid',
    file: 'DFID_JUNE_2010.csv',
    columns: [RECEIVED('DATE RECEIVED', 'dmy', 9), D('PAYMENT DATE', 'dmy'), P('SUPPLIER NAME'), K('EXPENSE TYPE', 0), A('AMOUNT')],
    reads: { date: 'PAYMENT DATE', amount: 'AMOUNT', supplier: 'SUPPLIER NAME' },
    decoys: { 'DATE RECEIVED': [] },
  },
  {
    name: 'snake_case headers',
    source: 'bis',
    file: 'bis_2010_11.csv',
    columns: [D('payment_date', 'dmy'), P('supplier_name'), K('expense_type', 0), K('transaction_no', 2), A('net_amount')],
    reads: { date: 'payment_date', amount: 'net_amount', supplier: 'supplier_name' },
  },
  {
    name: 'camelCase headers with a cost centre code',
    source: 'harrogate',
    file: 'harrogate-camel-2015-06.csv',
    columns: [D('paymentDate', 'iso'), P('supplierName'), K('costCentreCode', 1), K('transactionNo', 2), A('amountPaid')],
    reads: { date: 'paymentDate', amount: 'amountPaid', supplier: 'supplierName' },
  },
  {
    name: 'headers padded with spaces and non-breaking spaces',
    source: 'salford',
    file: 'salford-padded-2011-08.csv',
    columns: [D('Payment\u00a0Date ', 'iso'), P(' Supplier\u00a0Name'), K('Directorate  ', 0), A('\u00a0Amount ')],
    reads: { date: 'Payment\u00a0Date', amount: 'Amount', supplier: 'Supplier\u00a0Name' },
  },
  {
    name: 'Excel serial dates written into a CSV, spaces as thousands separators',
    source: 'manchester',
    file: 'export-2011-09.csv',
    columns: [D('Transaction Date', 'serial'), P('Supplier'), K('Expenses Type', 1), A('Amount', 'spaces')],
    reads: { date: 'Transaction Date', amount: 'Amount', supplier: 'Supplier' },
  },
  {
    name: 'dd/mm/yyyy 00:00, merchant name and merchant category (card payments)',
    source: 'cabinet',
    file: 'gpc-2019-06.csv',
    columns: [D('Transaction Date', 'dmyTime'), P('Merchant Name'), X('Merchant Category', extras.merchantCategory), A('Amount')],
    reads: { date: 'Transaction Date', amount: 'Amount', supplier: 'Merchant Name' },
    decoys: { 'Merchant Category': ['expenseType', 'expenseCategory'] },
  },
  {
    name: 'a US export: month-first dates, detectable by days past the 12th',
    source: 'bradford',
    file: 'us-style-2013-05.csv',
    columns: [D('Date', 'mdy'), P('Vendor'), A('Amount')],
    reads: { date: 'Date', amount: 'Amount', supplier: 'Vendor' },
    warns: ['MONTH_FIRST_DATES'],
  },
  {
    name: 'a title, a period line and a blank line above the header, a total and a footer below',
    source: 'dfid',
    file: 'dfid-titled-2010-06.csv',
    columns: [D('Date', 'dmy'), P('Supplier'), K('Expense Type', 0), K('Transaction Number', 2), A('Amount', 'pounds')],
    layout: { above: title('Department for International Development'), below: (ps) => [...totalRow(4, 5)(ps), ['© Crown copyright']] },
    reads: { date: 'Date', amount: 'Amount', supplier: 'Supplier' },
  },
  {
    name: 'tab-delimited',
    source: 'bis',
    file: 'bis-2010-11.tsv',
    columns: [D('Transaction Date', 'dmy'), P('Supplier Name'), K('Expense Area', 1), A('Gross Amount', 'plain')],
    layout: { delimiter: '\t' },
    reads: { date: 'Transaction Date', amount: 'Gross Amount', supplier: 'Supplier Name' },
  },
  {
    name: 'semicolon-delimited, every cell quoted, amounts with thousands separators',
    source: 'harrogate',
    file: 'harrogate-semicolon-2015-06.csv',
    columns: [D('Payment Date', 'dmy'), P('Supplier Name'), K('Service', 1), A('Amount', 'pounds')],
    layout: { delimiter: ';', quoteAll: true },
    reads: { date: 'Payment Date', amount: 'Amount', supplier: 'Supplier Name' },
  },
  {
    name: 'pipe-delimited with non-breaking spaces as thousands separators',
    source: 'salford',
    file: 'salford-pipe-2011-08.txt',
    columns: [D('Date of Payment', 'iso'), P('Supplier'), K('Directorate', 0), A('Net Amount', 'nbsp')],
    layout: { delimiter: '|' },
    reads: { date: 'Date of Payment', amount: 'Net Amount', supplier: 'Supplier' },
  },
  {
    name: 'every cell quoted, CR-only line ends (an old Mac export)',
    source: 'manchester',
    file: 'manchester-cr-2011-09.csv',
    columns: [D('Payment Date', 'dmy'), P('Supplier Name'), K('Service Area', 0), A('Net Amount')],
    layout: { quoteAll: true, newline: '\r' },
    reads: { date: 'Payment Date', amount: 'Net Amount', supplier: 'Supplier Name' },
  },
  {
    name: "Excel's \"Unicode text\": UTF-16LE with a BOM, tab-delimited",
    source: 'cabinet',
    file: 'cabinet-unicode-2019-06.txt',
    columns: [D('Payment Date', 'dmy'), P('Supplier'), K('Expense Type', 0), A('Amount £', 'pounds')],
    layout: { delimiter: '\t', encoding: 'utf-16le' },
    reads: { date: 'Payment Date', amount: 'Amount £', supplier: 'Supplier' },
  },
  {
    name: 'Windows-1252 with £ in the header and the amounts',
    source: 'harrogate',
    file: 'harrogate-1252-2015-06.csv',
    columns: [D('Date', 'dmy'), P('Supplier'), A('Value (£)', 'pounds'), K('Narrative', 3)],
    layout: { encoding: 'windows-1252' },
    reads: { date: 'Date', amount: 'Value (£)', supplier: 'Supplier' },
  },
  {
    name: 'a minus inside the pound sign, a supplier id beside the supplier post code',
    source: 'bis',
    file: 'bis-ids-2010-11.csv',
    columns: [D('Payment Date', 'dmy'), X('Supplier ID', (i) => `S${String(10_000 + (i % 400))}`), P('Supplier Name'), X('Supplier Postcode', extras.postcode), A('Net £', 'poundsMinusInside')],
    reads: { date: 'Payment Date', amount: 'Net £', supplier: 'Supplier Name' },
    decoys: { 'Supplier ID': ['supplierRef'], 'Supplier Postcode': [] },
  },
  {
    name: 'the invoice date first, the date paid after it',
    source: 'salford',
    file: 'salford-dates-2011-08.csv',
    columns: [RECEIVED('Invoice Date', 'dmy', 21), D('Date Paid', 'dmy'), P('Supplier Name'), A('Amount')],
    reads: { date: 'Date Paid', amount: 'Amount', supplier: 'Supplier Name' },
    decoys: { 'Invoice Date': [] },
  },
  {
    name: 'a gross value and no net column',
    source: 'manchester',
    file: 'manchester-gross-2011-09.csv',
    columns: [D('Date', 'iso'), P('Supplier'), A('Gross Value')],
    reads: { date: 'Date', amount: 'Gross Value', supplier: 'Supplier' },
  },
  {
    name: 'value beside a VAT amount and a gross column: the net is read',
    source: 'dfid',
    file: 'dfid-vat-2010-06.csv',
    columns: [D('Date', 'dmy'), P('Supplier'), GROSS('Total'), VAT('VAT'), A('Value')],
    reads: { date: 'Date', amount: 'Value', supplier: 'Supplier' },
    decoys: { Total: [], VAT: ['vat'] },
  },
  {
    name: 'payee with its postcode and address',
    source: 'cabinet',
    file: 'payee-address-2019-06.csv',
    columns: [D('Date', 'iso'), P('Payee'), X('Payee Address', (i) => `${1 + (i % 90)} High Street`), X('Payee Postcode', extras.postcode), A('Amount')],
    reads: { date: 'Date', amount: 'Amount', supplier: 'Payee' },
    decoys: { 'Payee Address': [], 'Payee Postcode': [] },
  },
  {
    name: 'an unheaded postcode column and an unheaded company number column (values alone)',
    source: 'bis',
    file: 'bis-values-2010-11.csv',
    columns: [D('Payment Date', 'dmy'), P('Supplier Name'), X('Ref 1', extras.postcode), X('Ref 2', extras.companyNumber), K('Transaction Number', 2), A('Amount')],
    reads: { date: 'Payment Date', amount: 'Amount', supplier: 'Supplier Name' },
    // "Ref 1" says reference: postcode-shaped values under it may be one (an invoice ref "AB12 3DE" is shaped so too).
    decoys: { 'Ref 1': ['supplierRef', 'transactionRef'], 'Ref 2': ['companyNumber', 'supplierRef', 'transactionRef'] },
  },
  {
    name: 'abbreviations with Co Reg No and PO No',
    source: 'harrogate',
    file: 'abbrev-2015-06.csv',
    columns: [D('Pmt Dt', 'dmy'), P('Supp Name'), X('Co Reg No', extras.companyNumber), X('PO No', extras.purchaseOrder), K('Exp Desc', 0), A('Net Amt')],
    reads: { date: 'Pmt Dt', amount: 'Net Amt', supplier: 'Supp Name' },
    decoys: { 'Co Reg No': ['companyNumber'], 'PO No': ['transactionRef'] },
  },
  {
    name: 'combined: a title, semicolons, ALL CAPS, 01-Apr-2015 dates, bracketed credits, postcodes, company numbers, a total',
    source: 'bradford',
    file: 'combined-2013-05.csv',
    columns: [K('DEPARTMENT', 0), D('DATE PAID', 'ddMonYyyy'), P('PAYEE'), X('POSTCODE', extras.postcode), X('COMPANY NO', extras.companyNumber), A('VALUE £', 'brackets')],
    layout: { delimiter: ';', above: title('Metropolitan District Council'), below: totalRow(5, 6) },
    reads: { date: 'DATE PAID', amount: 'VALUE £', supplier: 'PAYEE' },
    decoys: { POSTCODE: [], 'COMPANY NO': ['companyNumber'] },
  },
  {
    name: 'combined: UTF-16 tab text, d Month yyyy dates, GBP-coded amounts, a date received, a VAT column',
    source: 'dfid',
    file: 'dfid-unicode-2010-06.txt',
    columns: [RECEIVED('Date Received', 'dMonthYyyy', 5), D('Date Paid', 'dMonthYyyy'), P('Beneficiary Name'), A('Net Value', 'gbpCode'), VAT('VAT')],
    layout: { delimiter: '\t', encoding: 'utf-16le', above: [['Payments made in June 2010'], []] },
    reads: { date: 'Date Paid', amount: 'Net Value', supplier: 'Beneficiary Name' },
    decoys: { 'Date Received': [], VAT: ['vat'] },
  },
  {
    name: 'combined: Windows-1252, pipes, -£ amounts, cost centre and charity numbers, serial dates',
    source: 'salford',
    file: 'salford-1252-2011-08.csv',
    columns: [X('Cost Centre', extras.costCentre), D('Posted', 'serial'), P('Creditor Name'), X('Charity No', extras.charityNumber), A('Amount (£)', 'pounds')],
    layout: { delimiter: '|', encoding: 'windows-1252' },
    reads: { date: 'Posted', amount: 'Amount (£)', supplier: 'Creditor Name' },
    decoys: { 'Charity No': [] },
  },
  {
    name: 'SQL-export timestamps with milliseconds, £ then a space, a quantity and unit price beside the line total',
    source: 'cabinet',
    file: 'sql-export-2019-06.csv',
    columns: [D('TRANSACTION_DATE', 'sqlTimestamp'), P('SUPPLIER_NAME'), X('QUANTITY', (i) => String(1 + (i % 4))), X('UNIT_PRICE', (i) => `${10 + (i % 50)}.00`), A('LINE_TOTAL', 'poundsSpace')],
    reads: { date: 'TRANSACTION_DATE', amount: 'LINE_TOTAL', supplier: 'SUPPLIER_NAME' },
    decoys: { QUANTITY: [], UNIT_PRICE: [] },
  },
  {
    name: 'unpadded d/m/yyyy dates, DR/CR marked amounts, a supplier number of six digits and an invoice number',
    source: 'bis',
    file: 'bis-drcr-2010-11.csv',
    columns: [X('Supplier Number', (i) => String(300_000 + ((i * 37) % 5000))), P('Name of Supplier'), D('Date of Invoice Payment', 'dmyUnpadded'), X('Invoice Number', (i) => String(7_100_000 + i)), A('Transaction Value', 'drcr')],
    reads: { date: 'Date of Invoice Payment', amount: 'Transaction Value', supplier: 'Name of Supplier' },
    decoys: { 'Supplier Number': ['supplierRef'], 'Invoice Number': ['transactionRef'] },
  },
  {
    name: '11 Jun 19 dates, unicode minus signs, a financial year and an accounting period beside the payment date',
    source: 'harrogate',
    file: 'harrogate-periods-2015-06.csv',
    columns: [X('Financial Year', () => '2015/16'), X('Accounting Period', () => 'P03 2015/16'), D('Payment Date', 'dMonYy'), P('Supplier/Payee'), A('Spend (£)', 'unicodeMinus')],
    reads: { date: 'Payment Date', amount: 'Spend (£)', supplier: 'Supplier/Payee' },
    decoys: { 'Financial Year': [], 'Accounting Period': [] },
  },
  {
    name: 'long dates ("Tuesday, 11 June 2019"), an amount headed only "£", a trading name',
    source: 'cabinet',
    file: 'long-dates-2019-06.csv',
    columns: [D('Date', 'longDate'), P('Trading Name'), K('Expense Type', 0), A('£', 'plain')],
    reads: { date: 'Date', amount: '£', supplier: 'Trading Name' },
  },
  {
    name: '11th June 2019 dates, amounts with a trailing GBP, an account code of five digits, a VAT rate and VAT code',
    source: 'dfid',
    file: 'dfid-codes-2010-06.csv',
    columns: [D('Payment Date', 'ordinal'), X('Account Code', (i) => String(41_000 + ((i * 7) % 900))), P('Third Party Name'), X('VAT Rate', (i) => (i % 3 ? '20%' : '0%')), X('VAT Code', (i) => (i % 3 ? 'S' : 'Z')), A('Cost (£)', 'trailingCode')],
    reads: { date: 'Payment Date', amount: 'Cost (£)', supplier: 'Third Party Name' },
    decoys: { 'Account Code': ['expenseCode'], 'VAT Rate': [], 'VAT Code': ['vat'] },
  },
  {
    name: 'yyyymmdd dates, +signed amounts, a pivot export "Sum of Net", the payee headed "Organisation Name"',
    source: 'salford',
    file: 'salford-pivot-2011-08.csv',
    columns: [D('Posting Date', 'compact'), P('Organisation Name'), K('Directorate', 0), A('Sum of Net', 'plusSigned')],
    reads: { date: 'Posting Date', amount: 'Sum of Net', supplier: 'Organisation Name' },
  },
  {
    name: 'payment made to, expenditure £, (£1,234.56) credits, a cost centre of four digits',
    source: 'manchester',
    file: 'manchester-mixed-2011-09.csv',
    columns: [X('Cost Centre', (i) => String(1000 + ((i * 13) % 8999))), D('Date', 'dmy'), P('Payment Made To'), A('Expenditure £', 'bracketsPounds')],
    reads: { date: 'Date', amount: 'Expenditure £', supplier: 'Payment Made To' },
    decoys: { 'Cost Centre': ['serviceArea', 'serviceDivision', 'expenseCode'] },
  },
  {
    name: 'Welsh bilingual headers',
    source: 'dfid',
    file: 'cyngor-2010-06.csv',
    columns: [D('Dyddiad Talu / Payment Date', 'dmy'), P('Enw Cyflenwr / Supplier Name'), K('Math o Wariant / Expense Type', 0), A('Swm / Amount')],
    reads: { date: 'Dyddiad Talu / Payment Date', amount: 'Swm / Amount', supplier: 'Enw Cyflenwr / Supplier Name' },
  },
  {
    name: 'header cells wrapped over lines inside their quotes',
    source: 'bis',
    file: 'bis-wrapped-2010-11.csv',
    columns: [D('Payment\nDate', 'dmy'), P('Supplier\nName'), K('Expense\nType', 0), A('Net\nAmount\n(£)', 'pounds')],
    reads: { date: 'Payment\nDate', amount: 'Net\nAmount\n(£)', supplier: 'Supplier\nName' },
  },
  {
    name: 'report parameters above the header in label, value cells',
    source: 'cabinet',
    file: 'report-2019-06.csv',
    columns: [D('Payment Date', 'dmy'), P('Supplier'), K('Expense Area', 1), A('Amount')],
    layout: { above: [['Report:', 'Payments over £500', ''], ['Run on:', '01/07/2019', '09:14'], ['Period:', '01/06/2019', '30/06/2019'], ['', '', '']] },
    reads: { date: 'Payment Date', amount: 'Amount', supplier: 'Supplier' },
  },
  {
    name: 'payments grouped by directorate, a subtotal row after each group and a grand total',
    source: 'salford',
    file: 'salford-grouped-2011-08.csv',
    columns: [K('Directorate', 0), D('Payment Date', 'dmy'), P('Supplier Name'), A('Amount')],
    layout: {
      body: (ps, row) => {
        const groups = new Map<string, Payment[]>()
        for (const p of ps) groups.set(p.kept[0]!, [...(groups.get(p.kept[0]!) ?? []), p])
        let i = 0
        return [...groups].flatMap(([name, g]) => [...g.map((p) => row(p, i++)), [`${name} Total`, '', '', sumOf(g)]])
      },
      below: (ps) => [['Grand Total', '', '', sumOf(ps)]],
    },
    reads: { date: 'Payment Date', amount: 'Amount', supplier: 'Supplier Name' },
  },
  {
    name: 'credit notes as positive figures marked in a document type column',
    source: 'bradford',
    file: 'bradford-doctype-2013-05.csv',
    columns: [D('Payment Date', 'iso'), P('Supplier'), { header: 'Document Type', cell: (p) => (p.pence < 0n ? 'Credit Note' : 'Invoice') }, { header: 'Amount', cell: (p) => amountForms.plain(p.pence < 0n ? -p.pence : p.pence) }],
    reads: { date: 'Payment Date', amount: 'Amount', supplier: 'Supplier' },
  },
  {
    name: 'credits as positive figures marked D or C',
    source: 'bis',
    file: 'bis-dc-2010-11.csv',
    columns: [D('Payment Date', 'dmy'), P('Supplier'), { header: 'Amount', cell: (p) => amountForms.plain(p.pence < 0n ? -p.pence : p.pence) }, { header: 'D/C', cell: (p) => (p.pence < 0n ? 'C' : 'D') }],
    reads: { date: 'Payment Date', amount: 'Amount', supplier: 'Supplier' },
  },
  {
    name: 'a printed report: the title and header repeated on every page, a page number under each',
    source: 'bis',
    file: 'bis-pages-2010-11.csv',
    columns: [D('Payment Date', 'dmy'), P('Supplier'), K('Expense Type', 0), A('Amount', 'pounds')],
    layout: {
      above: [['Spend over £25,000 - November 2010']],
      body: (ps, row) => ps.flatMap((p, i) => (i > 0 && i % 100 === 0 ? [[`Page ${i / 100} of ${Math.ceil(ps.length / 100)}`], ['Spend over £25,000 - November 2010'], ['Payment Date', 'Supplier', 'Expense Type', 'Amount'], row(p, i)] : [row(p, i)])),
    },
    reads: { date: 'Payment Date', amount: 'Amount', supplier: 'Supplier' },
  },
  {
    name: "cells kept as text with a leading apostrophe ('01/06/2019, '1234.56)",
    source: 'cabinet',
    file: 'apostrophe-2019-06.csv',
    columns: [D('Payment Date', 'apostrophe'), P('Supplier'), A('Amount', 'apostrophe')],
    reads: { date: 'Payment Date', amount: 'Amount', supplier: 'Supplier' },
  },
  {
    name: 'cells kept as text by an Excel formula (="01/06/2019", ="1234.56")',
    source: 'dfid',
    file: 'formula-text-2010-06.csv',
    columns: [D('Payment Date', 'excelText'), P('Supplier'), A('Amount', 'excelText')],
    reads: { date: 'Payment Date', amount: 'Amount', supplier: 'Supplier' },
  },
  {
    name: 'an Oracle export: DD-MON-YY in capitals, upper-case headers with underscores',
    source: 'harrogate',
    file: 'ORACLE_AP_2015_06.csv',
    columns: [D('CHECK_DATE', 'oracle'), P('VENDOR_NAME'), X('VENDOR_SITE_CODE', extras.postcode), K('INVOICE_NUM', 2), A('AMOUNT_PAID')],
    reads: { date: 'CHECK_DATE', amount: 'AMOUNT_PAID', supplier: 'VENDOR_NAME' },
    // Its header says code: an Oracle vendor site code identifies the supplier's site, whatever its values look like.
    decoys: { VENDOR_SITE_CODE: ['supplierRef'] },
  },
  {
    name: 'Excel serials with a time of day, and ISO times in UTC',
    source: 'salford',
    file: 'salford-times-2011-08.csv',
    columns: [D('Posted', 'serialWithTime'), D('Paid', 'isoZulu'), P('Supplier'), A('Net Amount')],
    reads: { date: 'Paid', amount: 'Net Amount', supplier: 'Supplier' },
  },
  {
    name: 'a summary under the payments, its labels where the payee goes: total value, number of transactions, average',
    source: 'cabinet',
    file: 'co-summary-2019-06.csv',
    columns: [P('Supplier'), D('Payment Date', 'dmy'), K('Expense Area', 1), A('Amount')],
    layout: {
      below: (ps) => {
        const sum = ps.reduce((t, p) => t + p.pence, 0n)
        // The mean to the penny, rounded half up (every sum here is positive).
        const mean = (sum * 2n + BigInt(ps.length)) / (2n * BigInt(ps.length))
        return [[], ['Total value of payments', '', '', sumOf(ps)], ['Number of transactions', '', '', String(ps.length)], ['Average payment', '', '', amountForms.plain(mean)]]
      },
    },
    reads: { date: 'Payment Date', amount: 'Amount', supplier: 'Supplier' },
  },
  {
    name: 'a report grouped by day, each day closed by a dated "Total for" row and the month by a dated TOTAL',
    source: 'dfid',
    file: 'dfid-daily-2010-06.csv',
    columns: [D('Payment Date', 'dmy'), P('Supplier'), K('Expense Type', 0), A('Amount')],
    layout: {
      body: (ps, row) => {
        const days = new Map<string, Payment[]>()
        for (const p of ps) days.set(p.iso, [...(days.get(p.iso) ?? []), p])
        let i = 0
        const last = [...days.keys()].sort().at(-1)!
        return [
          ...[...days].flatMap(([iso, group]) => [...group.map((p) => row(p, i++)), [dateForms.dmy(iso), `Total for ${dateForms.dmy(iso)}`, '', sumOf(group)]]),
          [dateForms.dmy(last), 'TOTAL', '', sumOf(ps)],
        ]
      },
    },
    reads: { date: 'Payment Date', amount: 'Amount', supplier: 'Supplier' },
  },
  {
    name: 'a dated total with no label under the payments',
    source: 'cabinet',
    file: 'co-dated-total-2019-06.csv',
    columns: [P('Supplier'), D('Payment Date', 'dmy'), A('Amount')],
    layout: { below: (ps) => [['', '30/06/2019', sumOf(ps)]] },
    reads: { date: 'Payment Date', amount: 'Amount', supplier: 'Supplier' },
  },
  {
    name: 'a naive export that quotes nothing: payees and service names with commas in them ("OLLIVIERRE, J")',
    source: 'bis',
    file: 'bis-unquoted-2010-11.csv',
    columns: [D('Payment Date', 'dmy'), P('Supplier'), K('Expense Area', 1), K('Transaction Number', 2), A('Amount')],
    layout: { quoteNever: true },
    reads: { date: 'Payment Date', amount: 'Amount', supplier: 'Supplier' },
  },
]

/** Words other publishers use for the three columns every payment needs. */
const vocabularies = {
  v1: { date: 'Date Paid', amount: 'Value', supplier: 'Vendor Name' },
  v2: { date: 'Posting Date', amount: 'Sum Paid', supplier: 'Creditor' },
  v3: { date: 'Cleared', amount: 'Amount Paid £', supplier: 'Recipient' },
  v4: { date: 'Pay Date', amount: 'Payment Value (exc VAT)', supplier: 'Beneficiary' },
  v5: { date: 'Transaction Date', amount: 'Invoice Value', supplier: 'Merchant Name' },
  v6: { date: 'Dt', amount: 'Amt', supplier: 'Payee' },
} as const

/** Corpus files, their own headers of date, amount and payee, and the vocabulary they are re-headed in. */
const renamedFiles: Array<{ file: string; date: string; amount: string; payee: string; vocabulary: keyof typeof vocabularies; headerCase: HeaderCase; also?: Record<string, string> }> = [
  { file: 'leeds/leeds_2011-05.csv', date: 'Date paid', amount: 'Net amount', payee: 'Supplier name', vocabulary: 'v1', headerCase: 'as is' },
  { file: 'calderdale/calderdale_2011-05.csv', date: 'Date', amount: 'Amount', payee: 'Supplier Name', vocabulary: 'v2', headerCase: 'upper', also: { 'Supplier ID': 'Vendor No', 'VAT Registration Number': 'VAT Reg No' } },
  { file: 'trafford-council/trafford-council_2014-07_201407-3.csv', date: 'Date', amount: 'Amount', payee: 'Supplier Name', vocabulary: 'v3', headerCase: 'as is', also: { 'Invoice Number': 'Invoice Ref' } },
  { file: 'isle-of-wight-council/isle-of-wight-council_2014-01_IW_PUBLISHED FORMAT - JAN 2014.csv', date: 'Date', amount: 'Amount', payee: 'Supplier Name', vocabulary: 'v4', headerCase: 'snake' },
  { file: 'tameside-mbc/tameside-mbc_2014-09_Tameside September 2014.csv', date: 'Paid Date', amount: 'Sum of Inv Amount', payee: 'Supplier Name', vocabulary: 'v5', headerCase: 'as is' },
  { file: 'dwp/dwp_2011-02_dwp-payments-february11.csv', date: 'Date', amount: 'Amount', payee: 'Supplier', vocabulary: 'v6', headerCase: 'upper' },
  { file: 'cabinet-office/cabinet-office_2010-04_Spend-Transactions-with-descriptions-CO-04-April-2010.csv_.csv', date: 'Date', amount: 'Amount £', payee: 'Supplier', vocabulary: 'v3', headerCase: 'as is' },
  { file: 'manchester/manchester_2011-04.csv', date: 'Invoice Payment Date', amount: 'Net Amount', payee: 'Supplier Name', vocabulary: 'v2', headerCase: 'snake' },
  { file: 'salford/salford_2011-09.csv', date: 'Date of Payment', amount: 'Net', payee: 'Supplier Name', vocabulary: 'v1', headerCase: 'upper' },
  { file: 'harrogate/harrogate_2015-04.csv', date: 'Payment Date', amount: 'Net amount', payee: 'Supplier Name', vocabulary: 'v6', headerCase: 'as is' },
  { file: 'bradford/bradford_2013-04.csv', date: 'Payment Date', amount: 'Amount', payee: 'Beneficiary Name', vocabulary: 'v4', headerCase: 'upper' },
  { file: 'bis/bis_2010-11_spending-data-nov-2010.csv', date: 'Date', amount: 'Amount', payee: 'Supplier', vocabulary: 'v5', headerCase: 'snake' },
]

/**
 * Combinations drawn (with a fixed seed, so every run tries the same files) from the words,
 * forms, identifier columns, cases and layouts above: transforms meet in ways no single case
 * above tries.
 */
function combinations(count: number): Array<{ name: string; source: SourceName; columns: Column[]; layout: Layout; reads: Case['reads'] }> {
  let seed = 20261130
  const rnd = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2147483648
    return seed % n
  }
  const pick = <T,>(xs: readonly T[]): T => xs[rnd(xs.length)]!
  const dates = ['Date Paid', 'Posting Date', 'Pay Date', 'Cleared', 'Transaction Date', 'Date of Payment', 'Dt', 'Paid On', 'Value Date', 'Processed']
  const amounts = ['Value', 'Sum Paid', 'Invoice Value', 'Total', 'Gross Value', 'Amount Paid £', 'Payment Value (exc VAT)', 'Net £', 'Amt', 'Spend', 'Cost (£)', 'Paid (£)']
  const payees = ['Payee', 'Vendor Name', 'Beneficiary', 'Creditor', 'Merchant Name', 'Recipient', 'Supplier Name 1', 'Trading Name', 'Paid To', 'Name of Supplier', 'Third Party Name']
  const dfs = (Object.keys(dateForms) as DateForm[]).filter((f) => f !== 'mdy')
  const afs = (Object.keys(amountForms) as AmountForm[]).filter((f) => f !== 'decimalComma')
  const decoys: Array<[string, (i: number) => string]> = [
    ['Supplier Post Code', extras.postcode], ['Company Reg No', extras.companyNumber], ['VAT Registration Number', extras.vatNumber], ['Charity Number', extras.charityNumber],
    ['Cost Centre', extras.costCentre], ['PO Number', extras.purchaseOrder], ['Merchant Category', extras.merchantCategory],
  ]
  const layouts: Layout[] = [{}, { delimiter: '\t' }, { delimiter: ';' }, { delimiter: '|' }, { quoteAll: true }, { encoding: 'windows-1252' }, { encoding: 'utf-16le', delimiter: '\t' }, { above: title('A council') }]
  const cased = [(h: string) => h, (h: string) => h.toUpperCase(), (h: string) => h.toLowerCase().replace(/[^a-z0-9£]+/g, '_').replace(/^_|_$/g, '')]
  return Array.from({ length: count }, (_, k) => {
    const source = pick(['cabinet', 'dfid', 'bis', 'harrogate', 'salford', 'manchester'] as const)
    const cas = pick(cased)
    const [dh, ah, ph, df, af] = [cas(pick(dates)), cas(pick(amounts)), cas(pick(payees)), pick(dfs), pick(afs)]
    const columns: Column[] = [D(dh, df), P(ph), A(ah, af)]
    for (let d = rnd(3); d > 0; d--) {
      const [h, make] = pick(decoys)
      if (!columns.some((c) => c.header === cas(h))) columns.splice(rnd(columns.length + 1), 0, X(cas(h), make))
    }
    if (rnd(4) === 0) columns.push(VAT(cas('VAT')))
    if (rnd(3) === 0) columns.splice(rnd(columns.length + 1), 0, K(cas('Expense Type'), 0))
    const layout = pick(layouts)
    return { name: `${k + 1}: ${columns.map((c) => c.header).join(' | ')}; ${df} dates, ${af} amounts; ${JSON.stringify(layout).slice(0, 40)}`, source, columns, layout, reads: { date: dh.trim(), amount: ah.trim(), supplier: ph.trim() } }
  })
}

const expected = manifest()
const fieldsRead = (r: FileReport) => Object.fromEntries(r.columns.map((c) => [c.field, c.header]))

describe.skipIf(!hasShared)(`unseen shapes: real months written as other publishers write them${needsShared}`, () => {
  let db: TempDb
  const payments = new Map<SourceName, Payment[]>()
  let n = 0
  const newBody = () => ({ newBody: { name: `Unseen Body ${++n}`, gssCode: null, kind: 'other' as const }, writer: 'direct' as const })

  beforeAll(async () => {
    db = await openTempDb([])
    for (const name of Object.keys(sources) as SourceName[]) payments.set(name, readSource(sources[name]))
  })
  afterAll(() => db?.cleanup())

  it('reads each source as the manifest counts it: the transforms start from the right payments', () => {
    for (const [name, ps] of payments) {
      const m = expected.get(sources[name].file)!
      expect({ name, rows: ps.length, totals: { GBP: sumOf(ps) } }).toEqual({ name, rows: m.paymentRows, totals: m.totals })
    }
  })

  /** The file lands with the manifest's count and totals, each payment on its source day. */
  function expectLanded(report: FileReport, source: SourceName, reads: Case['reads']) {
    const m = expected.get(sources[source].file)!
    expect({ status: report.status, refusal: report.status === 'refused' ? report.errors[0] : null }).toEqual({ status: 'ingested', refusal: null })
    expect({ accepted: report.accepted, rejected: report.rejected, totals: report.totals }).toEqual({ accepted: m.paymentRows, rejected: 0, totals: m.totals })
    const read = fieldsRead(report)
    expect({ date: read.date?.trim(), amount: read.amount?.trim(), supplier: read.supplier?.trim() }).toEqual(reads)
    const file = db.one<{ id: number }>('SELECT id FROM spend_files WHERE sha256 = ?', report.sha256)
    const stored = db.all<{ d: string; p: number }>('SELECT paid_on AS d, amount_pence AS p FROM payments WHERE spend_file_id = ? ORDER BY line', file.id)
    expect(stored.map((s) => `${s.d} ${s.p}`).sort()).toEqual(payments.get(source)!.map((p) => `${p.iso} ${p.pence}`).sort())
  }

  describe.each(cases)('$name', (c) => {
    it(`lands with the manifest's rows and total for ${sources[c.source].file}`, async () => {
      const path = db.file(c.file, delimited(table(payments.get(c.source)!, c.columns, c.layout), c.layout))
      const report = await db.ingest(path, newBody())
      expectLanded(report, c.source, c.reads)
      for (const [header, allowed] of Object.entries(c.decoys ?? {})) {
        const taken = report.columns.filter((col) => col.header.trim() === header).map((col) => col.field)
        expect({ header, taken: taken.filter((f) => !allowed.includes(f)) }).toEqual({ header, taken: [] })
      }
      for (const code of c.warns ?? []) expect(report.warnings.map((w) => w.code)).toContain(code)
    }, 120_000)
  })

  describe('a month whose every payment falls on the 1st to the 12th: day/month and month/day both read every date', () => {
    // Only the payments on the 1st to the 12th of the source month.
    const early = () => payments.get('cabinet')!.filter((p) => Number(p.iso.slice(8, 10)) <= 12)
    const storedDays = (report: FileReport) => {
      const file = db.one<{ id: number }>('SELECT id FROM spend_files WHERE sha256 = ?', report.sha256)
      return db.all<{ d: string }>('SELECT paid_on AS d FROM payments WHERE spend_file_id = ? ORDER BY line', file.id).map((s) => s.d)
    }

    it('a US export is refused, never read with days and months swapped; --map with the order reads it', async () => {
      const ps = early()
      expect(ps.length).toBeGreaterThan(10)
      const path = db.file('us-early-2019-06.csv', delimited(table(ps, [D('Date', 'mdy'), P('Vendor'), A('Amount')])))
      const refused = await db.ingest(path, newBody())
      expect(refused.status).toBe('refused')
      expect(refused.errors[0]).toMatchObject({ code: 'DATE_ORDER_CONFLICT' })
      expect(refused.errors[0]!.message).toContain('--map date="Date (mm/dd/yyyy)" or --map date="Date (dd/mm/yyyy)"')
      const read = await db.ingest(path, { ...newBody(), map: { date: 'Date (mm/dd/yyyy)' } })
      expect(read).toMatchObject({ status: 'ingested', accepted: ps.length, rejected: 0, totals: { GBP: sumOf(ps) } })
      expect(storedDays(read)).toEqual(ps.map((p) => p.iso))
    })

    it('a US export sorted by date, whose first hundreds of rows read both ways, is refused naming the --map that reads it', async () => {
      const ps = [...payments.get('bradford')!].sort((a, b) => a.iso.localeCompare(b.iso))
      expect(ps.slice(0, 300).every((p) => Number(p.iso.slice(8, 10)) <= 12)).toBe(true)
      const path = db.file('us-sorted-2013-05.csv', delimited(table(ps, [D('Date', 'mdy'), P('Vendor'), A('Amount')])))
      const refused = await db.ingest(path, newBody())
      expect(refused.errors[0]).toMatchObject({ code: 'DATE_ORDER_CONFLICT' })
      expect(refused.errors[0]!.message).toContain('--map date="Date (mm/dd/yyyy)"')
      expectLanded(await db.ingest(path, { ...newBody(), map: { date: 'Date (mm/dd/yyyy)' } }), 'bradford', { date: 'Date', amount: 'Amount', supplier: 'Vendor' })
    })

    it('the same payments written day first land as they are: their days fall in one month', async () => {
      const ps = early()
      const report = await db.ingest(db.file('uk-early-2019-06.csv', delimited(table(ps, [D('Date', 'dmy'), P('Supplier'), A('Amount')]))), newBody())
      expect(report).toMatchObject({ status: 'ingested', accepted: ps.length, rejected: 0, totals: { GBP: sumOf(ps) } })
      expect(storedDays(report)).toEqual(ps.map((p) => p.iso))
    })
  })

  describe.each(combinations(40))('combination $name', (c) => {
    it(`lands with the manifest's rows and total`, async () => {
      const path = db.file(`combination-${c.name.split(':')[0]}.csv`, delimited(table(payments.get(c.source)!, c.columns, c.layout), c.layout))
      expectLanded(await db.ingest(path, newBody()), c.source, c.reads)
    }, 120_000)
  })

  it('a month whose only date is its accounting period ("P03 2015/16") lands, each payment dated to the month', async () => {
    const m = expected.get(sources.harrogate.file)!
    const ps = payments.get('harrogate')!
    // June 2015 is period 3 of the financial year 2015/16 (April to March).
    expect(new Set(ps.map((p) => p.iso.slice(0, 7)))).toEqual(new Set(['2015-06']))
    const path = db.file('harrogate-period-3.csv', delimited(table(ps, [X('Period', () => 'P03 2015/16'), P('Supplier Name'), K('Expenditure Category', 0), A('Net Amount')])))
    const report = await db.ingest(path, newBody())
    expect(report).toMatchObject({ status: 'ingested', accepted: m.paymentRows, rejected: 0, totals: m.totals })
    expect(db.all('SELECT DISTINCT p.paid_on AS d, p.paid_precision AS precision FROM payments p JOIN spend_files f ON f.id = p.spend_file_id WHERE f.sha256 = ?', report.sha256)).toEqual([{ d: '2015-06', precision: 'month' }])
  })

  describe.each(renamedFiles)('$file with its headers in another vocabulary ($vocabulary, $headerCase)', (r) => {
    it("lands with the manifest's rows and totals, read from the renamed columns", async () => {
      const words = vocabularies[r.vocabulary]
      const renames = { [r.date]: words.date, [r.amount]: words.amount, [r.payee]: words.supplier, ...(r.also ?? {}) }
      const name = r.file.split('/').pop()!.replace(/\.csv.*$/i, `-renamed.csv`)
      const report = await db.ingest(db.file(name, renamedHeader(r.file, renames, r.headerCase)), newBody())
      const m = expected.get(r.file)!
      expect({ status: report.status, refusal: report.status === 'refused' ? report.errors[0] : null }).toEqual({ status: 'ingested', refusal: null })
      expect({ accepted: report.accepted, totals: report.totals }).toEqual({ accepted: m.paymentRows, totals: m.totals })
      const read = fieldsRead(report)
      const want = (h: string) => casedHeader(h, r.headerCase)
      expect({ date: read.date?.trim(), amount: read.amount?.trim(), supplier: read.supplier?.trim() }).toEqual({ date: want(words.date), amount: want(words.amount), supplier: want(words.supplier) })
    }, 120_000)
  })

  it('a UTF-8 file made undecodable by one Windows-1252 byte (an en dash in a payee): its £ amounts still read', async () => {
    const ps = payments.get('cabinet')!
    // A marker where the stray byte goes: the payees hold UTF-8 en dashes of their own.
    const text = delimited(table(ps, [D('Payment Date', 'dmy'), { header: 'Supplier', cell: (p, i) => (i === 5 ? `${p.payee} \u0001 UK` : p.payee) }, A('Amount', 'pounds')])).toString('utf8')
    const at = text.indexOf('\u0001')
    const bytes = Buffer.concat([Buffer.from(text.slice(0, at), 'utf8'), Buffer.from([0x96]), Buffer.from(text.slice(at + 1), 'utf8')])
    const report = await db.ingest(db.file('co-mixed-2019-06.csv', bytes), newBody())
    expectLanded(report, 'cabinet', { date: 'Payment Date', amount: 'Amount', supplier: 'Supplier' })
  })

  it('two money columns no word tells apart are refused with the --map for each; the --map that names one lands the manifest total', async () => {
    const ps = payments.get('dfid')!
    // "Charge" is a tenth more than "Fee" on every row: which one was paid, no header word says.
    const columns = [D('Date', 'dmy'), P('Supplier'), A('Fee'), { header: 'Charge', cell: (p: Payment) => amountForms.plain(p.pence + p.pence / 10n) }]
    const path = db.file('dfid-fees-2010-06.csv', delimited(table(ps, columns)))
    const refused = await db.ingest(path, newBody())
    expect(refused.status).toBe('refused')
    expect(refused.errors[0]).toMatchObject({ code: 'AMBIGUOUS_COLUMNS' })
    expect(refused.errors[0]!.message).toContain('--map amount="Fee"')
    expect(refused.errors[0]!.message).toContain('--map amount="Charge"')
    const read = await db.ingest(path, { ...newBody(), map: { amount: 'Fee' } })
    expectLanded(read, 'dfid', { date: 'Date', amount: 'Fee', supplier: 'Supplier' })
  })

  it('decimal commas (1.234,56) are refused, never read as other figures', async () => {
    const ps = payments.get('bis')!
    const path = db.file('bis-eu-2010-11.csv', delimited(table(ps, [D('Datum', 'dmyDots'), P('Lieferant / Supplier'), A('Betrag / Amount', 'decimalComma')]), { delimiter: ';' }))
    const report = await db.ingest(path, newBody())
    expect(report.status).toBe('refused')
    expect(report.totals).toEqual({})
  })

  describe('workbooks', () => {
    type Cell = ExcelJS.CellValue
    const workbook = (name: string, sheets: Record<string, Cell[][]>, dateFormat = true) => writeWorkbook(db, name, sheets, dateFormat)
    const asDate = (iso: string) => new Date(`${iso}T00:00:00Z`)
    const serial = (iso: string) => Number(dateForms.serial(iso))

    it('title rows above the header, a summary sheet beside the data sheet, dates as Excel dates', async () => {
      const ps = payments.get('dfid')!
      const bySupplier = new Map<string, bigint>()
      for (const p of ps) bySupplier.set(p.payee, (bySupplier.get(p.payee) ?? 0n) + p.pence)
      const summary: Cell[][] = [['Summary by supplier'], ['Supplier', 'Total'], ...[...bySupplier].slice(0, 30).map(([s, t]): Cell[] => [s, Number(amountForms.plain(t))])]
      const data: Cell[][] = [['Department for International Development'], ['Spend over £25,000: June 2010'], [], ['Payment Date', 'Supplier', 'Expense Type', 'Amount'], ...ps.map((p): Cell[] => [asDate(p.iso), p.payee, p.kept[0]!, amountForms.plain(p.pence)])]
      const report = await db.ingest(await workbook('dfid-2010-06.xlsx', { Summary: summary, Data: data }), newBody())
      expectLanded(report, 'dfid', { date: 'Payment Date', amount: 'Amount', supplier: 'Supplier' })
    })

    it('dates stored as bare serial numbers, amounts stored as text with £ and commas', async () => {
      const ps = payments.get('cabinet')!
      const data: Cell[][] = [['Posting Date', 'Vendor Name', 'Company Reg No', 'Value'], ...ps.map((p, i): Cell[] => [serial(p.iso), p.payee, extras.companyNumber(i), amountForms.pounds(p.pence)])]
      const report = await db.ingest(await workbook('co-2019-06.xlsx', { 'Jun 19': data }), newBody())
      expectLanded(report, 'cabinet', { date: 'Posting Date', amount: 'Value', supplier: 'Vendor Name' })
    })

    it('amounts as formulas with their results, payees as rich text and as hyperlinks, dates with a time of day', async () => {
      const ps = payments.get('bis')!
      const data: Cell[][] = [
        ['Date Paid', 'Beneficiary', 'Net', 'VAT', 'Gross'],
        ...ps.map((p, i): Cell[] => {
          const net = Number(amountForms.plain(p.pence))
          const payee: Cell = i % 2 ? { richText: [{ text: p.payee.slice(0, 2), font: { bold: true } }, { text: p.payee.slice(2) }] } : { text: p.payee, hyperlink: 'https://find-and-update.company-information.service.gov.uk/' }
          const vat = Number(amountForms.plain(vatOn(p.pence)))
          return [new Date(`${p.iso}T13:45:00Z`), payee, { formula: `E${i + 2}-D${i + 2}`, result: net }, vat, Number(amountForms.plain(p.pence + vatOn(p.pence)))]
        }),
      ]
      const report = await db.ingest(await workbook('bis-2010-11.xlsx', { Payments: data }), newBody())
      expectLanded(report, 'bis', { date: 'Date Paid', amount: 'Net', supplier: 'Beneficiary' })
      const payees = db.all<{ n: string }>('SELECT p.payee_name AS n FROM payments p JOIN spend_files f ON f.id = p.spend_file_id WHERE f.sha256 = ? ORDER BY p.line', report.sha256)
      expect(payees.map((r) => r.n)).toEqual(ps.map((p) => p.payee))
    })

    it('a summary sheet and a lookup of postcodes before the data sheet, logo and title rows above its header', async () => {
      const ps = payments.get('salford')!
      const data: Cell[][] = [[], ['Salford-style council'], ['Payments over £500: August 2011'], [], ['Payment Date', 'Supplier Name', 'Directorate', 'Amount (£)'], ...ps.map((p): Cell[] => [asDate(p.iso), p.payee, p.kept[0]!, Number(amountForms.plain(p.pence))])]
      const report = await db.ingest(
        await workbook('salford-2011-08.xlsx', { Summary: [['Month', 'Total'], ['August 2011', Number(sumOf(ps))]], Lookup: [['Postcode', 'Ward'], ['M6 5FX', 'Claremont'], ['M7 4QT', 'Kersal']], 'Aug 11': data }),
        newBody(),
      )
      expectLanded(report, 'salford', { date: 'Payment Date', amount: 'Amount (£)', supplier: 'Supplier Name' })
    })

    it('numbers stored as text, dates as 01-Apr-2015 text, a postcode column', async () => {
      const ps = payments.get('harrogate')!
      const data: Cell[][] = [['Date Paid', 'Payee', 'Supplier Post Code', 'Amount Paid'], ...ps.map((p, i): Cell[] => [dateForms.ddMonYyyy(p.iso), p.payee, extras.postcode(i), amountForms.plain(p.pence)])]
      const report = await db.ingest(await workbook('harrogate-2015-06.xlsx', { Payments: data }), newBody())
      expectLanded(report, 'harrogate', { date: 'Date Paid', amount: 'Amount Paid', supplier: 'Payee' })
      expect(report.columns.filter((c) => c.header === 'Supplier Post Code')).toEqual([])
    })
  })
})
