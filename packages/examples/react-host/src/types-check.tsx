/**
 * Compile-time proof that the generated JSX declarations, not `any`, type Kehu's elements: each
 * `@ts-expect-error` below must meet an error, or `tsc` fails on the unused directive. (Never
 * imported by the app; only the type-check reads it.)
 */
import type { Crm } from '@kehu/core';

export function TypesCheck({ crm }: { crm: Crm }) {
  return (
    <>
      <kehu-pipeline-board crm={crm} page-size={25} onkehu-deal-select={(e) => e.detail.deal.accountId} />
      {/* @ts-expect-error crm is a Crm, not a string */}
      <kehu-pipeline-board crm="crm" />
      {/* @ts-expect-error page-size is a number */}
      <kehu-pipeline-board page-size="25" />
      {/* @ts-expect-error a selected deal has no `customer` */}
      <kehu-pipeline-board onkehu-deal-select={(e) => e.detail.customer} />
      {/* @ts-expect-error variant is 'full' or 'compact' */}
      <kehu-customer-card variant="wide" />
      {/* @ts-expect-error a logged activity's detail carries `activity`, not `deal` */}
      <kehu-customer-card onkehu-activity-logged={(e) => e.detail.deal} />
      {/* @ts-expect-error no such element */}
      <kehu-pipeline-bord />
    </>
  );
}
