/**
 * The ERP's CRM data: an IndexedDB database (the Dexie adapter) that is generated and seeded on
 * first start — in small chunks, reporting progress, so the page stays responsive — and simply
 * opened afterwards. The rule engines are built from the stored organisation (teams, reps,
 * territories), so a reload does not need the generated data again.
 */
import { createDexieStore, type DexieStore } from '@kehu/adapter-dexie';
import {
  type Crm,
  compileScoring,
  createCrm,
  type Deal,
  type EntityInput,
  type Locale,
  leadScoreOf,
  type Store,
} from '@kehu/core';
import { generateSampleData, sampleCollections, sampleEngines, sampleScoring } from '@kehu/sample-data';

export type Progress =
  | { phase: 'generating' }
  | { phase: 'seeding'; done: number; total: number }
  | { phase: 'analysing' };

export interface DataOptions {
  /** IndexedDB database name. */
  database: string;
  /** Deals generated on first start; every other size follows. */
  deals: number;
  seed?: number;
  /** The day the generated history leads up to; default now, so ages and rotting look real. */
  now?: string;
  /** Records written per transaction while seeding. */
  chunk?: number;
  /** Language of score labels and assignment reasons stored on new leads. */
  locale?: Locale;
  onProgress?: (progress: Progress) => void;
}

export interface CrmSession {
  store: DexieStore;
  crm: Crm;
  /** Whether this start generated the data (first start or after a reset). */
  seeded: boolean;
  deals: number;
  accounts: number;
}

/** Lets the browser paint (the progress line) between chunks. */
const nextFrame = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/** Writes generated data collection by collection, `chunk` records per transaction. */
async function seedInChunks(
  store: Store,
  data: ReturnType<typeof generateSampleData>,
  chunk: number,
  onProgress?: (progress: Progress) => void,
): Promise<void> {
  const total = sampleCollections.reduce((sum, name) => sum + data[name].length, 0);
  let done = 0;
  onProgress?.({ phase: 'seeding', done, total });
  // The pipeline goes last: its presence marks a complete seed, so a first start interrupted
  // half-way (the tab closed) seeds again on the next start instead of showing partial data.
  const order = [...sampleCollections.filter((name) => name !== 'pipelines'), 'pipelines' as const];
  for (const collection of order) {
    const records = data[collection] as readonly EntityInput<typeof collection>[];
    for (let start = 0; start < records.length; start += chunk) {
      const part = records.slice(start, start + chunk);
      await store.bulkPut(collection, part);
      done += part.length;
      onProgress?.({ phase: 'seeding', done, total });
      await nextFrame();
    }
  }
}

/**
 * The generated leads arrive as an import would, without scores; the ERP scores them with the
 * same rules capture uses, as of when each came in, so the leads list shows a score for all.
 */
function scoreImportedLeads(leads: EntityInput<'leads'>[], locale: Locale): void {
  const scorer = compileScoring(sampleScoring);
  for (const lead of leads) {
    if (lead.score) continue;
    const result = scorer.score(lead, { now: Date.parse(lead.createdAt) });
    lead.score = {
      ...leadScoreOf(result, locale),
      at: lead.createdAt,
    };
  }
}

/** Opens the database, seeding it first when it holds no (complete) data, and builds the CRM on it. */
export async function openCrm(options: DataOptions): Promise<CrmSession> {
  const store = createDexieStore({ name: options.database });
  let seeded = false;
  if ((await store.count('pipelines')) === 0) {
    options.onProgress?.({ phase: 'generating' });
    await nextFrame();
    const data = generateSampleData({
      deals: options.deals,
      seed: options.seed ?? 1,
      now: options.now ?? new Date().toISOString(),
    });
    scoreImportedLeads(data.leads, options.locale ?? 'zh-CN');
    await seedInChunks(store, data, options.chunk ?? 500, options.onProgress);
    seeded = true;
  }
  const [teams, users, territories] = await Promise.all([
    store.query('teams'),
    store.query('users'),
    store.query('territories'),
  ]);
  const crm = createCrm({
    store,
    engines: sampleEngines(
      { teams: teams.items, users: users.items, territories: territories.items },
      { locale: options.locale ?? 'zh-CN' },
    ),
  });
  options.onProgress?.({ phase: 'analysing' });
  // RFM segments and value grades for the customer cards: the whole base, once per start.
  await crm.customers.analyze();
  return {
    store,
    crm,
    seeded,
    deals: await store.count('deals'),
    accounts: await store.count('accounts'),
  };
}

export interface StageRow {
  stageId: string;
  name: { 'zh-CN': string; en: string };
  count: number;
  /** Sum per currency, in minor units. */
  totals: Record<string, number>;
}

/** Count and per-currency totals of the deals in each stage of a pipeline, via indexed queries. */
export async function dealsPerStage(store: Store, pipelineId: string): Promise<StageRow[]> {
  const pipeline = await store.get('pipelines', pipelineId);
  if (!pipeline) throw new Error(`No pipeline ${pipelineId}`);
  return Promise.all(
    pipeline.stages.map(async (stage) => {
      const { items } = await store.query('deals', { where: { pipelineId, stageId: stage.id } });
      const totals: Record<string, number> = {};
      for (const deal of items as Deal[]) {
        totals[deal.amount.currency] = (totals[deal.amount.currency] ?? 0) + deal.amount.amount;
      }
      return { stageId: stage.id, name: stage.name, count: items.length, totals };
    }),
  );
}
