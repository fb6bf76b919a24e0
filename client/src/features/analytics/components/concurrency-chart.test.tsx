import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { scenarioAnalytics } from '@/testing/analytics-fixtures';
import { concurrencyPoints, seriesColumns, summaryPeak } from '../api/chart-data';
import { ConcurrencyChart } from './concurrency-chart';

const { series, summary, startedAt } = scenarioAnalytics;

function renderScenario(peak = summaryPeak(summary, startedAt)) {
  return render(<ConcurrencyChart label="Viewers and hosts over time" points={concurrencyPoints(seriesColumns(series), 600)} peak={peak} />);
}

describe('ConcurrencyChart', () => {
  it('marks the scenario’s peak: 5 viewers, first at T0 + 60 s, labelled in elapsed time', () => {
    renderScenario();
    const marker = screen.getByTestId('peak-marker');
    expect(marker.getAttribute('data-peak')).toBe('5');
    expect(marker.getAttribute('data-peak-at')).toBe('2026-01-01T12:01:00.000Z');
    expect(marker.getAttribute('data-peak-seconds')).toBe('60');
    expect(screen.getByText('Peak 5 at 1:00')).toBeTruthy();
  });

  it('draws viewers as an area and hosts as a line over elapsed time, with whole-number counts', () => {
    const { container } = renderScenario();
    expect(container.querySelector('.recharts-area-area')).not.toBeNull();
    expect(container.querySelector('.recharts-line-curve')).not.toBeNull();
    const xTicks = [...container.querySelectorAll('.recharts-xAxis-tick-labels text')].map((tick) => tick.textContent);
    expect(xTicks).toEqual(['0:00', '2:00', '4:00', '6:00', '8:00', '10:00']);
    const yTicks = [...container.querySelectorAll('.recharts-yAxis-tick-labels text')].map((tick) => tick.textContent);
    expect(yTicks.every((tick) => Number.isInteger(Number(tick)))).toBe(true);
    expect(Math.max(...yTicks.map(Number))).toBeGreaterThanOrEqual(5);
    expect(screen.getByText('Viewers')).toBeTruthy();
    expect(screen.getByText('Hosts')).toBeTruthy();
  });

  it('has no marker when nobody watched', () => {
    renderScenario(null);
    expect(screen.queryByTestId('peak-marker')).toBeNull();
  });
});
