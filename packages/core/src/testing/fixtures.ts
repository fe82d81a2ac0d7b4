/**
 * Builders of valid entities for storage tests: each returns a complete `EntityInput` that passes
 * its collection's schema, so a test only spells out the fields it is about. Ids come from one
 * counter, zero-padded so that creation order is also id order.
 */
import { type CollectionName, collections, type EntityInput, type EntityOf } from '../model/collections.ts';

/** The instant every fixture is created at unless overridden. */
export const FIXTURE_TIME = '2026-01-05T08:00:00.000Z';

let sequence = 0;

/** A fresh id such as `deal-000042`; later ids sort after earlier ones. */
export function fixtureId(prefix: string): string {
  sequence += 1;
  return `${prefix}-${String(sequence).padStart(6, '0')}`;
}

const base = (prefix: string) => ({
  id: fixtureId(prefix),
  version: 0,
  createdAt: FIXTURE_TIME,
  updatedAt: FIXTURE_TIME,
});

export function account(overrides: Partial<EntityInput<'accounts'>> = {}): EntityInput<'accounts'> {
  return { ...base('account'), name: '杭州西湖茶业有限公司', kind: 'company', region: '浙江', ...overrides };
}

export function contact(overrides: Partial<EntityInput<'contacts'>> = {}): EntityInput<'contacts'> {
  return {
    ...base('contact'),
    name: '王芳',
    nameLatin: 'Wang Fang',
    emails: ['wang.fang@example.cn'],
    ...overrides,
  };
}

export function lead(overrides: Partial<EntityInput<'leads'>> = {}): EntityInput<'leads'> {
  return { ...base('lead'), source: 'web_form', name: '李雷', company: '苏州工业园区某公司', ...overrides };
}

export function deal(overrides: Partial<EntityInput<'deals'>> = {}): EntityInput<'deals'> {
  return {
    ...base('deal'),
    title: '华东区年度框架协议',
    accountId: 'account-000000',
    pipelineId: 'key-account',
    stageId: 'qualify',
    amount: { amount: 1_280_000, currency: 'CNY' },
    position: 'a0',
    stageEnteredAt: FIXTURE_TIME,
    ...overrides,
  };
}

export function activity(overrides: Partial<EntityInput<'activities'>> = {}): EntityInput<'activities'> {
  return { ...base('activity'), type: 'visit', subject: '拜访采购部张经理', ...overrides };
}

/**
 * What a store must hold after writing `input` at `version`: the schema's parse of it, defaults
 * filled in. The reference a round-trip is compared against.
 */
export function storedForm<C extends CollectionName>(
  collection: C,
  input: EntityInput<C>,
  version: number,
): EntityOf<C> {
  return collections[collection].schema.parse({ ...input, version }) as EntityOf<C>;
}
