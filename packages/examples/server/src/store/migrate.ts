/**
 * Schema migrations: the numbered SQL files of `migrations/`, applied in name order, each in the
 * transaction that records it in `schema_migrations`. Applied files are skipped, so `migrate` runs
 * on every start; an advisory lock keeps two servers starting at once from racing.
 */
import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Database } from '../db.ts';

/** `packages/examples/server/migrations`, from `src/store` and from `dist/store` alike. */
export const MIGRATIONS_DIR = fileURLToPath(new URL('../../migrations/', import.meta.url));

/** An arbitrary constant: the advisory lock every Kehu server takes while migrating. */
const MIGRATION_LOCK = 7_412_093;

export interface Migration {
  name: string;
  sql: string;
}

export async function loadMigrations(dir: string = MIGRATIONS_DIR): Promise<Migration[]> {
  const names = (await readdir(dir)).filter((name) => /^\d+_.+\.sql$/.test(name)).sort();
  return Promise.all(names.map(async (name) => ({ name, sql: await readFile(`${dir}/${name}`, 'utf8') })));
}

/** Applies every migration not applied yet; resolves to the names it applied. */
export async function migrate(db: Database, migrations?: readonly Migration[]): Promise<string[]> {
  const pending = migrations ?? (await loadMigrations());
  await db.exec(
    `CREATE TABLE IF NOT EXISTS schema_migrations (
       name text PRIMARY KEY,
       applied_at timestamptz NOT NULL DEFAULT now()
     )`,
  );
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    const { rows } = await tx.query<{ name: string }>('SELECT name FROM schema_migrations');
    const done = new Set(rows.map((row) => row.name));
    const applied: string[] = [];
    for (const migration of pending) {
      if (done.has(migration.name)) continue;
      await tx.exec(migration.sql);
      await tx.query('INSERT INTO schema_migrations (name) VALUES ($1)', [migration.name]);
      applied.push(migration.name);
    }
    return applied;
  });
}
