import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { scenarioAnalytics } from '@/testing/analytics-fixtures';
import { RetentionChart } from './retention-chart';

describe('RetentionChart', () => {
  it('draws one line per offset the stream lasted long enough for, by minute, in %', () => {
    const { container } = render(<RetentionChart label="Share of viewers still watching later" retention={scenarioAnalytics.retention} />);
    expect(container.querySelectorAll('.recharts-line')).toHaveLength(2);
    expect(screen.getByText('1 min later')).toBeTruthy();
    expect(screen.getByText('5 min later')).toBeTruthy();
    // A 10-minute stream has nothing to say 10 or 30 minutes on.
    expect(screen.queryByText('10 min later')).toBeNull();
    const minutes = [...container.querySelectorAll('.recharts-xAxis-tick-labels text')].map((tick) => tick.textContent);
    expect(minutes.every((minute) => /^\dm$/.test(minute))).toBe(true);
    expect(minutes.at(-1)).toBe('9m');
    const percents = [...container.querySelectorAll('.recharts-yAxis-tick-labels text')].map((tick) => tick.textContent);
    expect(percents.at(-1)).toBe('100%');
  });
});
