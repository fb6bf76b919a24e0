import { render } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { scenarioAnalytics } from '@/testing/analytics-fixtures';
import { WatchTimeChart } from './watch-time-chart';

describe('WatchTimeChart', () => {
  it('draws a bar per watch-time bin, as tall as its viewers', () => {
    const { container } = render(<WatchTimeChart label="Viewers by total watch time" distribution={scenarioAnalytics.distribution} />);
    const bins = [...container.querySelectorAll('.recharts-xAxis-tick-labels text')].map((tick) => tick.textContent);
    expect(bins).toEqual(['<1 m', '1–5 m', '5–15 m', '15–30 m', '30–60 m', '1–2 h', '≥2 h']);
    // The scenario: 1 viewer under a minute, 4 from 1 to 5, 2 from 5 to 15; no bar where nobody is.
    const heights = [...container.querySelectorAll('.recharts-bar-rectangle path')].map((bar) => Number(bar.getAttribute('height')));
    expect(heights).toHaveLength(3);
    const [under1, from1to5, from5to15] = heights as [number, number, number];
    expect(from1to5 / under1).toBeCloseTo(4);
    expect(from5to15 / under1).toBeCloseTo(2);
  });
});
