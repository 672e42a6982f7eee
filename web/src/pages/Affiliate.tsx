// An affiliate's page: its live figures (redemptions, commission in its currency, customers
// acquired) and the customers it acquired (no contact data exists here).
import { Stack, Table, Title } from "@mantine/core";
import { useAffiliateCustomers } from "@storepulse/client/react";
import { Panel } from "../components/Panel";
import { TableScroll } from "../components/TableScroll";
import { StatsStrip } from "../components/StatsStrip";
import { money, plural } from "../format";

export function Affiliate({ affiliateId }: { affiliateId: string }) {
  const customers = useAffiliateCustomers(affiliateId, { limit: 50 });
  const rows = customers.data ?? [];
  return (
    <Stack>
      <Title order={1}>Your referrals</Title>
      <StatsStrip scopeId={`affiliate_${affiliateId}`} />
      <Panel
        title="Acquired customers"
        read={customers}
        empty={rows.length === 0 && "No customers yet: they appear here when they redeem one of your coupons."}
      >
        {rows.length > 0 && (
          <TableScroll label="Acquired customers table">
            <Table striped miw={360}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Customer</Table.Th>
                  <Table.Th>Redemptions</Table.Th>
                  <Table.Th ta="right">Commission</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody data-testid="acquired">
                {rows.map((customer) => (
                  <Table.Tr key={customer.id}>
                    <Table.Td>{customer.customerName}</Table.Td>
                    <Table.Td>{plural(customer.redemptionCount, "redemption", "redemptions")}</Table.Td>
                    <Table.Td ta="right">{money(customer.commissionCents)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </TableScroll>
        )}
      </Panel>
    </Stack>
  );
}
