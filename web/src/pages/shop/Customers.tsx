// The shop's customers (everyone who redeemed there, with their contact for this shop) and its
// loyalty members, both live, searchable by one box and sortable by any column.
import { Alert, Stack, Table, Text, VisuallyHidden } from "@mantine/core";
import { useLoyaltyMembers, useShopCustomers } from "@storepulse/client/react";
import { useState } from "react";
import { ActionButton } from "../../components/ActionButton";
import { Panel } from "../../components/Panel";
import { matching, SearchBox, sorted, SortTh, useSorting } from "../../components/Sortable";
import { TableScroll } from "../../components/TableScroll";
import { When } from "../../components/When";
import { plural } from "../../format";
import { useInvite } from "./invite";

function nothingFound(search: string, none: string): string {
  return search.trim() ? `Nobody matches “${search.trim()}”.` : none;
}

export function Customers({ shopId }: { shopId: string }) {
  const customers = useShopCustomers(shopId, { limit: 50 });
  const members = useLoyaltyMembers(shopId, { limit: 50 });
  const [outcome, invite] = useInvite(shopId);
  const [search, setSearch] = useState("");
  const customerSort = useSorting<"name" | "email" | "redemptions" | "last">("last", "descending");
  const memberSort = useSorting<"name" | "points" | "last">("points", "descending");
  const customerRows = sorted(
    matching(customers.data ?? [], search, (c) => `${c.customerName} ${c.email ?? ""} ${c.phone ?? ""}`),
    customerSort,
    {
      name: (c) => c.customerName,
      email: (c) => c.email ?? c.phone,
      redemptions: (c) => c.redemptionCount,
      last: (c) => c.lastRedemptionAt,
    },
  );
  const memberRows = sorted(
    matching(members.data ?? [], search, (m) => m.customerName),
    memberSort,
    { name: (m) => m.customerName, points: (m) => m.balance, last: (m) => m.lastActivityAt },
  );
  return (
    <Stack>
      <SearchBox label="Search customers and members" value={search} onChange={setSearch} />
      <Panel
        title="Customers"
        read={customers}
        empty={customerRows.length === 0 && nothingFound(search, "No customers yet: a customer appears here after their first redemption.")}
      >
        {outcome && (
          <Alert color="indigo" mb="sm" data-testid="invite-outcome">
            {outcome}
          </Alert>
        )}
        {customerRows.length > 0 && (
          <TableScroll label="Customers table">
            <Table striped miw={640}>
              <Table.Thead>
                <Table.Tr>
                  <SortTh column="name" sorting={customerSort}>
                    Customer
                  </SortTh>
                  <SortTh column="email" sorting={customerSort}>
                    Contact
                  </SortTh>
                  <SortTh column="redemptions" sorting={customerSort}>
                    Redemptions
                  </SortTh>
                  <SortTh column="last" sorting={customerSort}>
                    Last visit
                  </SortTh>
                  <Table.Th>
                    <VisuallyHidden>Invite</VisuallyHidden>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody data-testid="shop-customers">
                {customerRows.map((customer) => (
                  <Table.Tr key={customer.id}>
                    <Table.Td fw={600}>{customer.customerName}</Table.Td>
                    <Table.Td>
                      <Text size="sm">{customer.email ?? ""}</Text>
                      <Text size="xs" c="dimmed">
                        {customer.phone ?? ""}
                      </Text>
                    </Table.Td>
                    <Table.Td>{plural(customer.redemptionCount, "redemption", "redemptions")}</Table.Td>
                    <Table.Td>
                      <When date={customer.lastRedemptionAt} />
                    </Table.Td>
                    <Table.Td>
                      <ActionButton
                        size="compact-sm"
                        variant="light"
                        aria-label={`Invite ${customer.customerName} to the loyalty program`}
                        act={() => invite({ customerId: customer.customerId }, customer.customerName)}
                      >
                        Invite
                      </ActionButton>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </TableScroll>
        )}
      </Panel>
      <Panel
        title="Loyalty members"
        read={members}
        empty={memberRows.length === 0 && nothingFound(search, "No members yet: scan a customer's QR code or invite them to join.")}
      >
        {memberRows.length > 0 && (
          <TableScroll label="Loyalty members table">
            <Table striped miw={420}>
              <Table.Thead>
                <Table.Tr>
                  <SortTh column="name" sorting={memberSort}>
                    Member
                  </SortTh>
                  <SortTh column="points" sorting={memberSort}>
                    Points
                  </SortTh>
                  <SortTh column="last" sorting={memberSort}>
                    Last activity
                  </SortTh>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody data-testid="loyalty-members">
                {memberRows.map((member) => (
                  <Table.Tr key={member.id}>
                    <Table.Td fw={600}>{member.customerName}</Table.Td>
                    <Table.Td>{plural(member.balance, "point", "points")}</Table.Td>
                    <Table.Td>
                      <When date={member.lastActivityAt} />
                    </Table.Td>
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
