import { act } from '@testing-library/react';
import type { ReactNode } from 'react';
import { AnnouncementBus, StreamAnnouncementsContext } from '@/features/livestreams/hooks/stream-announcements';
import type { StreamAnnouncement } from '@/types/api';
import { renderPage } from './test-utils';

/** Renders a part of the stream page with a bus the test publishes announcements on (as the stream's events would). */
export function renderWithAnnouncements(ui: ReactNode): ReturnType<typeof renderPage> & {
  bus: AnnouncementBus;
  announce: (announcement: StreamAnnouncement) => void;
} {
  const bus = new AnnouncementBus();
  const rendered = renderPage(<StreamAnnouncementsContext value={bus}>{ui}</StreamAnnouncementsContext>);
  return { ...rendered, bus, announce: (announcement) => act(() => bus.publish(announcement)) };
}


/**
 * jsdom lays nothing out: give every element a visible height (`clientHeight`, what a scrolling box shows) and a row
 * height (`offsetHeight`, what a virtualised list measures each row at), so a virtualised list renders the rows in view.
 * Returns the undo.
 */
export function giveElementsHeight(height = 600, rowHeight = 40): () => void {
  const saved = (['clientHeight', 'offsetHeight'] as const).map(
    (name) => [name, Object.getOwnPropertyDescriptor(HTMLElement.prototype, name)] as const,
  );
  Object.defineProperty(HTMLElement.prototype, 'clientHeight', { configurable: true, get: () => height });
  Object.defineProperty(HTMLElement.prototype, 'offsetHeight', { configurable: true, get: () => rowHeight });
  return () => {
    for (const [name, descriptor] of saved) {
      if (descriptor) {
        Object.defineProperty(HTMLElement.prototype, name, descriptor);
      }
    }
  };
}
