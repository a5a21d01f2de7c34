import { DoraflowError } from './doraflow-error.js';

/** A tenant is a Slack workspace, a Teams tenant, or `default` for a single-workspace install. */
export type TenantId = string & { readonly __brand: 'TenantId' };

export const DEFAULT_TENANT = 'default' as TenantId;

const TENANT_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/;

export function toTenantId(value: string): TenantId {
  if (!TENANT_PATTERN.test(value)) {
    throw new DoraflowError('DORAFLOW_ERR_BAD_REQUEST', `invalid tenant id "${value.slice(0, 40)}"`, {
      path: 'tenant',
    });
  }
  return value as TenantId;
}
