import { createContext, useContext, useEffect, useEffectEvent } from 'react';
import type { StreamAnnouncement } from '@/types/api';

export type AnnouncementListener = (announcement: StreamAnnouncement) => void;

/**
 * Hands a stream's announcements (chat, moderation, stage, edits) from its one event stream to every part of the page
 * that follows them, each applying only what it shows.
 */
export class AnnouncementBus {
  private readonly listeners = new Set<AnnouncementListener>();

  subscribe(listener: AnnouncementListener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  publish(announcement: StreamAnnouncement): void {
    for (const listener of [...this.listeners]) {
      listener(announcement);
    }
  }
}

/** The stream page's bus (useStreamEvents makes it); null outside a stream page. */
export const StreamAnnouncementsContext = createContext<AnnouncementBus | null>(null);

/** Calls `handler` (its latest version) with each announcement of the stream page this is rendered in. */
export function useStreamAnnouncement(handler: AnnouncementListener): void {
  const bus = useContext(StreamAnnouncementsContext);
  const onAnnouncement = useEffectEvent(handler);
  useEffect(() => bus?.subscribe((announcement) => onAnnouncement(announcement)), [bus]);
}
