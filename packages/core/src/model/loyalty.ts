import { z } from 'zod';
import { entityBase, IdSchema, TimestampSchema } from './common.ts';

/** 会员: a membership card held by an account or a contact. */
export const MemberSchema = z
  .object({
    ...entityBase,
    accountId: IdSchema.optional(),
    contactId: IdSchema.optional(),
    cardNo: z.string().min(1).max(64),
    programId: IdSchema.optional(),
    tierId: IdSchema.optional(),
    joinedAt: TimestampSchema,
    status: z.enum(['active', 'frozen', 'closed']).default('active'),
  })
  .refine((member) => member.accountId !== undefined || member.contactId !== undefined, {
    message: 'A member belongs to an account or a contact',
    path: ['accountId'],
  });
export type Member = z.infer<typeof MemberSchema>;

/**
 * One line of the append-only points ledger. `sourceId` (an order id, a referral id…) makes
 * earning idempotent: the same source never earns twice. Redemptions and expiries are negative.
 */
export const LoyaltyEntrySchema = z.object({
  ...entityBase,
  memberId: IdSchema,
  kind: z.enum(['earn', 'redeem', 'expire', 'adjust']),
  points: z.int(),
  sourceId: z.string().min(1).max(128),
  at: TimestampSchema,
  /** For earn entries: when this lot expires. */
  expiresAt: TimestampSchema.optional(),
  note: z.string().max(500).optional(),
});
export type LoyaltyEntry = z.infer<typeof LoyaltyEntrySchema>;
