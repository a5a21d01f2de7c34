import type { webApi } from '@slack/bolt';
import type { Logger } from 'pino';
import type { ChartImage } from '../../render/charts/chart-image.js';
import { type ChatReply, chartOf } from '../../render/chat-reply.js';

/**
 * Uploads a chart as a private file of the bot (`files.getUploadURLExternal`, the bytes, then
 * `files.completeUploadExternal` without a channel), so a message can show it in an image block
 * without any public URL. Needs the `files:write` scope. Resolves with the file id.
 */
export async function uploadChart(client: webApi.WebClient, chart: ChartImage): Promise<string> {
  const filename = `${chart.title.replace(/[^\w.-]+/g, '-').replace(/^-|-$/g, '') || 'doraflow-chart'}.png`;
  const { upload_url: uploadUrl, file_id: fileId } = await client.files.getUploadURLExternal({
    filename,
    length: chart.png.length,
    alt_text: chart.alt.slice(0, 1_000),
  });
  if (!uploadUrl || !fileId) throw new Error('files.getUploadURLExternal gave no upload URL');
  const uploaded = await fetch(uploadUrl, {
    method: 'POST',
    body: chart.png,
    signal: AbortSignal.timeout(15_000),
  });
  if (!uploaded.ok) throw new Error(`the chart upload answered ${uploaded.status}`);
  await client.files.completeUploadExternal({ files: [{ id: fileId, title: chart.title }] });
  return fileId;
}

/**
 * Uploads the chart a reply carries: its file id, or `undefined` when there is none or the upload
 * failed (the reply goes without its picture; its text says the same).
 */
export async function uploadReplyChart(
  client: webApi.WebClient,
  reply: ChatReply,
  log: Logger,
): Promise<string | undefined> {
  const chart = chartOf(reply);
  if (!chart) return undefined;
  try {
    return await uploadChart(client, chart);
  } catch (error) {
    const reason =
      (error as { data?: { error?: string }; message?: string }).data?.error ?? (error as Error).message;
    log.warn({ err: reason }, 'chart not uploaded (is the files:write scope granted?); sending without it');
    return undefined;
  }
}
