import { describe, expect, it } from 'vitest';
import { attachmentName } from './api-client';

describe('attachmentName', () => {
  it.each([
    // ASP.NET Core's TypedResults.File(…, fileName) writes both forms.
    ["attachment; filename=abc-series-10s.csv; filename*=UTF-8''abc-series-10s.csv", 'abc-series-10s.csv'],
    ['attachment; filename="abc-viewers.csv"', 'abc-viewers.csv'],
    ['attachment', null],
    [null, null],
  ])('reads the file name in %j as %j', (disposition, expected) => {
    expect(attachmentName(disposition)).toBe(expected);
  });
});
