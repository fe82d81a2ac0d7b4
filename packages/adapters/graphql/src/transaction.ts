/**
 * `store.transaction` over a stateless GraphQL server, optimistically. The work function's reads go
 * to the server (batched like any `get`) and see the transaction's own buffered writes; the version
 * of every record it read is remembered. At the end ONE `transaction` mutation carries the writes,
 * in order, plus those versions as preconditions; the server checks them and replays the writes in
 * one storage transaction, or answers CONFLICT and nothing is written. On such a conflict the work
 * function runs again (a bounded number of times) against fresh data.
 *
 * Isolation: every record read by id (get, getMany, or returned by query) is validated at commit,
 * so a committed transaction never acted on a stale record it read. Query and count results are not
 * re-validated as a whole: a record *inserted* by someone else into a range the transaction only
 * queried (a phantom) is not detected. That is snapshot-like isolation for records, not full
 * serializability for predicates.
 */
import {
  assertCollection,
  assertId,
  type CollectionName,
  conflict,
  type DeleteOptions,
  type EntityInput,
  type EntityOf,
  KehuError,
  normalizeQuery,
  normalizeWhere,
  type Page,
  type PutOptions,
  parseEntity,
  type Query,
  runQuery,
  type StoreTransaction,
  type Where,
} from '@kehu/core';

export interface WriteInput {
  op: 'PUT' | 'BULK_PUT' | 'DELETE';
  collection: CollectionName;
  entity?: unknown;
  entities?: unknown[];
  id?: string;
  expectedVersion?: number;
}

export interface ReadInput {
  collection: CollectionName;
  id: string;
  version: number | null;
}

/** What a transaction needs from its store: unbuffered reads against the server. */
export interface TransactionBackend {
  getMany<C extends CollectionName>(
    collection: C,
    ids: readonly string[],
  ): Promise<(EntityOf<C> | undefined)[]>;
  query<C extends CollectionName>(collection: C, query: Query<C>): Promise<Page<EntityOf<C>>>;
  count<C extends CollectionName>(collection: C, where: Where<C> | undefined): Promise<number>;
}

type Row = Record<string, unknown> & { id: string; version: number };

const clone = <T>(value: T): T => (value === undefined ? value : structuredClone(value));

export class OptimisticTransaction implements StoreTransaction {
  /** Server versions seen by this attempt: `null` = absent. The first sighting counts. */
  readonly reads = new Map<string, ReadInput>();
  readonly writes: WriteInput[] = [];
  /** The transaction's own view: a record, or `null` once deleted. */
  private readonly overlay = new Map<CollectionName, Map<string, Row | null>>();
  /** Server records read by id, so reading one twice gives the same answer (repeatable reads). */
  private readonly base = new Map<string, Row | undefined>();
  private finished = false;

  constructor(
    private readonly backend: TransactionBackend,
    private readonly scope: ReadonlySet<CollectionName>,
  ) {}

  finish(): void {
    this.finished = true;
  }

  private check(collection: unknown): asserts collection is CollectionName {
    if (this.finished) throw new KehuError('STORAGE', 'The transaction has already ended');
    assertCollection(collection);
    if (!this.scope.has(collection)) {
      throw new KehuError('STORAGE', `${collection} is outside this transaction's collections`, {
        details: { collection, scope: [...this.scope] },
      });
    }
  }

  private observe(collection: CollectionName, id: string, record: Row | undefined): void {
    const key = `${collection}\u0000${id}`;
    if (this.reads.has(key)) return;
    this.reads.set(key, { collection, id, version: record?.version ?? null });
    this.base.set(key, record);
  }

  private layer(collection: CollectionName): Map<string, Row | null> {
    let layer = this.overlay.get(collection);
    if (!layer) {
      layer = new Map();
      this.overlay.set(collection, layer);
    }
    return layer;
  }

  /** Current view of each id: the overlay's, else the server's (remembered as a read). */
  private async current(collection: CollectionName, ids: readonly string[]): Promise<(Row | undefined)[]> {
    const layer = this.overlay.get(collection);
    const key = (id: string) => `${collection}\u0000${id}`;
    const missing = [...new Set(ids.filter((id) => !layer?.has(id) && !this.base.has(key(id))))];
    if (missing.length) {
      const records = await this.backend.getMany(collection, missing);
      for (const [index, id] of missing.entries())
        this.observe(collection, id, records[index] as Row | undefined);
    }
    return ids.map((id) => (layer?.has(id) ? (layer.get(id) ?? undefined) : this.base.get(key(id))));
  }

