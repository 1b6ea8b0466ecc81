import { describe, expect, it } from 'vitest';
import { addCounts, scoreDocument, scores, type Span } from '../../lib/eval/score';

const span = (start: number, end: number, kind: Span['kind'], text = ''): Span => ({ start, end, kind, text });

describe('scoreDocument', () => {
  it('counts exact spans of the right kind as hits, others as misses and spurious detections', () => {
    const gold = [span(0, 5, 'place', 'Kyiv.'), span(10, 24, 'place', 'Donetsk region'), span(30, 35, 'person', 'Putin')];
    const found = [span(0, 5, 'place'), span(10, 17, 'place'), span(30, 35, 'organization'), span(40, 44, 'place')];
    const result = scoreDocument(gold, found);
    expect(result.strict).toEqual({ truePositives: 1, falsePositives: 3, falseNegatives: 2 });
    // "Donetsk" inside "Donetsk region" overlaps with the same kind; the person/organization clash does not count.
    expect(result.overlap).toEqual({ truePositives: 2, falsePositives: 2, falseNegatives: 1 });
    expect(result.byKind.place).toEqual({ truePositives: 1, falsePositives: 2, falseNegatives: 1 });
    expect(result.byKind.person).toEqual({ truePositives: 0, falsePositives: 0, falseNegatives: 1 });
    expect(result.missed.map((m) => m.text)).toEqual(['Donetsk region', 'Putin']);
    expect(result.spurious).toHaveLength(3);
  });

  it('pairs each gold mention with one detection only', () => {
    const result = scoreDocument([span(0, 10, 'place')], [span(0, 4, 'place'), span(5, 10, 'place')]);
    expect(result.overlap).toEqual({ truePositives: 1, falsePositives: 1, falseNegatives: 0 });
  });
});

describe('scores', () => {
  it('computes precision, recall and F1 from summed counts', () => {
    const total = addCounts({ truePositives: 6, falsePositives: 2, falseNegatives: 1 }, { truePositives: 2, falsePositives: 0, falseNegatives: 3 });
    const result = scores(total);
    expect(result.precision).toBeCloseTo(0.8);
    expect(result.recall).toBeCloseTo(8 / 12);
    expect(result.f1).toBeCloseTo((2 * 0.8 * (8 / 12)) / (0.8 + 8 / 12));
  });
});
