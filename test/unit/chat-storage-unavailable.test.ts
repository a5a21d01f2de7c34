import { describe, expect, it } from 'vitest';
import { handleChatCommand } from '../../src/chat/handle-chat-command.js';
import { parseChatCommand } from '../../src/chat/parse-chat-command.js';
import { DoraflowError } from '../../src/domain/doraflow-error.js';
import { createTeam } from '../../src/domain/team.js';
import { DEFAULT_TENANT } from '../../src/domain/tenant.js';
import { createReports } from '../../src/reports/create-reports.js';
import { openMemoryStorage } from '../../src/storage/memory/open-memory-storage.js';

describe('a chat command whose store is unreachable', () => {
  it('tells the person what failed, and warns the operator with the tenant and the error alone', async () => {
    const storage = openMemoryStorage();
    await storage.teams.save(DEFAULT_TENANT, createTeam('payments', { services: ['api'] }));
    const reports = createReports(storage);
    const warnings: Array<{ fields: Record<string, unknown>; message: string }> = [];
    reports.build = async () => {
      throw new DoraflowError('DORAFLOW_ERR_STORAGE_UNAVAILABLE', 'MongoDB unavailable: connection 3 closed');
    };
    const reply = await handleChatCommand(
      {
        storage,
        reports,
        now: () => Date.parse('2026-11-20T12:00:00Z'),
        log: {
          warn: (fields: Record<string, unknown>, message: string) => warnings.push({ fields, message }),
        } as never,
      },
      {
        tenant: DEFAULT_TENANT,
        platform: 'slack',
        channelId: 'C1',
        userId: 'U1',
        prefix: '/dora',
        private: false,
        isAdmin: async () => false,
      },
      parseChatCommand('payments'),
    );
    expect(reply).toMatchObject({
      kind: 'text',
      error: true,
      text: 'MongoDB unavailable: connection 3 closed',
    });
    expect(warnings).toEqual([
      {
        fields: { tenant: DEFAULT_TENANT, err: 'MongoDB unavailable: connection 3 closed' },
        message: 'chat command: storage unavailable',
      },
    ]);
  });
});
