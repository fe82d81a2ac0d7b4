/**
 * @kehu/adapter-graphql — Kehu's storage contract against a Kehu GraphQL server (`schema.graphql`,
 * shipped with this package; the reference server is `@kehu/example-server`).
 */

export { createKehuActions, type LeadCaptured } from './actions.ts';
export { fromWireError } from './errors.ts';
export { createGraphQLStore, type GraphQLStore, type GraphQLStoreOptions } from './graphql-store.ts';
