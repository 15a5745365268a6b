// The score histogram's bins: one per point when every grading has the same small integer maximum, else tenths.
import type { Result } from '../../result/types.js';

/** One bar of the histogram: gradings whose score (points or percent, per `unit`) lies in [from, to]. */
export interface HistogramBin {
  label: string;
  from: number;
  to: number;
  count: number;
}

/** The histogram of complete gradings. */
export interface Histogram {
  unit: 'points' | 'percent';
  /** The common maximum score when unit is points. */
  maxScore: number | null;
  total: number;
  bins: HistogramBin[];
}

/** Most bins that per-point binning may produce (beyond it, tenths). */
export const MAX_POINT_BINS = 21;

/** A score as a percentage of its maximum (0 when the maximum is 0). */
export function percentOf(score: number, maxScore: number): number {
  return maxScore > 0 ? (100 * score) / maxScore : 0;
}

/** Bins the given (complete) results by score. */
export function scoreHistogram(results: Pick<Result, 'score' | 'maxScore'>[]): Histogram {
  const maxima = new Set(results.map((r) => r.maxScore));
  const [max] = maxima;
  const byPoint =
    maxima.size === 1 && max !== undefined && Number.isInteger(max) && max + 1 <= MAX_POINT_BINS && results.every((r) => Number.isInteger(r.score));
  if (byPoint) {
    const bins = Array.from({ length: max + 1 }, (_, k): HistogramBin => ({ label: String(k), from: k, to: k, count: 0 }));
    for (const r of results) {
      const bin = bins[Math.min(max, Math.max(0, r.score))];
      if (bin) bin.count += 1;
    }
    return { unit: 'points', maxScore: max, total: results.length, bins };
  }
  const bins = Array.from({ length: 10 }, (_, k): HistogramBin => ({ label: `${k * 10}–${k * 10 + 10}%`, from: k * 10, to: k === 9 ? 100 : k * 10 + 10, count: 0 }));
  for (const r of results) {
    const bin = bins[Math.min(9, Math.max(0, Math.floor(percentOf(r.score, r.maxScore) / 10)))];
    if (bin) bin.count += 1;
  }
  return { unit: 'percent', maxScore: null, total: results.length, bins };
}
