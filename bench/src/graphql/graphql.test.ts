// Keeps the GraphQL benchmark honest in CI: at a tiny size it runs, both sides agree and the
// JSON fields are there. (The PGlite bulk put runs in `npm run bench -- graphql`.)
import { describe, expect, it } from 'vitest';
import { graphqlBenchmarks } from './graphql.bench.ts';

describe('graphql benchmark', () => {
  it('runs, agrees with its peers and reports the JSON fields', async () => {
    const measurements = await graphqlBenchmarks({ pglite: false, time: 5, cards: 10, overheadRounds: 20 });
    expect(measurements.map((m) => m.name)).toEqual([
      'graphql/request-overhead',
      'graphql/request-overhead-unvalidated',
      'graphql/card-loads',
    ]);
    for (const m of measurements) expect(m.ratio).toBeGreaterThan(0);
  });
});
