/** Invariants of assignment over generated teams and lead streams (fast-check). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type AssignmentDefinitionInput,
  assignmentEngine,
  createAssignmentPlanner,
  createCrm,
  createManualClock,
  createSeededRandom,
  createSequentialIds,
  type StrategyInput,
  type UserCreateInput,
} from '../index.ts';
import { createMemoryStore } from '../memory/index.ts';

const NOW = Date.parse('2026-11-23T02:00:00.000Z');
const TODAY = '2026-11-23';

const lead = { source: 'web_form', name: '客户', region: '江苏', industry: 'manufacturing' };
const teamRule = (strategy: StrategyInput) => ({
  id: 'all',
  name: 'All',
  priority: 1,
  when: { field: 'source', op: 'exists' as const },
  to: { teamId: 't' },
  strategy,
});

function user(id: string, extra: Partial<UserCreateInput> = {}) {
  return {
    id,
    version: 1,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    name: id,
    teamId: 't',
    ...extra,
  };
}

/** Member ids whose counts, over every window of `owners`, differ by more than one. */
function unevenWindow(owners: readonly (string | undefined)[], members: readonly string[]): boolean {
  for (let start = 0; start < owners.length; start++) {
    const counts = new Map(members.map((id) => [id, 0]));
    for (let end = start; end < owners.length; end++) {
      counts.set(owners[end]!, (counts.get(owners[end]!) ?? 0) + 1);
      const values = [...counts.values()];
      if (Math.max(...values) - Math.min(...values) > 1) return true;
    }
  }
  return false;
}

describe('round robin', () => {
  it('keeps every member within one lead of every other over any window', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 7 }),
        fc.integer({ min: 1, max: 60 }),
        fc.integer(),
        (size, count, seed) => {
          const ids = Array.from({ length: size }, (_, i) => `u${i}`);
          const planner = createAssignmentPlanner(
            { rules: [teamRule({ kind: 'round-robin' })] },
            { users: ids.map((id) => user(id)), now: NOW, random: createSeededRandom(seed) },
          );
          const owners = Array.from({ length: count }, () => planner.assign(lead).ownerId);
          expect(unevenWindow(owners, ids)).toBe(false);
        },
      ),
    );
  });

  it('keeps the same fairness when every lead comes from a fresh tab on the same store', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 1, max: 16 }),
        fc.integer(),
        async (size, count, seed) => {
          const store = createMemoryStore();
          const ids = Array.from({ length: size }, (_, i) => `u${i}`);
          await store.bulkPut(
            'users',
            ids.map((id) => user(id)),
          );
          const owners: (string | undefined)[] = [];
          for (let i = 0; i < count; i++) {
            const crm = createCrm({
              store,
              clock: createManualClock(NOW),
              ids: createSequentialIds(`tab${i}-`),
              random: createSeededRandom(seed + i),
              engines: { assignment: assignmentEngine({ rules: [teamRule({ kind: 'round-robin' })] }) },
            });
            owners.push((await crm.leads.capture(lead as never)).ownerId);
          }
          expect(unevenWindow(owners, ids)).toBe(false);
        },
      ),
      { numRuns: 30 },
    );
  });
});

describe('weighted round robin', () => {
  it('gives each member its weight’s share, to within one lead at every point', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 1, maxLength: 5 }),
        fc.integer({ min: 1, max: 120 }),
        fc.integer(),
        (weights, count, seed) => {
          const ids = weights.map((_, i) => `u${i}`);
          const planner = createAssignmentPlanner(
            {
              rules: [
                teamRule({
                  kind: 'weighted',
                  weights: Object.fromEntries(ids.map((id, i) => [id, weights[i]!])),
                }),
              ],
            },
            { users: ids.map((id) => user(id)), now: NOW, random: createSeededRandom(seed) },
          );
          const total = weights.reduce((a, b) => a + b, 0);
          const counts = new Map(ids.map((id) => [id, 0]));
          for (let n = 1; n <= count; n++) {
            const owner = planner.assign(lead).ownerId!;
            counts.set(owner, counts.get(owner)! + 1);
            ids.forEach((id, i) => {
              expect(Math.abs(counts.get(id)! - (n * weights[i]!) / total)).toBeLessThan(1 + 1e-9);
            });
            // After a whole cycle of the weights, the shares are exact.
            if (n % total === 0)
              ids.forEach((id, i) => {
                expect(counts.get(id)).toBe((n / total) * weights[i]!);
              });
          }
        },
      ),
    );
  });
});

interface RepSpec {
  capacity: number | undefined;
  load: number;
  onLeave: boolean;
  departed: boolean;
  manager: boolean;
  industry: string;
}

const repSpec: fc.Arbitrary<RepSpec> = fc.record({
  capacity: fc.option(fc.integer({ min: 1, max: 6 }), { nil: undefined }),
  load: fc.integer({ min: 0, max: 6 }),
  onLeave: fc.boolean(),
  departed: fc.boolean(),
  manager: fc.boolean(),
  industry: fc.constantFrom('manufacturing', 'retail'),
});

const strategy: fc.Arbitrary<StrategyInput> = fc.constantFrom<StrategyInput>(
  { kind: 'round-robin' },
  { kind: 'least-loaded' },
  { kind: 'skills', match: [{ field: 'industry', attribute: 'industries', weight: 1 }], minScore: 0 },
  { kind: 'weighted', weights: { u0: 3, u1: 0 } },
);

function usersOf(specs: readonly RepSpec[]) {
  return specs.map((spec, i) =>
    user(`u${i}`, {
      ...(spec.capacity === undefined ? {} : { capacity: spec.capacity }),
      status: spec.departed ? 'departed' : 'active',
      role: spec.manager ? 'manager' : 'rep',
      leaves: spec.onLeave ? [{ from: '2026-11-20', to: TODAY }] : [{ from: '2026-12-01', to: '2026-12-05' }],
      industries: [spec.industry],
    }),
  );
}

