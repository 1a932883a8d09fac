import iconv from 'iconv-lite'
import { describe, expect, it } from 'vitest'
import { detectDelimiter, detectNewline, EncodingSniffer, findHeader } from '../../../ingest/spend/detect'

function sniff(bytes: Buffer, chunk = bytes.length || 1) {
  const s = new EncodingSniffer()
  for (let i = 0; i < bytes.length; i += chunk) s.update(bytes.subarray(i, i + chunk))
  return s.finish()
}

const text = 'Supplier,Net Amount (£),Date\r\nCafé Nero,"1,708.75",06/06/2023\r\n'

describe('EncodingSniffer', () => {
  it('says ascii when every byte is below 0x80', () => {
    expect(sniff(Buffer.from('a,b\r\n1,2\r\n'))).toMatchObject({ kind: 'text', encoding: 'ascii' })
  })

  it('reads valid UTF-8, with and without a BOM', () => {
    expect(sniff(Buffer.from(text, 'utf8'))).toMatchObject({ kind: 'text', encoding: 'utf-8' })
    expect(sniff(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]))).toMatchObject({ kind: 'text', encoding: 'utf-8-bom' })
  })

  it('keeps UTF-8 when a chunk boundary cuts a character in two', () => {
    const bytes = Buffer.from(text, 'utf8')
    for (let chunk = 1; chunk < 8; chunk++) expect(sniff(bytes, chunk)).toMatchObject({ encoding: 'utf-8' })
  })

  it('reads £ as 0xA3 as Windows-1252 / ISO-8859-1', () => {
    const d = sniff(iconv.encode(text, 'win1252'))
    expect(d).toMatchObject({ kind: 'text', encoding: 'windows-1252' })
    expect(d.kind === 'text' && d.reason).toMatch(/0xA3/)
  })

  it('reads £ as 0x9C in "(£)" as DOS code page 850', () => {
    const bytes = iconv.encode('Name,Payment date,Net Amount(£)\r\nINTACK SELF DRIVE,01/03/2017,253.20\r\n', 'cp850')
    expect(bytes.includes(0x9c)).toBe(true)
    const d = sniff(bytes)
    expect(d).toMatchObject({ kind: 'text', encoding: 'cp850' })
    expect(d.kind === 'text' && d.reason).toMatch(/0x9C/)
  })

  it('prefers Windows-1252 when the evidence points there (smart quotes, £ before figures)', () => {
    expect(sniff(iconv.encode('Description,Amount\r\n“Bat survey” – phase 2,£250\r\n', 'win1252'))).toMatchObject({ encoding: 'windows-1252' })
  })

  it('scores a pound sign wherever it falls in a long file: at block and chunk edges, judged by its neighbour across them', () => {
    // ASCII padding with three high bytes: 0x9C at 255 before a figure at 256 (across a 256-byte
    // block edge), 0x9C at 1023 after "(" at 1022 (across a chunk edge when chunks are 1023
    // bytes), and a lone 0xA3 at 700. DOS scores 3 + 3, Windows 1: code page 850.
    const bytes = Buffer.alloc(5000, 0x61)
    bytes[255] = 0x9c
    bytes[256] = 0x35
    bytes[1022] = 0x28
    bytes[1023] = 0x9c
    bytes[700] = 0xa3
    for (const chunk of [5000, 1023, 300, 100, 7]) {
      const d = sniff(bytes, chunk)
      expect(d).toMatchObject({ kind: 'text', encoding: 'cp850' })
      expect(d.kind === 'text' && d.reason).toMatch(/0x9C at offset 255 /)
    }
    // Without the figure and the bracket each 0x9C scores 1 (DOS 2 against 1); with one of them
    // gone it is 1 against 1, and a tie reads as Windows-1252.
    bytes[256] = 0x61
    bytes[1022] = 0x61
    expect(sniff(bytes, 256)).toMatchObject({ encoding: 'cp850' })
    bytes[1023] = 0x61
    expect(sniff(bytes, 256)).toMatchObject({ encoding: 'windows-1252' })
  })

  it('recognises UTF-16 by its BOM', () => {
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('a,b\r\n', 'utf16le')])
    expect(sniff(le)).toMatchObject({ kind: 'text', encoding: 'utf-16le' })
  })

  it('calls a NUL byte outside UTF-16 binary, with its offset', () => {
    expect(sniff(Buffer.from([0x61, 0x2c, 0x00, 0x62]))).toEqual({ kind: 'binary', offset: 2 })
  })

  it('calls no bytes empty', () => {
    expect(new EncodingSniffer().finish()).toEqual({ kind: 'empty' })
  })
})

describe('detectNewline and detectDelimiter', () => {
  it('finds the line ending', () => {
    expect(detectNewline('a,b\r\nc,d\r\n')).toBe('\r\n')
    expect(detectNewline('a,b\nc,d\n')).toBe('\n')
    expect(detectNewline('a,b\rc,d\r')).toBe('\r')
    expect(detectNewline('a,"x\ny"\r\nc,d\r\n')).toBe('\r\n')
    expect(detectNewline('one line')).toBe('\n')
  })

  it.each([
    [',', 'Date,Supplier,Amount\n01/01/2020,"Smith; Jones",1.00\n02/01/2020,Acme,2.00\n'],
    [';', 'Date;Supplier;Amount\n01/01/2020;Acme, Ltd;1,00\n02/01/2020;Acme;2,00\n'],
    ['\t', 'Date\tSupplier\tAmount\n01/01/2020\tAcme, Ltd\t1.00\n02/01/2020\tAcme\t2.00\n'],
    ['|', 'Date|Supplier|Amount\n01/01/2020|Acme, Ltd|1.00\n02/01/2020|Acme|2.00\n'],
  ])('finds %j', (delimiter, sample) => {
    expect(detectDelimiter(sample, '\n')).toBe(delimiter)
  })

  it('is not fooled by a preamble and padding columns', () => {
    const sample = `Spend over £500, May 2011\n${','.repeat(73)}\nDate,Supplier,Amount${','.repeat(71)}\n01/05/2011,Acme,"1,000.00"${','.repeat(71)}\n`
    expect(detectDelimiter(sample, '\n')).toBe(',')
  })
})

describe('findHeader', () => {
  it('finds the header under a preamble, an empty-cell row and a title', () => {
    const rows = [
      ['Hyndburn Borough Council'],
      ['Payments over £250', '', ''],
      ['', '', '', ''],
      ['Payment Date', 'Name', 'Net Amount (£)', 'Account Detail'],
      ['01/03/2017', 'Acme', '1.00', 'Fees'],
    ]
    const found = findHeader(rows)
    expect(found).toMatchObject({ found: true, index: 3 })
  })

  it('reports the best candidate when no row has every required column', () => {
    const found = findHeader([['Title'], ['Supplier', 'Description', 'Cost Centre'], ['Acme', 'x', 'y']])
    expect(found.found).toBe(false)
    expect(!found.found && found.best?.index).toBe(1)
    expect(!found.found && found.best?.mapping.missing).toEqual(['date', 'amount'])
  })
})
