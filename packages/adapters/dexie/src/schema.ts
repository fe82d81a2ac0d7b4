/**
 * The IndexedDB schema of a Kehu database: one Dexie table per collection with the indexes that
 * `collections` declares, every version the adapter has ever written, and the upgrade functions
 * that carry records from one version to the next. The query planner reads the index metadata
 * from here, so what the README calls "index-served" is exactly what this module builds.
 */
import { type CollectionName, collectionNames, collections } from '@kehu/core';
import type { Transaction } from '#dexie';

/** The table specification Dexie's `version(n).stores()` takes, per collection. */
export type StoreSpecs = Record<CollectionName, string>;

export interface SchemaVersion {
  /** Dexie's version number (IndexedDB's version is ten times this). */
  version: number;
  stores: StoreSpecs;
  /** What changed, for the README and for whoever reads the upgrade code. */
  changes: string;
  /** Moves records written by the previous version into this version's shape. */
  upgrade?: (transaction: Transaction) => Promise<void>;
}

interface IndexDeclaration {
  indexes: readonly string[];
  multiEntry?: readonly string[];
  compound?: readonly (readonly string[])[];
}

function declarationOf(collection: CollectionName): IndexDeclaration {
  return collections[collection];
}

/** `&id, ownerId, *tags, [pipelineId+stageId+position]`: Dexie's syntax for a declaration. */
export function storeSpec(declaration: IndexDeclaration): string {
  return [
    '&id',
    ...declaration.indexes,
    ...(declaration.multiEntry ?? []).map((field) => `*${field}`),
    ...(declaration.compound ?? []).map((fields) => `[${fields.join('+')}]`),
  ].join(', ');
}

function currentSpecs(): StoreSpecs {
  const specs = {} as StoreSpecs;
  for (const collection of collectionNames) specs[collection] = storeSpec(declarationOf(collection));
  return specs;
}

/**
 * Version 1, written by the 0.0 previews: deals had a `[pipelineId+stageId]` compound without the
 * position, so a board column had to be sorted in memory, and a contact kept a single `email`
 * string as typed, indexed as is — `Li@Example.cn` and `li@example.cn` did not find each other.
 */
function versionOneSpecs(): StoreSpecs {
  const current = currentSpecs();
  return {
    ...current,
    deals: storeSpec({
      ...declarationOf('deals'),
      compound: [
        ['pipelineId', 'stageId'],
        ['ownerId', 'status'],
      ],
    }),
    contacts: storeSpec({ indexes: ['accountId', 'ownerId', 'name', 'email'], multiEntry: ['phones'] }),
  };
}

/** Version 1 contact → version 2: the single e-mail becomes the `emails` list, trimmed and lower-cased. */
export function upgradeContactToV2(contact: Record<string, unknown>): void {
  const single = contact.email;
  delete contact.email;
  const emails = Array.isArray(contact.emails) ? (contact.emails as unknown[]) : [];
  if (typeof single === 'string' && single.trim() !== '') emails.unshift(single);
  const normalised = emails
    .filter((email): email is string => typeof email === 'string')
    .map((email) => email.trim().toLowerCase());
  contact.emails = [...new Set(normalised)];
}

/** Every schema version, oldest first. The last one is what `createDexieStore` opens. */
export const schemaVersions: readonly SchemaVersion[] = [
  {
    version: 1,
    stores: versionOneSpecs(),
    changes: 'The 0.0 preview schema.',
  },
  {
    version: 2,
    stores: currentSpecs(),
    changes:
      'deals: [pipelineId+stageId] becomes [pipelineId+stageId+position] so a board column is read in ' +
      'order from the index; contacts: the single `email` becomes the multi-entry `emails` list, ' +
      'lower-cased, for duplicate lookups.',
    async upgrade(transaction) {
      await transaction
        .table('contacts')
        .toCollection()
        .modify((contact: Record<string, unknown>) => {
          upgradeContactToV2(contact);
        });
    },
  },
];

/** The version `createDexieStore` opens. */
export const SCHEMA_VERSION = schemaVersions[schemaVersions.length - 1]!.version;

/** The current table specifications, e.g. `dexieStores.deals`. */
export const dexieStores: StoreSpecs = schemaVersions[schemaVersions.length - 1]!.stores;

/** What the planner knows about one collection's indexes. */
export interface IndexInfo {
  /** Single-field indexes (not multi-entry). */
  single: ReadonlySet<string>;
  /** Multi-entry indexes over array fields. */
  multiEntry: ReadonlySet<string>;
  /** Compound indexes as ordered field lists. */
  compound: readonly (readonly string[])[];
  /**
   * Fields every stored record carries as a string or number, so an index over them lists every
   * record. IndexedDB leaves a record out of an index whose key path it lacks (or holds null or a
   * boolean there), so only these fields may be walked to order records the query does not narrow.
   */
  dense: ReadonlySet<string>;
}

interface ZodIntrospection {
  _zod: { optout?: string; def: { type: string; innerType?: ZodIntrospection } };
}

/** Whether a stored record always has this field as a valid IndexedDB key (string or number). */
function isDenseKey(field: unknown): boolean {
  let type = field as ZodIntrospection | undefined;
  if (!type?._zod || type._zod.optout !== undefined) return false;
  while (type?._zod.def.type === 'default' || type?._zod.def.type === 'prefault')
    type = type._zod.def.innerType;
  return ['string', 'number', 'enum'].includes(type?._zod.def.type ?? '');
}

function buildIndexInfo(collection: CollectionName): IndexInfo {
  const declaration = declarationOf(collection);
  const shape = (collections[collection].schema as unknown as { shape: Record<string, unknown> }).shape;
  const dense = new Set<string>();
  for (const [field, type] of Object.entries(shape)) if (isDenseKey(type)) dense.add(field);
  return {
    single: new Set(declaration.indexes),
    multiEntry: new Set(declaration.multiEntry ?? []),
    compound: declaration.compound ?? [],
    dense,
  };
}

const indexInfoCache = new Map<CollectionName, IndexInfo>();

export function indexInfo(collection: CollectionName): IndexInfo {
  let info = indexInfoCache.get(collection);
  if (!info) {
    info = buildIndexInfo(collection);
    indexInfoCache.set(collection, info);
  }
  return info;
}
