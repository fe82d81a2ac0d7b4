/**
 * The in-app duplicate hint: who already owns the e-mail address or phone number just typed.
 * Asks the matching service when the CRM has one (it knows every spelling of a number), else the
 * contacts by exact value. A match counts only when it agrees on that very field — the hint says
 * "this e-mail belongs to …", so a contact who merely shares the name must not produce it.
 * Never used on public pages: it would tell any visitor who the customers are.
 */
import type { Crm } from '@kehu/core';

export interface KnownOwner {
  contactName: string;
  accountName: string | undefined;
}

export async function findOwner(
  crm: Crm,
  kind: 'email' | 'phone',
  value: string,
  name: string,
): Promise<KnownOwner | undefined> {
  const contactId = crm.matching
    ? await viaMatching(crm, kind, value, name)
    : (
        await crm.contacts.list({
          where:
            kind === 'email'
              ? { emails: { in: [...new Set([value, value.toLowerCase()])] } }
              : { phones: { in: spellings(value) } },
          limit: 1,
        })
      ).items[0]?.id;
  if (!contactId) return undefined;
  const contact = await crm.contacts.get(contactId);
  if (!contact) return undefined;
  const account = contact.accountId ? await crm.accounts.get(contact.accountId) : undefined;
  return { contactName: contact.name, accountName: account?.name };
}

async function viaMatching(
  crm: Crm,
  kind: 'email' | 'phone',
  value: string,
  name: string,
): Promise<string | undefined> {
  const candidate = {
    ...(name ? { name } : {}),
    emails: kind === 'email' ? [value] : [],
    phones: kind === 'phone' ? [value] : [],
  };
  const matches = (await crm.matching?.findDuplicates('contacts', candidate, { limit: 5 })) ?? [];
  return matches.find((match) =>
    match.reasons.some((reason) => reason.field === kind && reason.outcome === 'agree'),
  )?.id;
}

/** `+8613800138000` is often stored as `13800138000` or `+86 138 0013 8000`; try the common ones. */
function spellings(e164: string): string[] {
  const all = new Set([e164]);
  const china = /^\+86(\d{11})$/.exec(e164);
  if (china) {
    const national = china[1]!;
    all.add(national);
    all.add(`+86 ${national.slice(0, 3)} ${national.slice(3, 7)} ${national.slice(7)}`);
    all.add(`${national.slice(0, 3)} ${national.slice(3, 7)} ${national.slice(7)}`);
  }
  return [...all];
}
