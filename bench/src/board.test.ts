// The board benchmark at a tiny size: it runs in Chromium and every side renders its cards.
import { describe, expect, it } from 'vitest';
import { boardBenchmarks } from './board.bench.ts';

describe('board benchmark', () => {
  it('renders every board and moves a card by keyboard', async () => {
    const measurements = await boardBenchmarks([200], { time: 5, iterations: 1 });
    expect(measurements.map((m) => m.name)).toEqual([
      'board/first-render',
      'board/first-render-vs-vanilla',
      'board/keyboard-move',
      'board/bundle',
    ]);
    expect(measurements.at(-1)?.kb_gzip).toBeLessThanOrEqual(45);
  }, 180_000);
});
