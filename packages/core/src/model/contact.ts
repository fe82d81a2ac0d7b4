import { z } from 'zod';
import {
  CustomFieldsSchema,
  DateSchema,
  entityBase,
  IdSchema,
  TagsSchema,
  TimestampSchema,
} from './common.ts';

/** Marketing consent as given, with when and how, so it can be shown to an auditor. */
export const ConsentSchema = z.object({
  email: z.boolean().default(false),
  sms: z.boolean().default(false),
  phone: z.boolean().default(false),
  at: TimestampSchema.optional(),
  source: z.string().max(64).optional(),
  text: z.string().max(2000).optional(),
});
export type Consent = z.infer<typeof ConsentSchema>;

/** 联系人: a person at an account (or the person a personal account is about). */
export const ContactSchema = z.object({
  ...entityBase,
  accountId: IdSchema.optional(),
  name: z.string().trim().min(1).max(120),
  /** Latin spelling (pinyin for Chinese names) when known. */
  nameLatin: z.string().max(120).optional(),
  emails: z.array(z.email()).max(20).default([]),
  phones: z.array(z.string().min(3).max(32)).max(20).default([]),
  title: z.string().max(120).optional(),
  gender: z.enum(['female', 'male', 'other']).optional(),
  birthday: DateSchema.optional(),
  consent: ConsentSchema.optional(),
  ownerId: IdSchema.optional(),
  tags: TagsSchema.default([]),
  custom: CustomFieldsSchema.optional(),
});
export type Contact = z.infer<typeof ContactSchema>;
