/** Configuration: JSON in, defaults filled, every malformed part refused with its path. */
import { describe, expect, it } from 'vitest';
import { isKehuError, type KehuError } from '../errors.ts';
import { createMemoryStore } from '../memory/index.ts';
import {
  createMatching,
  DEFAULT_MATCHING,
  matchingEngine,
  parseEntityMatching,
  parseMatchingConfig,
} from './index.ts';

function refusal(run: () => unknown): KehuError {
  try {
    run();
  } catch (error) {
    if (isKehuError(error, 'VALIDATION')) return error;
    throw error;
  }
  throw new Error('expected VALIDATION');
}

describe('matching configuration', () => {
  it('fills every entity with the defaults and survives a JSON round trip', () => {
    const config = parseMatchingConfig(JSON.parse(JSON.stringify({})));
    expect(config.contacts.fields.map((field) => field.name)).toEqual(['name', 'email', 'phone', 'birthday']);
    expect(config.accounts.thresholds).toEqual({ same: 0.9, possible: 0.5 });
    expect(config.normalization.region).toBe('CN');
    expect(parseMatchingConfig(JSON.parse(JSON.stringify(DEFAULT_MATCHING)))).toEqual(
      parseMatchingConfig({
        contacts: DEFAULT_MATCHING.contacts,
        accounts: DEFAULT_MATCHING.accounts,
        leads: DEFAULT_MATCHING.leads,
      }),
    );
  });

  it('replaces only the keys a host gives', () => {
    const config = parseMatchingConfig({ contacts: { thresholds: { same: 0.95, possible: 0.6 } } });
    expect(config.contacts.thresholds).toEqual({ same: 0.95, possible: 0.6 });
    expect(config.contacts.lookups).toEqual(['email', 'phone', 'name']);
    expect(config.contacts.fields).toHaveLength(4);
  });

  it('names the path of each malformed part', () => {
    const cases: [unknown, string][] = [
      [{ contacts: { thresholds: { same: 0.5, possible: 0.9 } } }, 'contacts.thresholds.possible'],
      [
        { contacts: { fields: [{ name: 'a', path: 'name', kind: 'personName', m: 0.1, u: 0.5 }] } },
        'contacts.fields.0.m',
      ],
      [
        { accounts: { fields: [{ name: 'a', path: 'name', kind: 'shoe', m: 0.9, u: 0.1 }] } },
        'accounts.fields.0.kind',
      ],
      [
        { leads: { fields: [{ name: 'a', path: '9bad', kind: 'text', m: 0.9, u: 0.1 }] } },
        'leads.fields.0.path',
      ],
      [
        {
          contacts: {
            fields: [{ name: 'a', path: 'name', kind: 'phone', comparator: 'companyName', m: 0.9, u: 0.1 }],
          },
        },
        'contacts.fields.0.comparator',
      ],
      [{ contacts: { blocking: { keys: [{ parts: ['nope'] }] } } }, 'contacts.blocking.keys.0.parts.0'],
      [
        { contacts: { blocking: { keys: [{ parts: [{ field: 'name', transform: 'prefix' }] }] } } },
        'contacts.blocking.keys.0.parts.0.length',
      ],
      [{ contacts: { lookups: ['shoe'] } }, 'contacts.lookups.0'],
      [{ contacts: { prior: 1 } }, 'contacts.prior'],
      [{ contacts: { survivorship: { default: 'trusted' } } }, 'contacts.survivorship.trustedSources'],
      [{ deals: {} }, 'deals'],
      [{ normalization: { region: 'china' } }, 'normalization.region'],
    ];
    for (const [input, path] of cases) {
      const error = refusal(() => parseMatchingConfig(input));
      expect(error.fields, JSON.stringify(input)).toContain(path);
    }
  });

  it('refuses a nested field as a store lookup and an unknown swap partner', () => {
    const base = { ...DEFAULT_MATCHING.accounts, lookups: ['address'] };
    expect(refusal(() => parseEntityMatching(base)).fields).toEqual(['lookups.0']);
    const swap = {
      ...DEFAULT_MATCHING.leads,
      fields: [{ name: 'name', path: 'name', kind: 'personName', m: 0.9, u: 0.01, swapWith: 'ghost' }],
      blocking: { keys: [{ parts: ['name'] }] },
      lookups: [],
    };
    expect(refusal(() => parseEntityMatching(swap)).fields).toEqual(['fields.0.swapWith']);
  });

  it('is checked where a host hands it over', () => {
    const bad = { contacts: { prior: 2 } };
    expect(refusal(() => matchingEngine(bad)).fields).toEqual(['contacts.prior']);
    expect(refusal(() => createMatching({ store: createMemoryStore(), config: bad })).fields).toEqual([
      'contacts.prior',
    ]);
  });
});
