// The matching engine plugged into createCrm: capture links duplicates, and crm.matching exists.
import { describe, expect, it } from 'vitest';
import { createCrm, createManualClock, createSequentialIds } from '../index.ts';
import { createMemoryStore } from '../memory/index.ts';
import { matchingEngine } from './index.ts';

describe('matching in the crm facade', () => {
  it('links a captured lead to an existing contact and exposes crm.matching', async () => {
    const store = createMemoryStore();
    const crm = createCrm({
      store,
      clock: createManualClock('2026-11-01T09:00:00.000Z'),
      ids: createSequentialIds('m'),
      engines: { matching: matchingEngine() },
    });
    const account = await crm.accounts.create({ name: '华星科技有限公司', kind: 'company' });
    const contact = await crm.contacts.create({
      accountId: account.id,
      name: '王芳',
      emails: ['wang.fang@huaxing.cn'],
      phones: ['+8613812345678'],
    });
    const lead = await crm.leads.capture({
      source: 'web_form',
      name: '王芳',
      company: '华星科技',
      email: 'Wang.Fang@huaxing.cn',
      phone: '138-1234-5678',
    });
    expect(lead.duplicates.map((link) => `${link.collection}:${link.id}`)).toContain(
      `contacts:${contact.id}`,
    );
    expect(crm.matching).toBeDefined();
    const found = await crm.matching!.findDuplicates('contacts', {
      name: '王芳',
      phones: ['0086 138 1234 5678'],
    });
    expect(found.map((match) => match.id)).toContain(contact.id);
    expect(createCrm({ store }).matching).toBeUndefined();
  });
});
