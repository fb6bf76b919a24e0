import { useMutation } from '@tanstack/react-query';
import { apiDownload } from '@/lib/api-client';

/** A CSV export of one stream; `fallbackName` is used when the Api names no file. */
export interface CsvExport {
  path: string;
  fallbackName: string;
}

const streamPath = (streamId: string) => `/livestreams/${encodeURIComponent(streamId)}/analytics`;

export const csvExports = {
  series: (streamId: string, resolution: number): CsvExport => ({
    path: `${streamPath(streamId)}/series.csv?resolution=${resolution}`,
    fallbackName: `${streamId}-series-${resolution}s.csv`,
  }),
  viewers: (streamId: string): CsvExport => ({
    path: `${streamPath(streamId)}/viewers.csv`,
    fallbackName: `${streamId}-viewers.csv`,
  }),
};

/**
 * Fetches the CSV with the bearer token and hands it to the browser as a download: a plain link cannot carry the token.
 */
export async function downloadCsv({ path, fallbackName }: CsvExport): Promise<void> {
  const file = await apiDownload(path, { auth: true });
  const url = URL.createObjectURL(file.blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = file.filename ?? fallbackName;
  document.body.append(link);
  link.click();
  link.remove();
  // After the click has started the download.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

export const useCsvDownload = () => useMutation({ mutationFn: downloadCsv });
