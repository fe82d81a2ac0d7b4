/**
 * @kehu/core — the CRM domain model, rule engines, storage contract and the `createCrm` facade.
 * Pure TypeScript and zod: no DOM, no storage, no network.
 */

export * from './assignment/index.ts';
export * from './crm/index.ts';
export * from './errors.ts';
export * from './events.ts';
export * from './forms/index.ts';
export * from './funnel/index.ts';
export * from './loyalty/index.ts';
export * from './model/index.ts';
export * from './runtime.ts';
export * from './scoring/index.ts';
export * from './storage/index.ts';
export * from './value/index.ts';
export * from './win-probability/index.ts';
