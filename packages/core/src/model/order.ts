import { z } from 'zod';
import { entityBase, IdSchema, MoneySchema, TimestampSchema } from './common.ts';

export const OrderItemSchema = z.object({
  sku: z.string().min(1).max(64),
  name: z.string().min(1).max(200),
  quantity: z.number().positive(),
  unitPrice: MoneySchema,
});

/**
 * The order's fields without the account-or-member check: zod 4 refuses `.omit()`/`.partial()` on
 * a refined object, so input schemas are derived from this one.
 */
export const OrderBaseSchema = z.object({
  ...entityBase,
  number: z.string().max(64).optional(),
  accountId: IdSchema.optional(),
  contactId: IdSchema.optional(),
  memberId: IdSchema.optional(),
  dealId: IdSchema.optional(),
  amount: MoneySchema,
  orderedAt: TimestampSchema,
  items: z.array(OrderItemSchema).max(500).default([]),
  channel: z.enum(['store', 'online', 'dealer', 'phone', 'field', 'other']).default('other'),
  status: z.enum(['paid', 'refunded', 'cancelled']).default('paid'),
});

/** 订单: a purchase; feeds RFM, loyalty and the 360 view. */
export const OrderSchema = OrderBaseSchema.refine(
  (order) => order.accountId !== undefined || order.memberId !== undefined,
  {
    message: 'An order belongs to an account or a member',
    path: ['accountId'],
  },
);
export type Order = z.infer<typeof OrderSchema>;
