import fc from 'fast-check';
import { cellText, cellWidth, renderTable } from './render-table';

const cell = fc.string({
  maxLength: 20,
  unit: fc.constantFrom('a', 'Z', '9', ' ', '-', 'é', '✓', '\x1b', '\n', '\t', '\u202e', '\u200b', '\x7f', '\u0085'),
});
const tables = fc.integer({ min: 1, max: 5 }).chain((n) =>
  fc.record({
    columns: fc.array(fc.stringMatching(/^[A-Z][A-Z ]{0,9}$/), { minLength: n, maxLength: n }),
    rows: fc.array(fc.array(cell, { minLength: n, maxLength: n }), { maxLength: 8 }),
  }),
);

describe('renderTable', () => {
  it('puts every cell of a column at the same offset, one line per row under the headings, no trailing blanks', () => {
    fc.assert(
      fc.property(tables, (t) => {
        const lines = renderTable(t, { colour: false }).split('\n');
        expect(lines.pop()).toBe('');
        expect(lines).toHaveLength(t.rows.length + 1);
        const all = [t.columns, ...t.rows].map((r) => r.map(cellText));
        const widths = t.columns.map((_, i) => Math.max(...all.map((r) => cellWidth(r[i]))));
        const total = widths.reduce((a, w) => a + w + 2, 0);
        all.forEach((cells, r) => {
          expect(lines[r]).toBe(lines[r].trimEnd());
          // Every shown character is one UTF-16 unit here, so padEnd restores the blanks trimmed off the end.
          const line = lines[r].padEnd(total);
          let at = 0;
          cells.forEach((c, i) => {
            expect(line.slice(at, at + cellWidth(c))).toBe(c);
            expect(line.slice(at + cellWidth(c), at + widths[i] + 2).trim()).toBe('');
            at += widths[i] + 2;
          });
        });
      }),
    );
  });

  it('shows no control or format character, and colours nothing unless asked (a pipe gets plain text)', () => {
    fc.assert(
      fc.property(tables, (t) => {
        const plain = renderTable(t, { colour: false });
        expect(plain.replace(/\n/g, '')).not.toMatch(/[\p{Cc}\p{Cf}\u2028\u2029]/u);
        expect(plain.split('\n')).toHaveLength(t.rows.length + 2);
        const coloured = renderTable(t, { colour: true });
        expect(coloured.replace(/\x1b\[[01]m/g, '')).toBe(plain);
      }),
    );
  });

  it('aligns a list of fields without headings', () => {
    expect(
      renderTable(
        {
          columns: ['', ''],
          rows: [
            ['id', '7b78'],
            ['hostname', ''],
          ],
        },
        { colour: true, headings: false },
      ),
    ).toBe('id        7b78\nhostname\n');
    expect(
      renderTable(
        {
          columns: ['NAME', 'STATUS'],
          rows: [
            ['ops', 'enabled'],
            ['a\x1b[31m', 'x'],
          ],
        },
        { colour: false },
      ),
    ).toBe('NAME    STATUS\nops     enabled\na?[31m  x\n');
  });
});
