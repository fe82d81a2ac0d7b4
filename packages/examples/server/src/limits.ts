/**
 * Request limits: how deep and how costly a document may be (two small validation rules, so a
 * hostile query is refused before anything runs), and a sliding-window rate limiter for the public
 * lead capture. The limiter lives in this process: behind several instances, give each the share
 * of the limit it should enforce or move the windows to a shared store (Redis, Postgres).
 */

import type { GraphQLError } from 'graphql';
import {
  type ASTVisitor,
  type FragmentDefinitionNode,
  Kind,
  type SelectionSetNode,
  type ValidationContext,
} from 'graphql';
import { createGraphQLError } from 'graphql-yoga';

export interface Limits {
  /** Deepest selection nesting, counting the root field as 1. Default 6. */
  maxDepth: number;
  /** Most fields a document may select, fragments expanded, aliases counted. Default 300. */
  maxCost: number;
  /** Largest page `query` answers; also its default when no `limit` is given. Default 1000. */
  maxPageSize: number;
  /** Most ids per `getMany`. Default 1000. */
  maxIds: number;
  /** Largest request body in bytes (GraphQL); larger is 413. Default 16 MiB. */
  maxBodyBytes: number;
  /** Largest lead-form body in bytes; larger is 413. Default 64 KiB. */
  maxFormBodyBytes: number;
}

export const defaultLimits: Limits = {
  maxDepth: 6,
  maxCost: 300,
  maxPageSize: 1000,
  maxIds: 1000,
  maxBodyBytes: 16 * 1024 * 1024,
  maxFormBodyBytes: 64 * 1024,
};

function refuse(message: string, details: Record<string, unknown>): GraphQLError {
  return createGraphQLError(message, { extensions: { code: 'VALIDATION', issues: [], details } });
}

/** Walks a selection set, expanding fragments (each at most once per path, so cycles end). */
function measure(
  selectionSet: SelectionSetNode,
  fragments: Record<string, FragmentDefinitionNode>,
  depth: number,
  seen: ReadonlySet<string>,
): { depth: number; cost: number } {
  let deepest = depth;
  let cost = 0;
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      cost += 1;
      if (selection.selectionSet) {
        const inner = measure(selection.selectionSet, fragments, depth + 1, seen);
        deepest = Math.max(deepest, inner.depth);
        cost += inner.cost;
      } else {
        deepest = Math.max(deepest, depth + 1);
      }
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      const inner = measure(selection.selectionSet, fragments, depth, seen);
      deepest = Math.max(deepest, inner.depth);
      cost += inner.cost;
    } else {
      const name = selection.name.value;
      const fragment = fragments[name];
      if (!fragment || seen.has(name)) continue;
      const inner = measure(fragment.selectionSet, fragments, depth, new Set([...seen, name]));
      deepest = Math.max(deepest, inner.depth);
      cost += inner.cost;
    }
  }
  return { depth: deepest, cost };
}

/** A validation rule refusing operations deeper than `maxDepth` or selecting more than `maxCost` fields. */
export function shapeLimitRule(limits: Pick<Limits, 'maxDepth' | 'maxCost'>) {
  return (context: ValidationContext): ASTVisitor => {
    const document = context.getDocument();
    const fragments: Record<string, FragmentDefinitionNode> = {};
    for (const definition of document.definitions) {
      if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments[definition.name.value] = definition;
    }
    return {
      OperationDefinition(node) {
        const { depth, cost } = measure(node.selectionSet, fragments, 0, new Set());
        if (depth > limits.maxDepth) {
          context.reportError(
            refuse(`The query is ${depth} levels deep; the limit is ${limits.maxDepth}`, {
              depth,
              maxDepth: limits.maxDepth,
            }),
          );
        }
        if (cost > limits.maxCost) {
          context.reportError(
            refuse(`The query selects ${cost} fields; the limit is ${limits.maxCost}`, {
              cost,
              maxCost: limits.maxCost,
            }),
          );
        }
      },
    };
  };
}

export interface RateLimitOptions {
  /** Requests allowed per window. */
  max: number;
  windowMs: number;
}

/** A sliding-window counter per key. `take` records a hit and says whether it is allowed. */
export class SlidingWindowLimiter {
  private readonly hits = new Map<string, number[]>();

  constructor(
    private readonly options: RateLimitOptions,
    private readonly now: () => number = Date.now,
  ) {}

  take(key: string): { allowed: boolean; retryAfterMs: number } {
    const now = this.now();
    const since = now - this.options.windowMs;
    const recent = (this.hits.get(key) ?? []).filter((at) => at > since);
    if (recent.length >= this.options.max) {
      this.hits.set(key, recent);
      return { allowed: false, retryAfterMs: recent[0]! + this.options.windowMs - now };
    }
    recent.push(now);
    this.hits.set(key, recent);
    // Forget idle keys now and then so a flood of distinct IPs cannot grow the map for ever.
    if (this.hits.size > 10_000) {
      for (const [k, times] of this.hits) if ((times[times.length - 1] ?? 0) <= since) this.hits.delete(k);
    }
    return { allowed: true, retryAfterMs: 0 };
  }
}
