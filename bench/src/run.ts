/**
 * `npm run bench`: runs every benchmark, prints the table of ratios and writes
 * bench/results/latest.json. `npm run bench -- memory` runs only suites whose name contains "memory".
 * The whole run takes a while (the Dexie and board suites write and render 100k / 50k records in
 * Chromium); run one suite at a time while working on it.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { assignmentBenchmarks } from './assignment.bench.ts';
import { boardBenchmarks } from './board.bench.ts';
import { dexieBenchmarks } from './dexie/run-in-chromium.ts';
import { funnelBenchmarks } from './funnel.bench.ts';
import { graphqlBenchmarks } from './graphql/graphql.bench.ts';
import { formatTable, type Measurement } from './harness.ts';
import { loyaltyBenchmarks } from './loyalty.bench.ts';
import { matchingBenchmarks } from './matching.bench.ts';
import { memoryStoreBenchmarks } from './memory-store.bench.ts';
import { scoringBenchmarks } from './scoring.bench.ts';

const suites: { name: string; run: () => Promise<Measurement[]> }[] = [
  { name: 'memory', run: () => memoryStoreBenchmarks([10_000, 100_000]) },
  { name: 'funnel', run: () => funnelBenchmarks([10_000, 100_000]) },
  { name: 'scoring', run: () => scoringBenchmarks([10_000, 100_000]) },
  { name: 'assignment', run: () => assignmentBenchmarks([10_000, 100_000]) },
  { name: 'loyalty', run: () => loyaltyBenchmarks([10_000, 100_000, 1_000_000]) },
  { name: 'matching', run: () => matchingBenchmarks() },
  { name: 'dexie', run: () => dexieBenchmarks([10_000, 100_000]) },
  { name: 'board', run: () => boardBenchmarks([10_000, 50_000]) },
  // `npm run bench -- graphql 100000` for the 100k bulk put.
  {
    name: 'graphql',
    run: () => graphqlBenchmarks({ bulkSizes: [Number(process.argv[3] ?? 10_000)] }),
  },
];

const filter = process.argv[2];
const measurements: Measurement[] = [];
for (const suite of suites) {
  if (filter && !suite.name.includes(filter)) continue;
  console.log(`▶ ${suite.name}`);
  measurements.push(...(await suite.run()));
}

console.log(`\n${formatTable(measurements)}\n`);
const out = new URL('../results/', import.meta.url);
mkdirSync(out, { recursive: true });
writeFileSync(new URL('latest.json', out), `${JSON.stringify(measurements, null, 2)}\n`);
console.log(`ratio = peer ms / ours ms (above 1: ours is faster). Written to bench/results/latest.json`);
