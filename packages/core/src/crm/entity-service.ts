/**
 * The one generic service behind every entity's create / update / get / require / list / remove:
 * strict input validation, derived fields, referential checks, optimistic concurrency and events
 * queued until commit. Business actions (capture, convert, record) reuse its `insert` and
 * `change` inside their own transactions, so every write of an entity follows the same path.
 */

import type { z } from 'zod';
import { parseOrThrow } from '../errors.ts';
import { type CollectionName, collections, type EntityInput, type EntityOf } from '../model/collections.ts';
import type { Page, Query } from '../storage/contract.ts';
import { conflict } from '../storage/validate.ts';
import { type ActionScope, type CrmContext, runAction } from './context.ts';
import type { CrmEventType, CrudEventNames, EntityChangeEvent, EntityEvent } from './events.ts';
import {
  checkDependents,
  checkReferences,
  type Dependent,
  missingRecord,
  type Reference,
} from './references.ts';
import { compact, parseId, parseVersion, sentFields, type VersionOptions } from './validation.ts';

/** A record on its way to the store, before the entity schema has validated it. */
export type Draft<C extends CollectionName> = Partial<EntityInput<C>>;

export interface EntityService<C extends CollectionName, CreateInput, PatchInput> {
  /** Validates and saves a new record; `id` is generated unless given. `CONFLICT` if the id exists. */
  create(input: CreateInput): Promise<EntityOf<C>>;
  /**
   * Applies `patch` (top-level fields replace the stored ones; `undefined` clears an optional
   * field) to the record at `expectedVersion`. `CONFLICT` when the record has moved on.
   */
  update(id: string, patch: PatchInput, options: VersionOptions): Promise<EntityOf<C>>;
  get(id: string): Promise<EntityOf<C> | undefined>;
  /** Like `get`, but a missing record is a `NOT_FOUND` error. */
  require(id: string): Promise<EntityOf<C>>;
  list(query?: Query<C>): Promise<Page<EntityOf<C>>>;
  /** Removes the record at `expectedVersion`; `GUARD_REJECTED` while other records point at it. */
  remove(id: string, options: VersionOptions): Promise<EntityOf<C>>;
}

/** What a create schema's output must offer: the optional caller-chosen id. */
interface CreateOutput {
  id?: string | undefined;
}

export interface EntityDefinition<
  C extends CollectionName,
  Create extends z.ZodType<CreateOutput>,
  Patch extends z.ZodType<object>,
> {
  collection: C;
  /** The entity's name in error messages (`account`). */
  noun: string;
  create: Create;
  patch: Patch;
  events: CrudEventNames;
  /** Fields that must point at existing records. */
  references?: readonly Reference[];
  /** Fields of other collections that point at this one; they block a remove. */
  dependents?: readonly Dependent[];
  /** Further collections `prepare` or `guardUpdate` read. */
  reads?: readonly CollectionName[];
  /** Derives fields before validation, on create (`previous` undefined) and on every change. */
  prepare?(
    scope: ActionScope,
    draft: Draft<C>,
    previous: EntityOf<C> | undefined,
  ): Draft<C> | Promise<Draft<C>>;
  /** Refuses a change the field checks cannot see, with `GUARD_REJECTED`. */
  guardUpdate?(scope: ActionScope, next: EntityOf<C>, previous: EntityOf<C>): void | Promise<void>;
}

export interface ChangeOptions {
  /** The event announcing the change; `false` when the caller announces it itself. */
  event?: CrmEventType | false;
}

/** An entity's generic service plus the building blocks business actions compose. */
export interface EntityRepository<
  C extends CollectionName,
  Create extends z.ZodType,
  Patch extends z.ZodType,
> {
  readonly service: EntityService<C, z.input<Create>, z.input<Patch>>;
  /** The collections a write of this entity touches: itself, its references, its hooks' reads. */
  readonly scope: readonly CollectionName[];
  parseCreate(input: unknown): z.output<Create>;
  /** Saves a new record inside `scope`'s transaction and queues its `created` event. */
  insert(scope: ActionScope, input: z.output<Create>): Promise<EntityOf<C>>;
  /** Reads the record at `expectedVersion`: `NOT_FOUND` or `CONFLICT` otherwise. */
  load(scope: ActionScope, id: string, expectedVersion: number): Promise<EntityOf<C>>;
  /** Saves `previous` with `changes` applied (bypassing the patch schema, not the entity schema). */
  change(
    scope: ActionScope,
    previous: EntityOf<C>,
    changes: Draft<C>,
    options?: ChangeOptions,
  ): Promise<EntityOf<C>>;
}

