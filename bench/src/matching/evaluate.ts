/**
 * Pairwise evaluation of duplicate clusters against ground truth: every pair of records inside a
 * predicted cluster is a predicted match, every pair inside a true cluster is a true match
 * (the usual measure for deduplication, counting transitive pairs on both sides).
 */

export interface Quality {
  precision: number;
  recall: number;
  f1: number;
  truePairs: number;
  predictedPairs: number;
  correctPairs: number;
}

function pairKey(a: string, b: string): string {
  return a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`;
}

function pairsOf(groups: Iterable<readonly string[]>): Set<string> {
  const pairs = new Set<string>();
  for (const group of groups) {
    for (let i = 0; i < group.length; i++) {
      for (let j = i + 1; j < group.length; j++) pairs.add(pairKey(group[i]!, group[j]!));
    }
  }
  return pairs;
}

/** Groups record ids by their true entity. */
export function groupsBy(entities: ReadonlyMap<string, string>): string[][] {
  const groups = new Map<string, string[]>();
  for (const [id, entity] of entities) {
    const group = groups.get(entity);
    if (group) group.push(id);
    else groups.set(entity, [id]);
  }
  return [...groups.values()].filter((group) => group.length > 1);
}

export function evaluate(
  predicted: Iterable<readonly string[]>,
  truth: Iterable<readonly string[]>,
): Quality {
  const truePairs = pairsOf(truth);
  const predictedPairs = pairsOf(predicted);
  let correct = 0;
  for (const pair of predictedPairs) if (truePairs.has(pair)) correct++;
  const precision = predictedPairs.size ? correct / predictedPairs.size : 1;
  const recall = truePairs.size ? correct / truePairs.size : 1;
  const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
  return {
    precision,
    recall,
    f1,
    truePairs: truePairs.size,
    predictedPairs: predictedPairs.size,
    correctPairs: correct,
  };
}
