// What a recorded history (the CLI's JSON form) says about the code that made it: the `patched()` markers
// it holds. The ids are inside the markers' payloads, base64-encoded JSON, so a plain text search misses them.
import { readFileSync } from 'node:fs';

interface Payload {
  data?: string;
}
interface HistoryJson {
  events?: { markerRecordedEventAttributes?: { markerName?: string; details?: Record<string, { payloads?: Payload[] }> } }[];
}

export function patchesOf(file: URL | string): string[] {
  const history = JSON.parse(readFileSync(file, 'utf8')) as HistoryJson;
  const ids: string[] = [];
  for (const event of history.events ?? []) {
    const marker = event.markerRecordedEventAttributes;
    if (marker?.markerName !== 'core_patch') continue;
    for (const payload of marker.details?.['patch-data']?.payloads ?? []) {
      if (payload.data) ids.push((JSON.parse(Buffer.from(payload.data, 'base64').toString('utf8')) as { id: string }).id);
    }
  }
  return ids;
}
