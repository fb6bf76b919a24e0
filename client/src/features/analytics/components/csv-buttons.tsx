import { errorMessage } from '@/lib/api-client';
import { csvExports, useCsvDownload, type CsvExport } from '../api/download-csv';
import { resolutionLabel } from '../api/analytics-rules';

/** Downloads of the series (at the chosen resolution) and of the per-viewer figures. */
export function CsvButtons({ streamId, resolution }: { streamId: string; resolution: number }) {
  const download = useCsvDownload();
  const button = (label: string, file: CsvExport) => (
    <button type="button" className="button button-quiet button-small" disabled={download.isPending} onClick={() => download.mutate(file)}>
      {label}
    </button>
  );
  return (
    <div className="csv-buttons">
      {button(`Series CSV (${resolutionLabel(resolution)})`, csvExports.series(streamId, resolution))}
      {button('Viewers CSV', csvExports.viewers(streamId))}
      {download.isError ? (
        <span className="field-error" role="alert">
          Could not download: {errorMessage(download.error)}
        </span>
      ) : null}
    </div>
  );
}
