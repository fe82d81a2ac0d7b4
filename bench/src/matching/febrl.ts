/**
 * FEBRL dataset 3 (5,000 synthetic person records, 2,000 originals and 3,000 duplicates with typos,
 * swapped fields and missing values; see ../shared/data/febrl/README.md) and the person matching
 * definition we evaluate on it. Ground truth comes from `rec_id`: `rec-<N>-org` and `rec-<N>-dup-<k>`
 * are one person.
 */
import { readFileSync } from 'node:fs';
import type { EntityMatchingInput } from '@kehu/core/matching';

export const FEBRL_COLUMNS = [
  'given_name',
  'surname',
  'street_number',
  'address_1',
  'address_2',
  'suburb',
  'postcode',
  'state',
  'date_of_birth',
  'soc_sec_id',
] as const;

export type FebrlRow = { id: string; entity: string } & Record<(typeof FEBRL_COLUMNS)[number], string>;

export const FEBRL_PATH = new URL('../../../../shared/data/febrl/dataset3.csv', import.meta.url);

/** Reads the CSV: comma-separated with a space after each comma, no quoting. */
export function loadFebrl(path: URL = FEBRL_PATH): FebrlRow[] {
  const lines = readFileSync(path, 'utf8').split(/\r?\n/).filter(Boolean);
  const header = lines[0]!.split(',').map((cell) => cell.trim());
  return lines.slice(1).map((line) => {
    const cells = line.split(',').map((cell) => cell.trim());
    const row = Object.fromEntries(header.map((name, i) => [name, cells[i] ?? ''])) as Record<string, string>;
    const id = row.rec_id!;
    const entity = /^rec-(\d+)-/.exec(id)?.[1];
    if (!entity) throw new Error(`Unexpected rec_id ${id}`);
    return { ...(row as FebrlRow), id, entity };
  });
}

/**
 * The FEBRL person definition. `prefix` places the columns under a record field (`custom.`) when
 * the rows are stored as contacts. m and u are set by hand from what each field is: a social
 * security number or a birth date agreeing by chance is rare (small u), a state often (large u).
 */
export function febrlMatching(prefix = ''): EntityMatchingInput {
  const at = (column: string) => prefix + column;
  return {
    fields: [
      { name: 'given', path: at('given_name'), kind: 'text', m: 0.9, u: 0.01, swapWith: 'surname' },
      { name: 'surname', path: at('surname'), kind: 'text', m: 0.9, u: 0.005 },
      { name: 'street_number', path: at('street_number'), kind: 'id', m: 0.8, u: 0.02 },
      { name: 'address_1', path: at('address_1'), kind: 'text', m: 0.8, u: 0.001 },
      { name: 'address_2', path: at('address_2'), kind: 'text', m: 0.6, u: 0.001 },
      { name: 'suburb', path: at('suburb'), kind: 'text', m: 0.85, u: 0.005 },
      { name: 'postcode', path: at('postcode'), kind: 'id', comparator: 'levenshtein', m: 0.85, u: 0.002 },
      { name: 'state', path: at('state'), kind: 'id', m: 0.9, u: 0.2 },
      { name: 'date_of_birth', path: at('date_of_birth'), kind: 'date', m: 0.85, u: 0.0005 },
      {
        name: 'soc_sec_id',
        path: at('soc_sec_id'),
        kind: 'id',
        comparator: 'levenshtein',
        m: 0.85,
        u: 0.0002,
      },
    ],
    blocking: {
      keys: [
        { parts: ['soc_sec_id'] },
        { parts: ['date_of_birth'] },
        {
          parts: [
            { field: 'given', transform: 'soundex' },
            { field: 'surname', transform: 'soundex' },
          ],
          sorted: true,
        },
        { parts: ['postcode', 'street_number'] },
      ],
      maxBlockSize: 20,
    },
    // The columns live under `custom` in the store: nested fields cannot be store lookups.
    lookups: [],
    thresholds: { same: 0.9, possible: 0.5 },
    prior: 0.0005,
  };
}