type LooseEmit = (type: CrmEventType, payload: EntityEvent<unknown> | EntityChangeEvent<unknown>) => void;

export function createEntityRepository<
  C extends CollectionName,
  Create extends z.ZodType<CreateOutput>,
  Patch extends z.ZodType<object>,
>(ctx: CrmContext, definition: EntityDefinition<C, Create, Patch>): EntityRepository<C, Create, Patch> {
  const { collection, noun } = definition;
  const entitySchema = collections[collection].schema;
  const references = definition.references ?? [];
  const dependents = definition.dependents ?? [];
  const writeScope = [collection, ...references.map((r) => r.collection), ...(definition.reads ?? [])];
  const removeScope = [collection, ...dependents.map((d) => d.collection)];

  // The definition's event names are tied to this entity's type; TypeScript cannot follow that
  // link through the generic `C`, so the payload is checked here rather than at `emit`.
  const announce = (
    scope: ActionScope,
    type: CrmEventType | false | undefined,
    payload: EntityEvent<unknown>,
  ) => {
    if (type) (scope.emit as LooseEmit)(type, payload);
  };

  const save = async (scope: ActionScope, draft: Draft<C>, previous?: EntityOf<C>): Promise<EntityOf<C>> => {
    const prepared = definition.prepare ? await definition.prepare(scope, draft, previous) : draft;
    const entity = parseOrThrow(entitySchema, compact(prepared), noun) as EntityOf<C>;
    await checkReferences(scope.tx, entity, references, previous);
    if (previous && definition.guardUpdate) await definition.guardUpdate(scope, entity, previous);
    const expectedVersion = previous?.version ?? 0;
    return scope.tx.put(collection, entity as EntityInput<C>, { expectedVersion });
  };

  const insert = async (scope: ActionScope, input: z.output<Create>): Promise<EntityOf<C>> => {
    const id = input.id ?? ctx.ids();
    const draft = { ...input, id, version: 1, createdAt: scope.at, updatedAt: scope.at } as Draft<C>;
    const saved = await save(scope, draft);
    announce(scope, definition.events.created, { entity: saved, actorId: scope.actorId });
    return saved;
  };

  const load = async (scope: ActionScope, id: string, expectedVersion: number): Promise<EntityOf<C>> => {
    const found = await scope.tx.get(collection, id);
    if (!found) throw missingRecord(collection, id);
    if (found.version !== expectedVersion) throw conflict(collection, id, expectedVersion, found.version);
    return found;
  };

  const change = async (
    scope: ActionScope,
    previous: EntityOf<C>,
    changes: Draft<C>,
    options: ChangeOptions = {},
  ): Promise<EntityOf<C>> => {
    const draft = {
      ...previous,
      ...changes,
      id: previous.id,
      version: previous.version + 1,
      createdAt: previous.createdAt,
      updatedAt: scope.at,
    } as Draft<C>;
    const saved = await save(scope, draft, previous);
    const event = options.event ?? definition.events.updated;
    announce(scope, event, { entity: saved, previous, actorId: scope.actorId } as EntityChangeEvent<unknown>);
    return saved;
  };

  const parseCreate = (input: unknown): z.output<Create> => parseOrThrow(definition.create, input, noun);

  // Async so that invalid input always arrives as a rejected promise, never as a synchronous throw.
  const get = async (id: string) => ctx.store.get(collection, parseId(id));

  const service: EntityService<C, z.input<Create>, z.input<Patch>> = {
    async create(input) {
      const parsed = parseCreate(input);
      return runAction(ctx, writeScope, (scope) => insert(scope, parsed));
    },
    async update(id, patch, options) {
      parseId(id);
      const expectedVersion = parseVersion(options);
      const changes = sentFields(parseOrThrow(definition.patch, patch, noun), patch) as Draft<C>;
      return runAction(ctx, writeScope, async (scope) =>
        change(scope, await load(scope, id, expectedVersion), changes),
      );
    },
    get,
    async require(id) {
      const found = await get(id);
      if (!found) throw missingRecord(collection, id);
      return found;
    },
    list: async (query) => ctx.store.query(collection, query),
    async remove(id, options) {
      parseId(id);
      const expectedVersion = parseVersion(options);
      return runAction(ctx, removeScope, async (scope) => {
        const existing = await load(scope, id, expectedVersion);
        await checkDependents(scope.tx, collection, id, dependents);
        await scope.tx.delete(collection, id, { expectedVersion });
        announce(scope, definition.events.removed, { entity: existing, actorId: scope.actorId });
        return existing;
      });
    },
  };

  return { service, scope: writeScope, parseCreate, insert, load, change };
}
