/**
 * @kehu/core/matching — unique customer identification: normalisers, comparators, blocking, a
 * Fellegi-Sunter match score with reasons, clustering, and merge with survivorship and undo. A
 * subpath of its own so that the main entry (and a widget bundle) never pulls in pinyin and phone
 * metadata. See docs/matching.md.
 */
export type { BlockingStats, CompiledKey } from './blocking.ts';
export { candidatePairs, compileKeys, recordKeys } from './blocking.ts';
export * from './comparators.ts';
export type { CompiledEntity, CompiledField, FieldValue, PreparedRecord } from './compile.ts';
export { compileEntity, valuesAt } from './compile.ts';
export * from './config.ts';
export * from './engine.ts';
export * from './journal.ts';
export type { MergeOutcome, MergePreview, MergeRequest, Provenance } from './merge.ts';
export { MergeRequestSchema, mergeScope, survive } from './merge.ts';
export * from './merge-record.ts';
export * from './normalize/address.ts';
export * from './normalize/company-name.ts';
export * from './normalize/email.ts';
export * from './normalize/person-name.ts';
export * from './normalize/phone.ts';
export { foldText, soundex } from './normalize/text.ts';
export * from './scan.ts';
export * from './score.ts';
