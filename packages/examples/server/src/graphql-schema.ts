/**
 * The executable schema: `schema.graphql` of `@kehu/adapter-graphql` (one contract for both
 * sides) with resolvers that authenticate, scope every call to the caller's tenant, check roles
 * for admin-only writes, enforce page and batch sizes, and hand everything else to the tenant's
 * `Store` (which validates with core's zod schemas) or to core's `createCrm`.
 */
import { readFileSync } from 'node:fs';
import {
  type CollectionName,
  type Crm,
  type EntityInput,
  KehuError,
  type Query,
  type Store,
  type StoreTransaction,
  type Where,
} from '@kehu/core';
import { valueFromASTUntyped } from 'graphql';
import { createSchema } from 'graphql-yoga';
import { type Principal, requirePrincipal, requireWriteAccess } from './auth.ts';
import type { ChangeSource } from './changes.ts';
import { toGraphQLError } from './errors.ts';
import type { LeadCapture } from './lead-capture.ts';
import type { Limits } from './limits.ts';

export const typeDefs = readFileSync(
  new URL('../../../adapters/graphql/schema.graphql', import.meta.url),
  'utf8',
);

export interface RequestContext {
  principal: Principal | undefined;
  ip: string | undefined;
}

export interface SchemaDependencies {
  storeFor(tenantId: string): Promise<Store>;
  crmFor(tenantId: string, principal: Principal): Promise<Crm>;
  hub: ChangeSource;
  capture: LeadCapture;
  limits: Limits;
  onError: (error: unknown) => void;
}

/** The JSON scalar as a plain resolver map: graphql-tools installs it on the schema's own type. */
const JSONScalar = {
  serialize: (value: unknown) => value,
  parseValue: (value: unknown) => value,
  parseLiteral: (
    ast: Parameters<typeof valueFromASTUntyped>[0],
    variables?: Record<string, unknown> | null,
  ) => valueFromASTUntyped(ast, variables),
};

interface WriteInput {
  op: 'PUT' | 'BULK_PUT' | 'DELETE';
  collection: string;
  entity?: unknown;
  entities?: unknown[] | null;
  id?: string | null;
  expectedVersion?: number | null;
}

interface ReadInput {
  collection: string;
  id: string;
  version?: number | null;
}

function invalid(
  path: (string | number)[],
  message: string,
  details: Record<string, unknown> = {},
): KehuError {
  return new KehuError('VALIDATION', message, { issues: [{ path, message, code: 'invalid' }], details });
}

const versionOption = (expectedVersion: number | null | undefined) =>
  expectedVersion === null || expectedVersion === undefined ? {} : { expectedVersion };

function asObject(value: unknown, path: string): Record<string, unknown> {
  if (value === null || value === undefined) return {};
  if (typeof value !== 'object' || Array.isArray(value)) throw invalid([path], `${path} must be an object`);
  return value as Record<string, unknown>;
}

/** Applies one buffered write of a transaction. */
async function applyWrite(tx: StoreTransaction, write: WriteInput, index: number): Promise<void> {
  const collection = write.collection as CollectionName;
  switch (write.op) {
    case 'PUT':
      await tx.put(
        collection,
        write.entity as EntityInput<CollectionName>,
        versionOption(write.expectedVersion),
      );
      return;
    case 'BULK_PUT':
      await tx.bulkPut(collection, (write.entities ?? []) as EntityInput<CollectionName>[]);
      return;
    case 'DELETE':
      if (typeof write.id !== 'string') throw invalid(['writes', index, 'id'], 'A DELETE needs an id');
      await tx.delete(collection, write.id, versionOption(write.expectedVersion));
      return;
  }
}

/** Fails with a precondition CONFLICT when a record the client read has changed since. */
async function checkReads(tx: StoreTransaction, reads: readonly ReadInput[]): Promise<void> {
  const byCollection = new Map<string, ReadInput[]>();
  for (const read of reads) {
    const group = byCollection.get(read.collection) ?? [];
    group.push(read);
    byCollection.set(read.collection, group);
  }
  for (const [collection, group] of byCollection) {
    const current = await tx.getMany(
      collection as CollectionName,
      group.map((read) => read.id),
    );
    group.forEach((read, index) => {
      const actual = current[index]?.version ?? null;
      const expected = read.version ?? null;
      if (actual !== expected) {
        throw new KehuError('CONFLICT', `${collection}/${read.id} changed while the transaction ran`, {
          details: {
            collection,
            id: read.id,
            expectedVersion: expected ?? 0,
            actualVersion: actual,
            precondition: true,
          },
        });
      }
    });
  }
}

