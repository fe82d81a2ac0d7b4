/**
 * @kehu/core/testing — what an adapter needs to prove it honours the storage contract: the
 * runner-agnostic conformance suite, builders of valid entities, and the small assertion and
 * waiting helpers the suite itself uses (usable from a browser, where `node:assert` is missing).
 */
export {
  assertKehuError,
  ConformanceAssertionError,
  deepEqual,
  equal,
  fail,
  kehuRejection,
  ok,
  type RejectsOptions,
  rejects,
  show,
} from './assert.ts';
export {
  type ConformanceCase,
  type ConformanceOptions,
  type ConformanceReport,
  conformanceCaseNames,
  runConformance,
  storageConformance,
} from './conformance.ts';
export { account, activity, contact, deal, FIXTURE_TIME, fixtureId, lead, storedForm } from './fixtures.ts';
export { type WaitForOptions, waitFor } from './wait.ts';