/** Who could take one more lead, by the rules written out plainly. */
function canTake(spec: RepSpec, load: number, taken: number, perDay: number | undefined): boolean {
  if (spec.departed || spec.onLeave || spec.manager) return false;
  if (spec.capacity !== undefined && load + 1 > spec.capacity) return false;
  return perDay === undefined || taken < perDay;
}

describe('availability and capacity', () => {
  it('never gives a lead to a rep who cannot take it, and never queues one someone could take', () => {
    fc.assert(
      fc.property(
        fc.array(repSpec, { minLength: 1, maxLength: 8 }),
        strategy,
        fc.option(fc.integer({ min: 1, max: 4 }), { nil: undefined }),
        fc.integer({ min: 1, max: 40 }),
        fc.integer(),
        (specs, pick, perDay, count, seed) => {
          const loads = Object.fromEntries(specs.map((spec, i) => [`u${i}`, spec.load]));
          const planner = createAssignmentPlanner(
            { rules: [teamRule(pick)], limits: perDay === undefined ? {} : { leadsPerDay: perDay } },
            { users: usersOf(specs), loads, now: NOW, random: createSeededRandom(seed) },
          );
          const load = specs.map((spec) => spec.load);
          const taken = specs.map(() => 0);
          for (let n = 0; n < count; n++) {
            const able = specs.map((spec, i) => canTake(spec, load[i]!, taken[i]!, perDay));
            const { ownerId } = planner.assign({ ...lead, industry: n % 2 ? 'retail' : 'manufacturing' });
            if (ownerId === undefined) {
              // Weighted leaves u1 (weight 0) out on purpose; nobody else may have been able.
              const left = able.filter((ok, i) => ok && !(pick.kind === 'weighted' && i === 1));
              expect(left).toEqual([]);
              continue;
            }
            const i = Number(ownerId.slice(1));
            expect(able[i]).toBe(true);
            load[i]! += 1;
            taken[i]! += 1;
          }
        },
      ),
    );
  });

  it('agrees with a plain scan of every rep for least-loaded, draw for draw', () => {
    fc.assert(
      fc.property(
        fc.array(repSpec, { minLength: 1, maxLength: 12 }),
        fc.option(fc.integer({ min: 1, max: 4 }), { nil: undefined }),
        fc.integer({ min: 1, max: 50 }),
        fc.integer(),
        (specs, perDay, count, seed) => {
          const loads = Object.fromEntries(specs.map((spec, i) => [`u${i}`, spec.load]));
          const planner = createAssignmentPlanner(
            {
              rules: [teamRule({ kind: 'least-loaded' })],
              limits: perDay === undefined ? {} : { leadsPerDay: perDay },
            },
            { users: usersOf(specs), loads, now: NOW, random: createSeededRandom(seed) },
          );
          const random = createSeededRandom(seed);
          const load = specs.map((spec) => spec.load);
          const taken = specs.map(() => 0);
          // Ids sort as u0, u1, …, u10, u11: the store's order, which decides who each draw means.
          const order = specs.map((_, i) => i).sort((a, b) => (`u${a}` < `u${b}` ? -1 : 1));
          for (let n = 0; n < count; n++) {
            const able = order.filter((i) => canTake(specs[i]!, load[i]!, taken[i]!, perDay));
            const lowest = Math.min(...able.map((i) => load[i]!));
            const tied = able.filter((i) => load[i] === lowest);
            const expected =
              tied.length === 0
                ? undefined
                : tied.length === 1
                  ? tied[0]
                  : tied[Math.floor(random() * tied.length)];
            const { ownerId } = planner.assign(lead);
            expect(ownerId).toBe(expected === undefined ? undefined : `u${expected}`);
            if (expected !== undefined) {
              load[expected]! += 1;
              taken[expected]! += 1;
            }
          }
        },
      ),
    );
  });

  it('holds through capture on a store too, with loads read from the records', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(repSpec, { minLength: 1, maxLength: 5 }),
        strategy,
        fc.integer({ min: 1, max: 12 }),
        fc.integer(),
        async (specs, pick, count, seed) => {
          const store = createMemoryStore();
          await store.bulkPut('users', usersOf(specs));
          const definition: AssignmentDefinitionInput = {
            rules: [teamRule(pick)],
            limits: { leadsPerDay: 3 },
          };
          const crm = createCrm({
            store,
            clock: createManualClock(NOW),
            ids: createSequentialIds('l'),
            random: createSeededRandom(seed),
            engines: { assignment: assignmentEngine(definition) },
          });
          const load = specs.map((spec) => spec.load);
          const existing = specs.flatMap((spec, i) =>
            Array.from({ length: spec.load }, (_, n) => ({
              id: `old-${i}-${n}`,
              version: 1,
              createdAt: '2026-11-01T00:00:00.000Z',
              updatedAt: '2026-11-01T00:00:00.000Z',
              source: 'phone' as const,
              name: 'old',
              status: 'working' as const,
              ownerId: `u${i}`,
            })),
          );
          await store.bulkPut('leads', existing);
          const taken = specs.map(() => 0);
          for (let n = 0; n < count; n++) {
            const able = specs.map((spec, i) => canTake(spec, load[i]!, taken[i]!, 3));
            const { ownerId } = await crm.leads.capture(lead as never);
            if (ownerId === undefined) continue;
            const i = Number(ownerId.slice(1));
            expect(able[i]).toBe(true);
            load[i]! += 1;
            taken[i]! += 1;
          }
        },
      ),
      { numRuns: 40 },
    );
  });
});