export function createKehuSchema(deps: SchemaDependencies) {
  const { limits } = deps;

  /** A resolver that needs a token, with every failure turned into a typed GraphQL error. */
  const authed =
    <A, R>(resolve: (args: A, principal: Principal, store: Store) => Promise<R>) =>
    async (_parent: unknown, args: A, context: RequestContext): Promise<R> => {
      try {
        const principal = requirePrincipal(context.principal);
        return await resolve(args, principal, await deps.storeFor(principal.tenantId));
      } catch (error) {
        throw toGraphQLError(error, deps.onError);
      }
    };

  const resolvers = {
    JSON: JSONScalar,
    Query: {
      viewer: authed(async (_args: unknown, principal) => principal),
      get: authed(({ collection, id }: { collection: string; id: string }, _p, store) =>
        store.get(collection as CollectionName, id),
      ),
      getMany: authed(({ collection, ids }: { collection: string; ids: string[] }, _p, store) => {
        if (ids.length > limits.maxIds) {
          throw invalid(['ids'], `At most ${limits.maxIds} ids per getMany`, { maxIds: limits.maxIds });
        }
        return store.getMany(collection as CollectionName, ids);
      }),
      query: authed(({ collection, query }: { collection: string; query?: unknown }, _p, store) => {
        const asked = asObject(query, 'query') as Query;
        if (typeof asked.limit === 'number' && asked.limit > limits.maxPageSize) {
          throw invalid(['limit'], `A page holds at most ${limits.maxPageSize} records`, {
            maxPageSize: limits.maxPageSize,
          });
        }
        return store.query(collection as CollectionName, {
          ...asked,
          limit: asked.limit ?? limits.maxPageSize,
        });
      }),
      count: authed(({ collection, where }: { collection: string; where?: unknown }, _p, store) =>
        store.count(collection as CollectionName, (where ?? undefined) as Where | undefined),
      ),
    },
    Mutation: {
      put: authed(
        async (
          {
            collection,
            entity,
            expectedVersion,
          }: { collection: string; entity: unknown; expectedVersion?: number | null },
          principal,
          store,
        ) => {
          requireWriteAccess(principal, collection);
          return store.put(
            collection as CollectionName,
            entity as EntityInput<CollectionName>,
            versionOption(expectedVersion),
          );
        },
      ),
      bulkPut: authed(
        async ({ collection, entities }: { collection: string; entities: unknown[] }, principal, store) => {
          requireWriteAccess(principal, collection);
          await store.bulkPut(collection as CollectionName, entities as EntityInput<CollectionName>[]);
          return entities.length;
        },
      ),
      delete: authed(
        async (
          {
            collection,
            id,
            expectedVersion,
          }: { collection: string; id: string; expectedVersion?: number | null },
          principal,
          store,
        ) => {
          requireWriteAccess(principal, collection);
          return store.delete(collection as CollectionName, id, versionOption(expectedVersion));
        },
      ),
      transaction: authed(
        async (
          {
            collections,
            reads,
            writes,
          }: { collections: string[]; reads?: ReadInput[] | null; writes: WriteInput[] },
          principal,
          store,
        ) => {
          for (const write of writes) requireWriteAccess(principal, write.collection);
          await store.transaction(collections as CollectionName[], async (tx) => {
            await checkReads(tx, reads ?? []);
            for (const [index, write] of writes.entries()) await applyWrite(tx, write, index);
          });
          return { writes: writes.length };
        },
      ),
      recordOrder: authed(async ({ input }: { input: unknown }, principal) => {
        const crm = await deps.crmFor(principal.tenantId, principal);
        return crm.orders.record(input as Parameters<Crm['orders']['record']>[0]);
      }),
      captureLead: async (
        _parent: unknown,
        { submission }: { submission: unknown },
        context: RequestContext,
      ) => {
        try {
          const { receipt, retryAfter } = await deps.capture(submission, context.ip);
          if (receipt.body.ok) return receipt.body;
          const { code, message, issues, details } = receipt.body.error;
          throw new KehuError(code, message, {
            issues,
            details: retryAfter === undefined ? details : { ...details, retryAfter },
          });
        } catch (error) {
          throw toGraphQLError(error, deps.onError);
        }
      },
    },
    Subscription: {
      changes: {
        subscribe: (
          _parent: unknown,
          { collections }: { collections?: string[] | null },
          context: RequestContext,
        ) => {
          try {
            return deps.hub.iterate(requirePrincipal(context.principal).tenantId, collections);
          } catch (error) {
            throw toGraphQLError(error, deps.onError);
          }
        },
        resolve: (change: unknown) => change,
      },
    },
  };

  return createSchema<RequestContext>({ typeDefs, resolvers });
}