  async get<C extends CollectionName>(collection: C, id: string): Promise<EntityOf<C> | undefined> {
    this.check(collection);
    assertId(id);
    const [record] = await this.current(collection, [id]);
    return clone(record) as EntityOf<C> | undefined;
  }

  async getMany<C extends CollectionName>(
    collection: C,
    ids: readonly string[],
  ): Promise<(EntityOf<C> | undefined)[]> {
    this.check(collection);
    for (const [index, id] of ids.entries()) assertId(id, ['ids', index]);
    return (await this.current(collection, ids)).map((record) => clone(record) as EntityOf<C> | undefined);
  }

  async query<C extends CollectionName>(collection: C, query: Query<C> = {}): Promise<Page<EntityOf<C>>> {
    this.check(collection);
    const normalized = normalizeQuery(collection, query);
    const layer = this.overlay.get(collection);
    if (!layer?.size) {
      const page = await this.backend.query(collection, query);
      for (const item of page.items) this.observe(collection, item.id, structuredClone(item) as Row);
      return page;
    }
    // Merge: every server match the overlay does not shadow, plus the overlay's own records; then
    // core's reference semantics filter, order and cut the page.
    const server = await this.backend.query(collection, query.where ? { where: query.where } : {});
    const candidates: Row[] = [];
    for (const item of server.items as Row[]) {
      this.observe(collection, item.id, structuredClone(item));
      if (!layer.has(item.id)) candidates.push(item);
    }
    for (const record of layer.values()) if (record) candidates.push(record);
    const page = runQuery(candidates, normalized);
    return { items: page.items.map((item) => clone(item)) as EntityOf<C>[], nextCursor: page.nextCursor };
  }

  async count<C extends CollectionName>(collection: C, where?: Where<C>): Promise<number> {
    this.check(collection);
    normalizeWhere(collection, where);
    if (!this.overlay.get(collection)?.size) return this.backend.count(collection, where);
    return (await this.query(collection, where ? { where } : {})).items.length;
  }

  async put<C extends CollectionName>(
    collection: C,
    entity: EntityInput<C>,
    options: PutOptions = {},
  ): Promise<EntityOf<C>> {
    this.check(collection);
    const id =
      entity && typeof entity === 'object' && !Array.isArray(entity)
        ? (entity as { id?: unknown }).id
        : undefined;
    if (typeof id !== 'string' || id === '') return parseEntity(collection, entity, 1); // throws VALIDATION
    const [record] = await this.current(collection, [id]);
    const version = record?.version ?? null;
    // As in every store, a stale write is a CONFLICT even when it is invalid too.
    if (options.expectedVersion !== undefined && options.expectedVersion !== (version ?? 0)) {
      throw conflict(collection, id, options.expectedVersion, version);
    }
    const stored = parseEntity(collection, entity, (version ?? 0) + 1) as unknown as Row;
    this.layer(collection).set(id, stored);
    this.writes.push({ op: 'PUT', collection, entity: stored, expectedVersion: version ?? 0 });
    return clone(stored) as unknown as EntityOf<C>;
  }

  async bulkPut<C extends CollectionName>(collection: C, entities: readonly EntityInput<C>[]): Promise<void> {
    this.check(collection);
    // Validate everything first, so an invalid record leaves the transaction's view untouched.
    for (const [index, entity] of entities.entries()) parseEntity(collection, entity, 1, [index]);
    const ids = entities.map((entity) => (entity as { id: string }).id);
    const current = await this.current(collection, ids);
    const versions = new Map<string, number>();
    ids.forEach((id, index) => {
      if (!versions.has(id)) versions.set(id, current[index]?.version ?? 0);
    });
    const layer = this.layer(collection);
    const stored = entities.map((entity, index) => {
      const id = ids[index]!;
      const version = versions.get(id)! + 1;
      versions.set(id, version);
      const record = parseEntity(collection, entity, version) as unknown as Row;
      layer.set(id, record);
      return record;
    });
    if (stored.length) this.writes.push({ op: 'BULK_PUT', collection, entities: stored });
  }

  async delete<C extends CollectionName>(
    collection: C,
    id: string,
    options: DeleteOptions = {},
  ): Promise<boolean> {
    this.check(collection);
    assertId(id);
    const [record] = await this.current(collection, [id]);
    const version = record?.version ?? null;
    if (options.expectedVersion !== undefined) {
      if (options.expectedVersion === 0 && version === null) return false;
      if (options.expectedVersion !== (version ?? 0))
        throw conflict(collection, id, options.expectedVersion, version);
    }
    if (version === null) return false;
    this.layer(collection).set(id, null);
    this.writes.push({ op: 'DELETE', collection, id, expectedVersion: version });
    return true;
  }
}
