// Failed payments, newest first and live: who (with their contact, to call them back), the order,
// how much and by what, the error's code and message, when. `payment-errors/{errorId}` marks one.
import { Badge, Table, Text } from "@mantine/core";
import type { Item } from "@storepulse/client";
import { usePaymentErrors } from "@storepulse/client/react";
import { Panel } from "../../components/Panel";
import { TableScroll } from "../../components/TableScroll";
import { When } from "../../components/When";
import { money } from "../../format";

/** What was in the cart: "2 × Croissant, 1 × Baguette". */
function itemsOf(items: readonly Item[]): string {
  return items.map((item) => `${String(item.qty)} × ${item.name}`).join(", ");
}

export function PaymentErrors({ shopId, chosen }: { shopId: string; chosen: string | undefined }) {
  // The read is newest first (createdAt descending).
  const errors = usePaymentErrors(shopId, { limit: 20 });
  const rows = errors.data ?? [];
  return (
    <Panel
      title="Payment errors"
      read={errors}
      empty={rows.length === 0 && "No failed payments: when a customer's payment fails, it appears here with their contact."}
    >
      {rows.length > 0 && (
        <TableScroll label="Payment errors table">
          <Table miw={760} verticalSpacing="sm">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>When</Table.Th>
                <Table.Th>Customer</Table.Th>
                <Table.Th>Order</Table.Th>
                <Table.Th>Error</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody data-testid="payment-errors">
              {rows.map((error) => (
                <Table.Tr
                  key={error.id}
                  data-error-id={error.id}
                  aria-current={error.id === chosen ? "true" : undefined}
                  bg={error.id === chosen ? "indigo.0" : "transparent"}
                >
                  <Table.Td>
                    <When date={error.createdAt} />
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" fw={600}>
                      {error.customer?.name ?? "A visitor"}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {[error.customer?.phone, error.customer?.email].filter(Boolean).join(" · ") || "no contact left"}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">
                      {money(error.amountCents, error.currency)} by {error.method}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {itemsOf(error.items)}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Badge color="red" variant="light" tt="none">
                      {error.errorCode}
                    </Badge>
                    <Text size="sm">{error.errorMessage}</Text>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </TableScroll>
      )}
    </Panel>
  );
}
